"""Messages of the annual cycle (cycle/: rollforward, collect, diff): id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # cycle/rollforward.py
    "rollforward.left_out": ("事業番号 {number}「{name}」は {year} の主要事務事業ではないため、次の版には載せません",
                             'program {number} "{name}" is not a major program in {year}, '
                             "so it is left out of the next edition"),
    # cycle/collect.py
    "collect.no_return": ("{division} からの回答がまだありません", "no return from {division} yet"),
    "collect.years_differ": ("年度が下書き（{draft}）と違います（{returned}）",
                             "the fiscal years ({returned}) differ from the draft ({draft})"),
    "collect.several_divisions": ("一つの担当課の事業だけを返してください（{names}）",
                                  "return the programs of one division only (found: {names})"),
    "collect.not_in_draft": ("下書きに {bureau} {division} の事業はありません",
                             "the draft has no programs of {bureau} {division}"),
    "collect.two_returns": ("{division} の回答が二つあります（先のファイル: {first}）",
                            "two returns from {division} (the first: {first})"),
    "collect.program_added": ("事業番号 {number} は下書きにありません（追加はできません）",
                              "program {number} is not in the draft (programs cannot be added)"),
    "collect.other_division": ("事業番号 {number} は {division} の事業です", "program {number} belongs to {division}"),
    "collect.locked": ("事業番号 {number} の{field}は変更できません（「{before}」→「{after}」）",
                       'program {number}: {field} cannot be changed ("{before}" → "{after}")'),
    "collect.program_removed": ("事業番号 {number}「{name}」がありません（削除はできません）",
                                'program {number} "{name}" is missing (programs cannot be removed)'),
    # cycle/diff.py: the lines of `reportgen diff` and of a change report's list
    # ({field}: the column's name; in English with its English heading)
    "diff.added": ("{bureau} 事業番号 {number}: 追加「{name}」", '{bureau} program {number}: added "{name}"'),
    "diff.removed": ("{bureau} 事業番号 {number}: 削除「{name}」", '{bureau} program {number}: removed "{name}"'),
    "diff.budget": ("{bureau} 事業番号 {number}: {field} {old} → {new}", "{bureau} program {number}: {field} {old} → {new}"),
    "diff.budget_delta": ("{bureau} 事業番号 {number}: {field} {old} → {new}（増減 {delta}）",
                          "{bureau} program {number}: {field} {old} → {new} (change {delta})"),
    "diff.budget_delta_percent": ("{bureau} 事業番号 {number}: {field} {old} → {new}（増減 {delta}、{percent:+.1f}%）",
                                  "{bureau} program {number}: {field} {old} → {new} (change {delta}, {percent:+.1f}%)"),
    "diff.text": ("{bureau} 事業番号 {number}: {field}「{old}」→「{new}」",
                  '{bureau} program {number}: {field} "{old}" → "{new}"'),
    "diff.total": ("{where} {code}予算額計: {old} → {new}（増減 {delta}）",
                   "{where} {code} budget total: {old} → {new} (change {delta})"),
}
