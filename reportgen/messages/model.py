"""Messages of the model stage: id -> (Japanese, English).

Ids start with the model module that says them: amounts (the money grammar) and
glossary (the glossary files, --lang, names without a translation).
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "amounts.too_many_digits": ("金額が {count} 桁あります（{limit} 桁まで）。千円単位の金額か確かめてください",
                                "the amount has {count} digits (at most {limit}): check that it is in thousands of yen"),
    # ------------------------------------------------ amounts: the money grammar
    "amounts.not_an_amount": ("「{text}」は金額として読めません（整数・3桁区切り・△負数・—のみ可）",
                              '"{text}" is not an amount (use whole numbers, optional 3-digit commas, '
                              "△ for negative, — for none)"),
    # ------------------------------------------------ glossary: --lang and the glossary files
    "glossary.unknown_language": ("言語 {lang} は使えません（{languages}）",
                                  "language {lang} is not available (use {languages})"),
    "glossary.unknown_section": ("知らない節 [{sections}] があります", "unknown section [{sections}]"),
    "glossary.unknown_label": ("知らないラベル labels.{key} があります（綴りを確認してください）",
                               "unknown label labels.{key} (check the spelling)"),
    "glossary.translation_not_text": ("{section}.「{name}」の英訳は文字列にしてください",
                                      'the English of {section}."{name}" must be a string'),
    "glossary.no_such_file": ("用語集のファイルがありません", "no such glossary file"),
    "glossary.not_toml": ("用語集を TOML として読めません: {error}", "the glossary is not valid TOML: {error}"),
    "glossary.not_utf8": ("用語集は UTF-8 で保存してください（byte offset {offset}）",
                          "save the glossary as UTF-8 (invalid byte at offset {offset})"),
    "glossary.section_not_table": ("[{section}] は表にしてください", "[{section}] must be a table"),
    "glossary.label_strings_only": ("labels.{key} は ja と en の文字列だけにしてください",
                                    "labels.{key} may hold only the strings ja and en"),
    "glossary.label_needs_both": ("labels.{key} に ja と en の両方が必要です", "labels.{key} needs both ja and en"),
    "glossary.ambiguous": ("用語集では {names} がどれも「{printed}」と訳されているので、どの名前か決められません。"
                           "用語集の訳を名前ごとに違うものにしてください",
                           'the glossary translates {names} all as "{printed}", so which name it is cannot be told: '
                           "give each name its own translation"),
    "glossary.untranslated_label": ("英語版の見出し・注記に日本語が残っています: 「{label}」。用語集の en を英語にしてください",
                                    'a heading or note of the English edition is still Japanese: "{label}"; give '
                                    "its en in the glossary in English"),
    "glossary.untranslated": ("英訳がありません: 「{name}」", "no English translation for 「{name}」: it prints in Japanese"),
}
