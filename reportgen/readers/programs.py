"""Reader for a table of programs: one row per program, columns found by their headers.

This is how offices keep the table outside the publication (a spreadsheet typed
by a staffer, a database export, the open-data CSV, a pandas DataFrame): every
row names its bureau, pillar and measure, in any column order, with any extra
columns (reported, not read). The CSV, workbook and DataFrame readers give this
module their cells as a `Grid`; it feeds the same PublicationTree as the
document readers, so the same checks and messages apply.

Rows are in the order they print: grouped by bureau, then pillar, then measure.
A blank 局, 重点戦略 or 主な施策 cell continues the one above (as the merged
cells of a printed table do). The table states no title or footnote: the
edition gets the glossary's, worded for its years (as a rolled-forward draft does).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import reportgen.model.columns as col
import reportgen.model.program_table as table
from reportgen.messages import listing, say
from reportgen.model import era
from reportgen.model.findings import Finding, Severity, Text
from reportgen.model.glossary import load_glossary, table_words, year_values
from reportgen.model.publication import (
    Budget,
    FiscalYears,
    Location,
    Program,
    empty_kpi,
)
from reportgen.readers.cells import (
    GENERAL,
    CellProblem,
    as_budget,
    as_text,
    joined_name,
)
from reportgen.readers.program_headers import (
    Columns,
    columns_of,
    combined_headers,
    is_header_row,
    is_sub_heading,
    years_of,
)
from reportgen.readers.program_headers import meaning as header_meaning
from reportgen.readers.text import (
    FULLWIDTH_DIGITS,
    MARK,
    MAX_ERRORS_PER_FILE,
    PILLAR_HEADING,
    number_problem,
    read_kpi,
    split_name,
)
from reportgen.readers.tree import PublicationTree

HEADER_SEARCH_ROWS = 50  # a title or a note may stand above the header row

# what a table of programs must have; 局 may instead come from --bureau
REQUIRED = tuple(p for p in range(table.COLUMN_COUNT) if p not in (table.BUREAU, table.NAME_FIRST, table.NAME_SECOND))


def plain_value(raw: object) -> tuple[object, str]:
    return raw, GENERAL


@dataclass(frozen=True)
class Grid:
    """A table as its reader hands it over: rows of raw cells (top first), where a cell
    is (`locate(row, column)`; column None for the whole row) and how a raw cell reads
    (`value(raw)` -> (value, number format), raising CellProblem for an unreadable one)."""

    rows: Sequence[Sequence[object]]
    locate: Callable[[int, int | None], Location]
    value: Callable[[object], tuple[object, str]] = plain_value
    headers: tuple[Sequence[str], ...] = ()  # given apart from the rows (a DataFrame's columns)
    plain: Callable[[object], object] = lambda raw: raw  # what a cell holds, to see it blank or show it

    def text_at(self, row: int, column: int) -> str:
        value = self.plain(self.rows[row][column])
        return "" if value is None else str(value)

    def blank(self, raw: object) -> bool:
        value = self.plain(raw)
        return value is None or (isinstance(value, str) and not value.strip())


def find_header(grid: Grid) -> int | None:
    """The header row's index, when the grid is a table of programs."""
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        if is_header_row([grid.text_at(index, column) for column in range(len(row))]):
            return index
    return None


def read_programs(grid: Grid, tree: PublicationTree, findings: list[Finding], bureau: str | None = None,
                  years: FiscalYears | None = None) -> None:
    """Read the grid's programs into `tree`; problems go to `findings`. `years`: the
    edition's, when the caller knows them (otherwise they come from the headers)."""
    found = _header_rows(grid, findings)
    if found is None:
        return
    header_rows, header_row, first_data = found

    def header_at(column: int | None) -> Location:
        return grid.locate(header_row, column)

    headers = combined_headers(header_rows[0], header_rows[1] if len(header_rows) > 1 else None)
    columns = _columns(headers, header_at, findings, bureau, years)
    if columns is None:
        return
    reader = _Rows(grid, columns, tree, findings, bureau)
    for index in range(first_data, len(grid.rows)):
        if not reader.read(index):
            findings.append(Finding(Severity.ERROR, grid.locate(index, None),
                                    say("text.too_many_errors", limit=MAX_ERRORS_PER_FILE), "source"))
            return
    if not reader.rows_read:
        findings.append(Finding(Severity.ERROR, header_at(None), say("programs.no_rows"), "source"))
        return
    tree.note_years(columns.years, header_at(None), findings)
    if tree.title is None:  # a table of programs states neither: the glossary's, for its years
        glossary, values = load_glossary(), year_values(columns.years)
        tree.title = glossary.label("title", "ja", **values)
        tree.add_footnote(glossary.label("footnote", "ja", **values))


