"""Checks on a loaded publication that no single row can see."""
from __future__ import annotations

import re
from dataclasses import replace

from openpyxl.utils import get_column_letter

import reportgen.model.columns as col
from reportgen.messages import listing, say
from reportgen.model.findings import Finding, Severity
from reportgen.model.publication import Location, Publication

# A division name heads its own files, sheet and mail; no real one is near this long, and
# within it every label a division's edition prints around the name fits its cell.
MAX_DIVISION_NAME = 100  # characters


def validate(publication: Publication) -> list[Finding]:
    findings: list[Finding] = []
    codes = publication.years.codes
    for bureau in publication.bureaus:
        first = bureau.programs[0].source if bureau.programs else None
        _check_name(bureau.name, "局", first or Location(bureau.name), findings)
        for pillar in bureau.pillars:
            for measure in pillar.measures:
                _check_name(measure.name, "主な施策", measure.programs[0].source or Location(bureau.name), findings)
                if _padded(measure.name):
                    findings.append(Finding(
                        Severity.ERROR, measure.programs[0].source or Location(bureau.name),
                        say("validation.measure_padded", measure=measure.name), "主な施策"))
        seen: dict[int, Location | None] = {}
        for program in bureau.programs:
            where = program.source or Location(bureau.name)
            if program.number in seen:
                findings.append(Finding(
                    Severity.ERROR, where,
                    say("validation.duplicate_number", number=program.number, bureau=bureau.name,
                        first=seen[program.number]),
                    "事務事業番号"))
            else:
                seen[program.number] = program.source
            _check_name(program.division, "担当課", where, findings)
            if len(program.division) > MAX_DIVISION_NAME:
                findings.append(Finding(Severity.ERROR, where, say(
                    "validation.division_too_long", length=len(program.division), limit=MAX_DIVISION_NAME), "担当課"))
            for text in (program.name.text, program.summary, *(c for k in program.kpis for c in k.cells)):
                if _formula_like(text):
                    findings.append(Finding(Severity.WARNING, where,
                                            say("validation.formula_like", text=text, number=program.number), "CSV"))
            if _padded(program.division):
                findings.append(Finding(
                    Severity.ERROR, where, say("validation.division_padded", division=program.division), "担当課"))
            if not any(program.major):
                findings.append(Finding(Severity.WARNING, where, say("validation.no_mark", number=program.number),
                                        "●"))
            for year_index, code in enumerate(codes):
                marked = program.major[year_index]
                amount = program.budgets[year_index].amount
                if marked and amount is None:
                    findings.append(Finding(
                        Severity.WARNING, where,
                        say("validation.mark_without_budget", number=program.number, code=code),
                        f"{code}予算額(千円)"))
                if not marked and amount is not None and program.mark_cells is not None:
                    # a table of programs: its columns are found by their headers, so not shifted
                    message = say("validation.budget_without_mark_table", number=program.number, code=code,
                                  budget=program.budgets[year_index].text)
                    findings.append(Finding(Severity.ERROR, program.mark_cells[year_index], message, code))
                elif not marked and amount is not None:
                    mark_cell = _cell_in_row(where, (col.MARK_FIRST, col.MARK_SECOND)[year_index])
                    if mark_cell is None:  # a text file: a budget under no ● is often a shifted column
                        message = say("validation.budget_without_mark", number=program.number, code=code,
                                      budget=program.budgets[year_index].text)
                        findings.append(Finding(Severity.ERROR, where, message, f"{code}予算額(千円)"))
                    else:  # a workbook: point at the ● cell and say both ways out
                        budget_cell = _cell_in_row(where, (col.BUDGET_FIRST, col.BUDGET_SECOND)[year_index])
                        message = say("validation.budget_without_mark_cell", number=program.number, code=code,
                                      budget=program.budgets[year_index].text, mark=mark_cell.cell,
                                      budget_cell=budget_cell.cell)
                        findings.append(Finding(Severity.ERROR, mark_cell, message, code))
    return findings


def not_returned(publication: Publication) -> list[Finding]:
    """A warning when a draft still lacks some divisions' returns (its 回収状況): said by
    `build` and `check` of a draft, where the edition is being made from it."""
    if publication.returned is None or not publication.bureaus:
        return []
    merged = {(r.bureau, r.division) for r in publication.returned}
    missing = list(dict.fromkeys((b.name, p.division) for b in publication.bureaus for p in b.programs
                                 if (b.name, p.division) not in merged))
    if not missing:
        return []
    return [Finding(Severity.WARNING, Location(publication.bureaus[0].name), say(
        "validation.not_returned", count=len(missing), divisions=listing(f"{b} {d}" for b, d in missing)),
        "回収状況")]


# C0 and C1 control characters (tab and line breaks included) and the Unicode line and
# paragraph separators: in a name they split a division into two or break a mail header
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


_ROW_RANGE = re.compile(r"A(?P<row>[0-9]+):[A-Z]+(?P=row)")


def _cell_in_row(where: Location, column: int) -> Location | None:
    """The cell of `column` in the workbook row a program was read from (its source is the
    row's range, A7:S7), or None for a text file's line."""
    match = _ROW_RANGE.fullmatch(where.cell or "") if where.sheet is not None else None
    if match is None:
        return None
    return replace(where, cell=f"{get_column_letter(column + 1)}{match['row']}")


def _check_name(name: str, field: str, where: Location, findings: list[Finding]) -> None:
    match = _CONTROL.search(name)
    if match:
        findings.append(Finding(Severity.ERROR, where,
                                say("validation.control_in_name", code=f"U+{ord(match.group()):04X}",
                                    name=_CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", name)), field))


# What a spreadsheet opening the open-data CSV would take for a formula (the CSV keeps
# every text exactly, so `check` says so instead): =… and @…, and +/- before anything
# but a plain number (+81, -5% are data).
_FORMULA_LIKE = re.compile(r"^(?:[=@]|[+-](?![0-9.,%]+$))")


def _formula_like(text: str) -> bool:
    return bool(text) and _FORMULA_LIKE.match(text) is not None


def _padded(name: str) -> bool:
    """Spaces around a name make it another division or measure to every comparison."""
    return name != name.strip(" \u3000\t")
