"""What changed between two editions (or a draft and the merged returns).

Programs are matched by (bureau, number). Per-year values (● marks, targets,
budgets, names) are compared by Western fiscal year, so the R6/R7 edition and
the R7/R8 edition are compared on R7, the year they share.
"""
from __future__ import annotations

from dataclasses import dataclass

import reportgen.model.columns as col
import reportgen.model.era as era
from reportgen.messages import say
from reportgen.model.amounts import format_amount, sum_existing
from reportgen.model.findings import field_en, field_label
from reportgen.model.glossary import Glossary
from reportgen.model.publication import Program, Publication


@dataclass(frozen=True)
class Change:
    bureau: str
    number: int
    kind: str  # added | removed | renamed | mark | budget | text
    field: str
    old: str
    new: str
    year: int | None = None
    delta: int | None = None  # budget changes: new - old (None when one side is none)
    column: int = -1  # the changed cell's column in the new edition's table (-1: the whole row)

    @property
    def percent(self) -> float | None:
        old = _amount(self.old)
        if self.delta is None or not old:
            return None
        return self.delta / abs(old) * 100


@dataclass(frozen=True)
class TotalChange:
    """増減 of a pillar's or bureau's budget total in one fiscal year."""

    bureau: str
    pillar: str  # '' for the bureau total
    year: int
    old: int | None
    new: int | None

    @property
    def delta(self) -> int | None:
        if self.old is None and self.new is None:
            return None
        return (self.new or 0) - (self.old or 0)


@dataclass(frozen=True)
class Comparison:
    years: tuple[int, ...]  # the fiscal years both editions hold
    changes: tuple[Change, ...]
    totals: tuple[TotalChange, ...]


def _amount(text: str) -> int | None:
    from reportgen.model.amounts import parse_amount
    return parse_amount(text)


def compare(old: Publication, new: Publication) -> Comparison:
    years = tuple(y for y in old.years if y in tuple(new.years))
    old_programs = _index(old)
    new_programs = _index(new)
    changes: list[Change] = []
    for key in old_programs.keys() - new_programs.keys():
        program = old_programs[key]
        changes.append(Change(key[0], key[1], "removed", "主要事務事業名", program.name.text, ""))
    for key in new_programs.keys() - old_programs.keys():
        program = new_programs[key]
        changes.append(Change(key[0], key[1], "added", "主要事務事業名", "", program.name.text))
    old_places, new_places = placements(old), placements(new)
    for key in old_programs.keys() & new_programs.keys():
        changes.extend(_program_changes(key, old_programs[key], new_programs[key], old, new, years))
        for field, before, after in zip(("重点戦略", "主な施策"), old_places[key], new_places[key]):
            if before != after:
                changes.append(Change(key[0], key[1], "text", field, before, after, column=col.MEASURE))
    order = {"removed": 0, "added": 1, "renamed": 2, "mark": 3, "budget": 4, "text": 5}
    changes.sort(key=lambda c: (c.bureau, c.number, order[c.kind], c.year or 0, c.field))
    return Comparison(years, tuple(changes), tuple(_total_changes(old, new, years)))


def placements(publication: Publication) -> dict[tuple[str, int], tuple[str, str]]:
    """(bureau, number) -> the pillar heading and measure a program stands under."""
    return {(b.name, p.number): (pillar.heading, measure.name)
            for b in publication.bureaus for pillar in b.pillars for measure in pillar.measures
            for p in measure.programs}


def _index(publication: Publication) -> dict[tuple[str, int], Program]:
    return {(b.name, p.number): p for b in publication.bureaus for p in b.programs}


def _program_changes(key, before: Program, after: Program, old: Publication, new: Publication,
                     years: tuple[int, ...]) -> list[Change]:
    bureau, number = key
    found: list[Change] = []

    def text(field: str, a: str, b: str, column: int, year: int | None = None, kind: str = "text") -> None:
        if a != b:
            found.append(Change(bureau, number, kind, field, a, b, year, column=column))

    for year in years:
        i, j = old.years.index(year), new.years.index(year)
        code = era.era_code(year)
        text("主要事務事業名", before.name.by_year[i], after.name.by_year[j], col.NAME, year, "renamed")
        if before.major[i] != after.major[j]:
            found.append(Change(bureau, number, "mark", code, "●" if before.major[i] else "",
                                "●" if after.major[j] else "", year, column=col.MARK_FIRST + j))
        a, b = before.budgets[i].amount, after.budgets[j].amount
        if a != b:
            delta = b - a if a is not None and b is not None else None
            found.append(Change(bureau, number, "budget", f"{code}予算額(千円)", format_amount(a),
                                format_amount(b), year, delta, column=col.BUDGET_FIRST + j))
        for slot in range(2):
            ka = before.kpis[slot].targets[i] if slot < len(before.kpis) else ""
            kb = after.kpis[slot].targets[j] if slot < len(after.kpis) else ""
            text(f"KPI{'①②'[slot]} {code}目標値", ka, kb, col.KPI_STARTS[slot] + 3 + j, year)
    text("事業概要", before.summary, after.summary, col.SUMMARY)
    text("担当課", before.division, after.division, col.DIVISION)
    for slot in range(2):
        ka = before.kpis[slot].cells[:3] if slot < len(before.kpis) else ("",) * 3
        kb = after.kpis[slot].cells[:3] if slot < len(after.kpis) else ("",) * 3
        for offset, (label, a, b) in enumerate(zip(("事業目標", "基準値", "基準年度"), ka, kb)):
            text(f"KPI{'①②'[slot]} {label}", a, b, col.KPI_STARTS[slot] + offset)
    return found