def _header_rows(grid: Grid, findings: list[Finding]) -> tuple[list[list[str]], int, int] | None:
    """(the header rows, the first one's index, the first data row's index): given apart
    (row -1, a DataFrame's columns), or found in the grid with what stands above them."""
    if grid.headers:
        return [list(map(str, row)) for row in grid.headers], -1, 0
    at = find_header(grid)
    if at is None:
        findings.append(Finding(Severity.ERROR, grid.locate(0, None), say("programs.no_header"), "header"))
        return None
    header_rows = [_texts(grid, at)]
    following = _texts(grid, at + 1) if at + 1 < len(grid.rows) else []
    if any(c.strip() for c in following) and all(is_sub_heading(c) for c in following if c.strip()):
        header_rows.append(following)  # the document's second header row: KPI sub-headings
    for index in range(at):  # a title or a note above the table is not data: say it is not read
        text = " ".join(t for t in (c.strip() for c in _texts(grid, index)) if t)
        if text:
            findings.append(Finding(Severity.NOTICE, grid.locate(index, None),
                                    say("programs.above_header", text=text), "header"))
    return header_rows, at, at + len(header_rows)


def _columns(headers: list[str], header_at: Callable[[int | None], Location], findings: list[Finding],
             bureau: str | None, years: FiscalYears | None) -> Columns | None:
    """The fields' columns, or None after saying what is missing or wrong."""
    found_years = years_of([header_meaning(h) for h in headers])
    if years is None:
        # an edition is two consecutive fiscal years (R6・R7)
        if len(found_years) != 2 or found_years[1] != found_years[0] + 1 or not era.has_era(found_years[0]):
            findings.append(Finding(Severity.ERROR, header_at(None), say(
                "programs.header_years", years=listing(era.era_code(y) for y in found_years if era.has_era(y))
                or "—"), "header"))
            return None
        years = FiscalYears(*found_years)
    columns = columns_of(headers, years)
    names = table_words(years).open_data_headers
    problems: list[Finding] = []
    missing = [names[p] for p in REQUIRED if p not in columns.at]
    if table.BUREAU not in columns.at and bureau is None:
        missing.insert(0, names[table.BUREAU])
    if missing:
        problems.append(Finding(Severity.ERROR, header_at(None), say(
            "programs.missing_columns", columns=listing(f"「{m}」" for m in missing), count=len(missing)), "header"))
    for position, first, again in columns.repeated:
        problems.append(Finding(Severity.ERROR, header_at(again), say(
            "programs.repeated_column", field=names[position], header=headers[again], first=headers[first]),
            "header"))
    for index in columns.unknown:
        findings.append(Finding(Severity.NOTICE, header_at(index), say("programs.unknown_column",
                                                                     header=headers[index]), "header"))
    findings.extend(problems)
    return None if problems else columns


