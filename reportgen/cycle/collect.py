"""Collecting the divisions' returned workbooks into the draft edition.

Each returned workbook must hold only its own division's programs, all of
them, with the settled columns unchanged (the first year's ● mark, target and
budget, the measure, name and division). What a division may change — the
summary, the KPI goal, baseline and baseline year, and the second year's ●,
target and budget — is merged into the draft in the draft's order. Merging the
same returns again gives the same edition.
"""
from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportgen.cycle.diff import placements
from reportgen.messages import listing, say
from reportgen.messages.text import Text
from reportgen.model.divisions import split_publication
from reportgen.model.findings import Finding, Severity
from reportgen.model.publication import (
    Kpi,
    Location,
    Program,
    Publication,
    Returned,
    empty_kpi,
    map_programs,
)
from reportgen.readers.sources import read


@dataclass(frozen=True)
class Collected:
    publication: Publication | None  # the merged edition; None when a return had errors
    findings: tuple[Finding, ...]
    returned: tuple[tuple[str, str], ...]  # (bureau, division) merged in this batch
    missing: tuple[tuple[str, str], ...]  # divisions that have not returned in any batch
    earlier: tuple[tuple[str, str], ...] = ()  # merged by an earlier batch (the draft's 回収状況)


def collect(draft: Publication, paths: list[str], on: str | None = None,
            progress: Callable[[int, int], None] | None = None, glossary: str | None = None) -> Collected:
    """Merge the returns at `paths` into `draft`; `on` (YYYY-MM-DD, today by default) is
    the day recorded for each division merged now. The divisions an earlier batch merged
    (the draft's 回収状況) stay merged: a later return of one replaces its values. A return
    of an English or bilingual division workbook reads back through `glossary` (--glossary)."""
    findings: list[Finding] = []
    expected = {(p.bureau, p.division): p for p in split_publication(draft)}
    owner = {(b.name, p.number): p for b in draft.bureaus for p in b.programs}
    updates: dict[tuple[str, int], Program] = {}
    returned: dict[tuple[str, str], str] = {}
    for done, path in enumerate(paths):
        if progress is not None:
            progress(done, len(paths))
        result = read([path], formulas=False, glossary=glossary)  # a return's values are typed, never computed
        findings.extend(f for f in result.findings if f.severity is not Severity.NOTICE)
        if result.errors or result.publication is None:
            continue
        _check_return(path, result.publication, draft, expected, owner, returned, updates, findings)
    if progress is not None:
        progress(len(paths), len(paths))
    earlier = {(r.bureau, r.division): r for r in draft.returned or ()}
    day = on or datetime.date.today().isoformat()
    merged = {key: Returned(key[0], key[1], os.path.basename(path), day) for key, path in returned.items()}
    record = tuple(merged.get(key) or earlier[key] for key in expected if key in merged or key in earlier)
    missing = tuple(key for key in expected if key not in merged and key not in earlier)
    for bureau, division in missing:
        findings.append(Finding(Severity.WARNING, Location(bureau), say("collect.no_return", division=division),
                                "担当課"))
    before = tuple(key for key in expected if key in earlier and key not in merged)
    if any(f.severity is Severity.ERROR for f in findings):
        return Collected(None, tuple(findings), tuple(returned), missing, before)
    return Collected(replace(_merge(draft, updates), returned=record), tuple(findings), tuple(returned), missing,
                     before)


def _check_return(path: str, back: Publication, draft: Publication, expected, owner, returned, updates,
                  findings: list[Finding]) -> None:
    def error(program: Program | None, message: Text, field: str) -> None:
        findings.append(Finding(Severity.ERROR, (program.source if program else None) or Location(path),
                                message, field))

    if back.years != draft.years:
        error(None, say("collect.years_differ", draft="/".join(draft.years.codes),
                        returned="/".join(back.years.codes)), "年度")
        return
    divisions = {(b.name, p.division) for b in back.bureaus for p in b.programs}
    if len(divisions) != 1:
        names = sorted(d for _, d in divisions)
        listed = listing(names)  # the names, listed as each language lists
        error(None, say("collect.several_divisions", names=listed), "担当課")
        return
    key = divisions.pop()
    if key not in expected:
        error(None, say("collect.not_in_draft", bureau=key[0], division=key[1]), "担当課")
        return
    if key in returned:
        error(None, say("collect.two_returns", division=key[1], first=returned[key]), "担当課")
        return
    returned[key] = path
    bureau = key[0]
    draft_places, back_places = placements(draft), placements(back)
    seen: set[int] = set()
    for program in back.bureaus[0].programs:
        original = owner.get((bureau, program.number))
        if original is None:
            error(program, say("collect.program_added", number=program.number), "事務事業番号")
            continue
        if original.division != key[1]:
            error(program, say("collect.other_division", number=program.number, division=original.division),
                  "担当課")
            continue
        seen.add(program.number)
        placed = zip(("重点戦略", "主な施策"), draft_places[(bureau, program.number)], back_places[(bureau, program.number)])
        for field, before, after in [*_locked_changes(original, program, draft),
                                     *((f, a, b) for f, a, b in placed if a != b)]:
            error(program, say("collect.locked", number=program.number, field=field, before=before, after=after),
                  field)
        updates[(bureau, program.number)] = program
    for program in expected[key].programs:
        if program.number not in seen:
            error(None, say("collect.program_removed", number=program.number, name=program.name.text),
                  "事務事業番号")


def _locked_changes(before: Program, after: Program, draft: Publication):
    code = draft.years.codes[0]
    pairs = [
        ("主要事務事業名", before.name.text, after.name.text),
        ("担当課", before.division, after.division),
        (f"{code}欄", "●" if before.major[0] else "", "●" if after.major[0] else ""),
        (f"{code}予算額(千円)", _text(before.budgets[0].amount), _text(after.budgets[0].amount)),
    ]
    for slot in range(2):
        a = before.kpis[slot] if slot < len(before.kpis) else empty_kpi()
        b = after.kpis[slot] if slot < len(after.kpis) else empty_kpi()
        pairs.append((f"KPI{'①②'[slot]} {code}目標値", a.targets[0], b.targets[0]))
    return [(field, a, b) for field, a, b in pairs if a != b]


def _text(amount: int | None) -> str:
    return "—" if amount is None else f"{amount:,}"


def _merge(draft: Publication, updates: dict[tuple[str, int], Program]) -> Publication:
    return map_programs(draft, lambda bureau, p: _merged(p, updates.get((bureau.name, p.number))))


def _merged(draft: Program, back: Program | None) -> Program:
    """The draft's settled values with the division's inputs."""
    if back is None:
        return draft
    kpis = []
    for slot in range(max(len(draft.kpis), len(back.kpis))):
        a = draft.kpis[slot] if slot < len(draft.kpis) else empty_kpi()
        b = back.kpis[slot] if slot < len(back.kpis) else empty_kpi()
        kpis.append(Kpi(b.goal, b.baseline, b.baseline_year, (a.targets[0], b.targets[1])))
    while kpis and kpis[-1] == empty_kpi():
        kpis.pop()
    return replace(draft, summary=back.summary, kpis=tuple(kpis), major=(draft.major[0], back.major[1]),
                   budgets=(draft.budgets[0], back.budgets[1]))