def _total_changes(old: Publication, new: Publication, years: tuple[int, ...]) -> list[TotalChange]:
    def totals(publication: Publication) -> dict[tuple[str, str, int], int | None]:
        result = {}
        for bureau in publication.bureaus:
            for year in years:
                index = publication.years.index(year)
                for pillar in bureau.pillars:
                    result[(bureau.name, pillar.heading, year)] = sum_existing(
                        p.budgets[index].amount for p in pillar.programs)
                result[(bureau.name, "", year)] = sum_existing(p.budgets[index].amount for p in bureau.programs)
        return result
    before, after = totals(old), totals(new)
    keys = sorted(before.keys() | after.keys(), key=lambda k: (k[0], k[1] == "", k[1], k[2]))
    return [TotalChange(k[0], k[1], k[2], before.get(k), after.get(k)) for k in keys
            if before.get(k) != after.get(k)]


def highlights(comparison: Comparison) -> dict[tuple[str, int], frozenset[int]]:
    """The new edition's cells to mark in a change report; an added program is marked whole."""
    marked: dict[tuple[str, int], set[int]] = {}
    for change in comparison.changes:
        if change.kind == "removed":
            continue
        columns = set(range(col.COLUMN_COUNT)) if change.kind == "added" else {change.column}
        marked.setdefault((change.bureau, change.number), set()).update(columns)
    return {key: frozenset(columns) for key, columns in marked.items()}


NAME_FIELDS = ("主要事務事業名", "担当課", "主な施策")


def describe(comparison: Comparison, lang: str = "ja", glossary: Glossary | None = None) -> list[str]:
    """The changes as lines for the terminal, in the message language `lang` (ja, en;
    ja+en prints Japanese). A field is named by its column heading, in English with
    its English heading added. `glossary`: the lines are an English change report's,
    so names are printed as the English edition prints them, fields and years in English."""
    report = glossary is not None and lang == "en"

    def name(text: str) -> str:
        return glossary.name(text, "en") if report else text

    def field(text: str) -> str:
        return (field_en(text) or text) if report else field_label(text, lang)

    def where_of(total: TotalChange) -> str:
        numeral, _, pillar = total.pillar.partition(" ")
        heading = f"{numeral} {glossary.pillar(pillar, 'en')}" if report and pillar else total.pillar
        return f"{name(total.bureau)} {heading}".rstrip()

    lines = []
    for change in comparison.changes:
        where = dict(bureau=name(change.bureau), number=change.number)
        if change.kind == "added":
            line = say("diff.added", **where, name=name(change.new))
        elif change.kind == "removed":
            line = say("diff.removed", **where, name=name(change.old))
        else:
            old, new = change.old, change.new
            if change.field in NAME_FIELDS:  # names print as the edition prints them
                old, new = name(old), name(new)
            values = dict(where, field=field(change.field), old=old, new=new)
            if change.kind != "budget":
                line = say("diff.text", **values)
            elif change.delta is None:
                line = say("diff.budget", **values)
            elif change.percent is None:
                line = say("diff.budget_delta", **values, delta=format_amount(change.delta))
            else:
                line = say("diff.budget_delta_percent", **values, delta=format_amount(change.delta),
                           percent=change.percent)
        lines.append(line.text(lang))
    for total in comparison.totals:
        code = era.fiscal_label_en(total.year) if report else era.era_code(total.year)
        line = say("diff.total", where=where_of(total), code=code,
                   old=format_amount(total.old), new=format_amount(total.new),
                   delta="—" if total.delta is None else format_amount(total.delta))
        lines.append(line.text(lang))
    return lines