class _Rows:
    """The data rows, one at a time: the bureau, pillar and measure a blank cell continues."""

    def __init__(self, grid: Grid, columns: Columns, tree: PublicationTree, findings: list[Finding],
                 bureau: str | None):
        self.grid, self.columns, self.tree, self.findings = grid, columns, tree, findings
        self.bureau_option = bureau
        self.names = table_words(columns.years).open_data_headers
        self.codes = columns.years.codes
        self.bureau: str | None = None
        self.pillar: tuple[str, str] | None = None
        self.rows_read = 0  # rows with anything in them
        self.errors = 0
        self.read_or_named = set(columns.at.values()) | set(columns.unknown)  # any other column has no header

    def report(self, index: int, position: int | None, message: Text, severity: Severity = Severity.ERROR) -> None:
        column = self.columns.at.get(position) if position is not None else None
        field_name = self.names[position] if position is not None else "layout"
        self.findings.append(Finding(severity, self.grid.locate(index, column), message, field_name))
        self.errors += severity is Severity.ERROR

    def read(self, index: int) -> bool:
        """Read one row; False once the errors pass the limit."""
        raw = self.grid.rows[index]
        if all(self.grid.blank(cell) for cell in raw):
            return True
        errors_before = self.errors
        self.rows_read += 1
        for column in range(len(raw)):  # a value under no header would be lost: say so
            if column not in self.read_or_named and not self.grid.blank(raw[column]):
                self.findings.append(Finding(Severity.WARNING, self.grid.locate(index, column), say(
                    "programs.value_without_header", value=self.grid.text_at(index, column)), "layout"))
        texts = {p: self.text(index, raw, p) for p in self.columns.at if p not in _TYPED}
        bureau = texts.get(table.BUREAU, "") or (self.bureau if self.bureau is not None else self.bureau_option)
        if not (bureau or "").strip():
            self.report(index, table.BUREAU, say("programs.bureau_blank"))
        pillar = self.pillar_of(index, texts[table.PILLAR])
        program = self.program(index, raw, texts)
        if self.errors > errors_before or program is None:
            return self.errors <= MAX_ERRORS_PER_FILE
        if bureau != self.bureau:
            self.tree.start_page(bureau, self.grid.locate(index, self.columns.at.get(table.BUREAU)), "",
                                 self.findings)
            self.bureau, self.pillar = bureau, None
        if pillar != self.pillar:
            self.tree.add_pillar(*pillar, self.grid.locate(index, self.columns.at[table.PILLAR]), self.findings)
            self.pillar = pillar
        self.tree.add_program(texts[table.MEASURE], program, self.findings)
        return True

    def pillar_of(self, index: int, text: str) -> tuple[str, str] | None:
        if not text.strip():
            if self.pillar is None:
                self.report(index, table.PILLAR, say("programs.pillar_blank"))
            return self.pillar
        match = PILLAR_HEADING.match(text.strip())
        if match is None:
            self.report(index, table.PILLAR, say("programs.pillar_form", pillar=text))
            return None
        return match["numeral"], match["name"]

    def text(self, index: int, raw: Sequence[object], position: int) -> str:
        value = self.value(index, raw, position)
        if value is _UNREADABLE:
            return ""
        try:
            return as_text(*value)
        except CellProblem as problem:
            self.report(index, position, problem.message)
            return ""

    def value(self, index: int, raw: Sequence[object], position: int):
        column = self.columns.at[position]
        try:
            return self.grid.value(raw[column] if column < len(raw) else None)
        except CellProblem as problem:
            self.report(index, position, problem.message)
            return _UNREADABLE

    def program(self, index: int, raw: Sequence[object], texts: dict[int, str]) -> Program | None:
        number_text = texts[table.NUMBER]
        problem = number_problem(number_text)
        if problem is not None:
            self.report(index, table.NUMBER, problem)
        name = self.name(index, texts)
        if not texts[table.DIVISION].strip():
            self.report(index, table.DIVISION, say("text.division_blank"))
        marks = tuple(self.mark(index, raw, p) for p in (table.MARK_FIRST, table.MARK_SECOND))
        budgets = tuple(self.budget(index, raw, p) for p in (table.BUDGET_FIRST, table.BUDGET_SECOND))
        if problem is not None or name is None or None in marks or None in budgets:
            return None
        kpi_cells = [texts[p] for p in range(table.KPI_FIRST, table.BUDGET_FIRST)]
        kpis = [read_kpi(kpi_cells[start:start + col.KPI_WIDTH]) for start in (0, col.KPI_WIDTH)]
        while kpis and kpis[-1] == empty_kpi():
            kpis.pop()
        return Program(number=int(number_text.strip().translate(FULLWIDTH_DIGITS)), name=name,
                       summary=texts[table.SUMMARY], major=marks, division=texts[table.DIVISION],
                       kpis=tuple(kpis), budgets=budgets, number_text=number_text,
                       source=self.grid.locate(index, None),
                       mark_cells=tuple(self.grid.locate(index, self.columns.at[p])
                                        for p in (table.MARK_FIRST, table.MARK_SECOND)))

    def name(self, index: int, texts: dict[int, str]):
        """The name as written; a column per year (the open-data CSV's) must say the same."""
        text = joined_name(texts[table.NAME], self.codes)
        by_year = [texts.get(p) or None for p in (table.NAME_FIRST, table.NAME_SECOND)]  # blank: not given
        if not text.strip() and all(by_year):
            first, second = by_year
            text = first if first == second else f"{first}({self.codes[0]}){second}({self.codes[1]})"
        if not text.strip():
            self.report(index, table.NAME, say("text.name_blank"))
            return None
        name = split_name(text, self.codes)
        wrong = [(p, given, expected) for p, given, expected in
                 zip((table.NAME_FIRST, table.NAME_SECOND), by_year, name.by_year)
                 if given is not None and given != expected]
        for position, given, expected in wrong:
            self.report(index, position, say("programs.name_differs", given=given, expected=expected, name=text))
        return None if wrong else name

    def mark(self, index: int, raw: Sequence[object], position: int) -> bool | None:
        value = self.value(index, raw, position)
        if value is _UNREADABLE:
            return None
        if isinstance(value[0], bool):  # a DataFrame's or a spreadsheet's TRUE/FALSE
            return value[0]
        text = "" if _blank(value[0]) else str(value[0])
        if text.strip() not in ("", MARK):
            self.report(index, position, say("text.bad_mark", mark=MARK, found=text))
            return None
        return text.strip() == MARK

    def budget(self, index: int, raw: Sequence[object], position: int) -> Budget | None:
        value = self.value(index, raw, position)
        if value is _UNREADABLE:
            return None
        try:
            return as_budget(value[0])
        except CellProblem as problem:
            self.report(index, position, problem.message)
            return None


_TYPED = (table.MARK_FIRST, table.MARK_SECOND, table.BUDGET_FIRST, table.BUDGET_SECOND)
_UNREADABLE = object()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _texts(grid: Grid, row: int) -> list[str]:
    return [grid.text_at(row, column) for column in range(len(grid.rows[row]))]
