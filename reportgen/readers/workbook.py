"""Loader for workbooks reportgen wrote, as a division sends them back.

A division gets its workbook, edits it in Excel or LibreOffice (changes
values, adds rows, removes a ●) and returns it; this reads it into the same
PublicationTree the text loader feeds, so `reportgen check` lists every
problem as `file:sheet!cell: error: field: message`.

Everything is found by content, not by position: the table's header rows
(their year cells give the edition's years, as in the text layout), the title
and bureau name above them, the notes below the table (whose last row is the
last one with anything right of column A). Total rows and the summary sheet
are skipped: totals are recomputed from the programs.

Hostile files: readers.archive decides from the zip and one streaming pass
whether the file may be loaded at all (size, compression ratio, XML elements,
the sheets' used ranges) before openpyxl sees it, XML is parsed by defusedxml (openpyxl uses it when installed), sheets
are capped in rows and columns, and formula cells in program rows are read
from the values Excel cached, or reported when there are none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import reportgen.model.columns as col
import reportgen.model.era as era
from reportgen.messages import say
from reportgen.model.findings import Finding, Severity, Text
from reportgen.model.glossary import LANGUAGES, Glossary, TableWords, load_glossary, sheet_name, table_words
from reportgen.model.publication import (
    Budget,
    FiscalYears,
    Location,
    Program,
    empty_kpi,
)
from reportgen.readers.archive import check_archive
from reportgen.readers.cells import CellProblem, as_budget, as_text, joined_name
from reportgen.readers.collection import is_collection_sheet, read_collection
from reportgen.readers.languages import PrintedWords, header_language, header_year
from reportgen.readers.programs import Grid, find_header, read_programs
from reportgen.readers.spreadsheets import (
    SPREADSHEET_SUFFIXES,
    SpreadsheetProblem,
    load_spreadsheet,
)
from reportgen.readers.text import (
    FULLWIDTH_DIGITS,
    MARK,
    PILLAR_HEADING,
    number_problem,
    read_kpi,
    split_name,
)
from reportgen.readers.tree import PublicationTree

MAX_ROWS = 100_000
MAX_COLUMNS = 100
HEADER_SEARCH_ROWS = 50  # the header rows sit near the top of a sheet

FIRST_HEADER = col.header_rows(("R6", "R7"))[0][0]  # '主な施策', the same in every Japanese edition


@dataclass
class _SheetContext:
    path: str
    ws: Worksheet
    findings: list[Finding]
    open_values: Callable[[], Worksheet]  # the cached-values sheet, loaded on first need
    years: FiscalYears | None = None
    codes: tuple[str, str] | None = None
    labels: TableWords | None = None
    max_row: int = 0  # openpyxl computes these from every cell on each access: read once
    max_column: int = 0
    formulas: bool = True  # False: a formula in a program's cell is refused (returns)
    glossary: Glossary | None = None  # the words the workbook's edition was printed with
    printed: PrintedWords | None = None  # its language, once its header is read
    measure_merges: dict[tuple[int, int], object] = field(default_factory=dict)
    other_merges: dict[int, list[str]] = field(default_factory=dict)  # row -> ranges

    def location(self, cell: str | None = None) -> Location:
        return Location(self.path, sheet=self.ws.title, cell=cell)

    def report(self, severity: Severity, cell: str | None, message: Text, field_name: str) -> None:
        self.findings.append(Finding(severity, self.location(cell), message, field_name))


def load_xlsx_files(paths: list[str], tree: PublicationTree, findings: list[Finding],
                    formulas: bool = True, bureau: str | None = None, glossary: Glossary | None = None) -> None:
    """Read each workbook's bureau sheets into `tree`; problems go to `findings`.
    `formulas=False` (a division's return): a formula in a program's cell is refused,
    never read from the value it happens to have stored. `glossary`: the one an English
    or bilingual workbook was made with (the shipped one when None)."""
    for path in paths:
        _load_file(path, tree, findings, formulas, bureau, glossary or load_glossary())


def _load_file(path: str, tree: PublicationTree, findings: list[Finding], formulas: bool = True,
               bureau: str | None = None, glossary: Glossary | None = None) -> None:
    if not openpyxl.DEFUSEDXML:
        findings.append(Finding(Severity.ERROR, Location(path), say("workbook.no_defusedxml"), "source"))
        return
    cached: dict[str, object] = {}
    if path.lower().endswith(SPREADSHEET_SUFFIXES):  # .xls/.ods: calamine's values, the same reader
        try:
            wb, cached["wb"] = load_spreadsheet(path)
        except (SpreadsheetProblem, OSError) as exc:
            message = exc.message if isinstance(exc, SpreadsheetProblem) else say("workbook.cannot_read_file", error=exc)
            findings.append(Finding(Severity.ERROR, Location(path), message, "source"))
            return
        if not formulas and path.lower().endswith(".xls"):  # a return: "values, not formulas" cannot be checked
            findings.append(Finding(Severity.WARNING, Location(path), say("spreadsheet.formulas_unchecked"), "source"))
    else:
        try:
            problem = check_archive(path)
        except OSError as exc:
            problem = say("workbook.cannot_read_file", error=exc)
        if problem:
            findings.append(Finding(Severity.ERROR, Location(path), problem, "source"))
            return
        try:
            wb = openpyxl.load_workbook(path, data_only=False, keep_links=False)
        except Exception as exc:  # noqa: BLE001 - any parser failure is bad input, not a crash
            findings.append(Finding(Severity.ERROR, Location(path),
                                    say("workbook.cannot_open", kind=type(exc).__name__, error=exc), "source"))
            return

    def values_workbook():
        if "wb" not in cached:
            cached["wb"] = openpyxl.load_workbook(path, data_only=True, keep_links=False)
        return cached["wb"]

    found, skipped, refused = [], [], []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":  # hidden or veryHidden: never read, never published unseen
            findings.append(Finding(Severity.ERROR, Location(path, sheet=ws.title), say("workbook.hidden_sheet"),
                                    "source"))
            refused.append(ws.title)
            continue
        context = _SheetContext(path, ws, findings, lambda title=ws.title: values_workbook()[title],
                                max_row=ws.max_row, max_column=ws.max_column, formulas=formulas,
                                glossary=glossary or load_glossary())
        if context.max_row > MAX_ROWS or context.max_column > MAX_COLUMNS:
            context.report(Severity.ERROR, None,
                           say("workbook.sheet_too_large", rows=context.max_row, columns=context.max_column,
                               max_rows=MAX_ROWS, max_columns=MAX_COLUMNS), "source")
            refused.append(ws.title)
            continue
        grid = _program_table(context)
        if grid is not None:  # a sheet a staffer keeps: one row per program (readers/programs)
            found.append(ws.title)
            read_programs(grid, tree, findings, bureau)
            continue
        header_row = _find_header(ws, context.max_row, context.glossary)
        if header_row is None:
            skipped.append(ws)
            continue
        found.append(ws.title)
        _read_sheet(context, header_row, tree)
    if not found:
        if refused:
            return  # already reported
        findings.append(Finding(Severity.ERROR, Location(path), say("workbook.no_table", header=FIRST_HEADER),
                                "header"))
        return
    words = [table_words(tree.years, lang, glossary) for lang in LANGUAGES] if tree.years else []
    # the tool's own sheets, named as the writer names them (model/glossary.sheet_name)
    summaries = {sheet_name(label) for w in words for label in (w.summary_sheet, w.instructions_sheet)}
    for ws in skipped:  # a sheet that is not a table is an error, never silently left out
        if is_collection_sheet(ws.title, words):  # a draft's list of the divisions returned
            tree.returned = (tree.returned or []) + read_collection(path, ws, words, findings)
        elif ws.title not in summaries:  # the tool's own summary sheet holds formulas over the tables
            findings.append(Finding(Severity.ERROR, Location(path, sheet=ws.title),
                                    say("workbook.sheet_without_table"), "source"))


def _program_table(context: _SheetContext) -> Grid | None:
    """The sheet as a table of programs, when it is one (its header row names 重点戦略)."""
    ws, path = context.ws, context.path

    def locate(row: int, column: int | None) -> Location:
        where = f"{row + 1}:{row + 1}" if column is None else _cell(row + 1, column)
        return Location(path, sheet=ws.title, cell=where)

    def value(cell) -> tuple[object, str]:
        return _cell_value(context, cell, "")

    head = list(ws.iter_rows(min_row=1, max_row=min(context.max_row, HEADER_SEARCH_ROWS), max_col=context.max_column))
    if find_header(Grid(head, locate, value, plain=_cell_plain)) is None:
        return None
    rows = list(ws.iter_rows(min_row=1, max_row=context.max_row, max_col=context.max_column))
    return Grid(rows, locate, value, plain=_cell_plain)


def _cell_plain(cell) -> object:
    return cell.value


def _find_header(ws: Worksheet, max_row: int, glossary: Glossary) -> int | None:
    """The first header row: 主な施策 in column A (Measure in an English edition)."""
    for row in range(1, min(max_row, HEADER_SEARCH_ROWS) + 1):
        value = ws.cell(row=row, column=1).value
        if isinstance(value, str) and header_language(value.strip(), glossary) is not None:
            return row
    return None


# ---------------------------------------------------------------- a sheet

def _read_sheet(context: _SheetContext, header_row: int, tree: PublicationTree) -> None:
    ws = context.ws
    if not _read_header(context, header_row):
        return
    labels, printed = context.labels, context.printed
    above = [(row, ws.cell(row=row, column=1).value) for row in range(1, header_row)]
    above = [(row, value.strip()) for row, value in above if isinstance(value, str) and value.strip()]
    title = printed.title(above[0][1]) if above else ""
    if len(above) >= 2:
        bureau_row = above[1][0]
        try:
            bureau = _bureau_name(above[1][1], ws.title, printed)
        except ValueError as exc:  # the glossary gives two names this translation
            context.report(Severity.ERROR, f"A{bureau_row}", exc.args[0], "局")
            return
    else:
        bureau, bureau_row = ws.title, 1
        context.report(Severity.NOTICE, "A1", say("workbook.sheet_name_as_bureau", sheet=ws.title), "局")
    tree.start_page(bureau, context.location(f"A{bureau_row}"), title, context.findings)
    first_row = header_row + 2
    _index_merges(context, first_row)

    end = _table_end(context, first_row)
    for row in range(first_row, end + 1):
        _read_row(context, row, tree)
    for number in range(end + 1, context.max_row + 1):  # the notes area below the table
        value = ws.cell(row=number, column=1).value
        if not isinstance(value, str) or not value.strip():
            continue
        text = value.strip()
        if text == labels.notes_title or text in labels.legend or _is_division_note(text, labels):
            continue
        footnote = printed.footnote(text)
        if footnote is not None:
            tree.add_footnote(footnote)
    tree.note_years(context.years, context.location(_cell(header_row, col.MARK_FIRST)), context.findings)


def _is_division_note(text: str, labels: TableWords) -> bool:
    """The note a division's sheet prints under its table (its 合計 is the division's): ours, not data."""
    before, _, after = labels.division_note.partition("{division}")
    return text.startswith(before) and text.endswith(after) and len(text) > len(before) + len(after)


def _bureau_name(heading: str, sheet: str, printed: PrintedWords) -> str:
    """The bureau is the heading above the table; a division's workbook prints
    '総務市民局　地域振興課' there, under a sheet named by the bureau alone (the
    sheet keeps the Japanese name in every edition; the heading is the edition's)."""
    shown = printed.glossary.name(sheet, printed.lang)
    if heading != shown and heading.startswith(shown) and heading[len(shown):][:1] in ("　", " "):
        return sheet
    return printed.name(heading)


def _table_end(context: _SheetContext, first_row: int) -> int:
    """The table's last row: the last one with anything right of column A (the
    notes below it fill column A only). Found from the bottom, by content."""
    ws = context.ws
    for row in range(context.max_row, first_row - 1, -1):
        for column in range(2, col.COLUMN_COUNT + 1):
            if not _blank(ws.cell(row=row, column=column).value):
                return row
    return first_row - 1


def _read_header(context: _SheetContext, header_row: int) -> bool:
    ws = context.ws
    first = [_plain(ws.cell(row=header_row, column=i + 1).value) for i in range(col.COLUMN_COUNT)]
    second = [_plain(ws.cell(row=header_row + 1, column=i + 1).value) for i in range(col.COLUMN_COUNT)]
    codes = (first[col.MARK_FIRST], first[col.MARK_SECOND])
    lang = header_language(first[0].strip(), context.glossary) or "ja"
    years = [header_year(code, lang) for code in codes]
    if None in years or years[1] <= years[0] or not era.has_era(years[0]):
        context.report(Severity.ERROR, _cell(header_row, col.MARK_FIRST),
                       say("workbook.header_years", first=codes[0], second=codes[1]), "header")
        return False
    context.years = FiscalYears(years[0], years[1])
    context.codes = context.years.codes  # the era codes a renamed program's name carries
    context.printed = PrintedWords(lang, context.years, context.glossary)
    context.labels = context.printed.words
    for row, got, want in ((header_row, first, context.labels.header_rows[0]),
                           (header_row + 1, second, context.labels.header_rows[1])):
        for index, (have, expected) in enumerate(zip(got, want)):
            if have != expected:
                context.report(Severity.ERROR, _cell(row, index),
                               say("workbook.header_mismatch", found=have, expected=expected), "header")
                return False
    return True


def _index_merges(context: _SheetContext, first_row: int) -> None:
    """Measure cells merged down column A give their value to every row they
    cover; any other merge is remembered per row (fine on pillar, total and
    note rows, an error on a program row)."""
    ws = context.ws
    for merged in ws.merged_cells.ranges:
        if merged.max_row < first_row:
            continue
        if merged.min_col == merged.max_col == 1:
            value = ws.cell(row=merged.min_row, column=1).value
            for row in range(merged.min_row + 1, merged.max_row + 1):
                context.measure_merges[(row, 1)] = value
            continue
        for row in range(max(merged.min_row, first_row), merged.max_row + 1):
            context.other_merges.setdefault(row, []).append(merged.coord)


def _read_row(context: _SheetContext, row: int, tree: PublicationTree) -> None:
    """A pillar heading, a program, or a total (skipped: totals are recomputed)."""
    ws, labels = context.ws, context.labels
    cells = [ws.cell(row=row, column=i + 1) for i in range(col.COLUMN_COUNT)]
    values = [context.measure_merges.get((row, 1), cells[0].value)] + [c.value for c in cells[1:]]
    if all(_blank(v) for v in values):
        return
    label = values[0].strip() if isinstance(values[0], str) else ""
    if any(not _blank(v) for v in values[1:col.BUDGET_FIRST]):
        program, measure = _read_program(context, row, cells)
        if program is not None:
            tree.add_program(measure, program, context.findings)
        return
    budget_cells = cells[col.BUDGET_FIRST:]
    pillar = PILLAR_HEADING.match(label)
    if pillar and all(_blank(c.value) for c in budget_cells):
        try:
            name = context.printed.name(pillar["name"], pillar=True)
        except ValueError as exc:  # the glossary gives two pillars this translation
            context.report(Severity.ERROR, f"A{row}", exc.args[0], "重点戦略")
            return
        tree.add_pillar(pillar["numeral"], name, context.location(f"A{row}"), context.findings)
        return
    total_labels = (labels.measure_subtotal, labels.pillar_subtotal, labels.bureau_total, labels.grand_total)
    if label.startswith(total_labels) or any(c.data_type == "f" for c in budget_cells):
        return  # a total row: its formulas are not data
    # A row with data but no program number would be lost: it is an error, never skipped.
    context.report(Severity.ERROR, f"A{row}", say("workbook.row_without_number"), "事務事業番号")


# ---------------------------------------------------------------- a program row

def _read_program(context: _SheetContext, row: int, cells: list) -> tuple[Program | None, str]:
    findings = context.findings
    errors_before = len(findings)
    headers = context.labels.flat_headers
    codes = context.codes

    for coord in context.other_merges.get(row, []):
        context.report(Severity.ERROR, coord.split(":")[0], say("workbook.merged_cells", cells=coord), "layout")

    def value(index: int):
        cell = cells[index]
        if index == col.MEASURE and (row, 1) in context.measure_merges:
            return context.measure_merges[(row, 1)], "General"
        return _cell_value(context, cell, headers[index])

    def text(index: int) -> str:
        try:
            raw, number_format = value(index)
            return as_text(raw, number_format)
        except CellProblem as exc:
            context.report(Severity.ERROR, _cell(row, index), exc.message, headers[index])
            return ""

    def name(index: int) -> str:
        """A name as the Japanese edition prints it (another edition prints the glossary's translation)."""
        printed = text(index)
        try:
            return context.printed.name(printed)
        except ValueError as exc:
            context.report(Severity.ERROR, _cell(row, index), exc.args[0], headers[index])
            return printed

    measure = name(col.MEASURE)
    number_text = text(col.NUMBER)
    problem = number_problem(number_text)
    if problem is not None:
        context.report(Severity.ERROR, _cell(row, col.NUMBER), problem, headers[col.NUMBER])
    name_text = joined_name(name(col.NAME), codes)
    if not name_text.strip():
        context.report(Severity.ERROR, _cell(row, col.NAME), say("text.name_blank"), headers[col.NAME])
    summary = text(col.SUMMARY)
    marks = []
    for index, code in zip((col.MARK_FIRST, col.MARK_SECOND), codes):
        mark = text(index)
        if mark.strip() not in ("", MARK):
            context.report(Severity.ERROR, _cell(row, index), say("text.bad_mark", mark=MARK, found=mark), code)
        marks.append(mark.strip() == MARK)
    division = name(col.DIVISION)
    if not division.strip():
        context.report(Severity.ERROR, _cell(row, col.DIVISION), say("text.division_blank"), headers[col.DIVISION])
    kpi_cells = [text(index) for index in range(col.KPI_STARTS[0], col.BUDGET_FIRST)]
    budgets = []
    for index in (col.BUDGET_FIRST, col.BUDGET_SECOND):
        try:
            raw, _format = value(index)
            budgets.append(as_budget(raw, returned=not context.formulas))
        except CellProblem as exc:
            context.report(Severity.ERROR, _cell(row, index), exc.message, headers[index])
            budgets.append(Budget(None))
    for index in range(col.COLUMN_COUNT, context.max_column):
        extra = context.ws.cell(row=row, column=index + 1).value
        if not _blank(extra):
            context.report(Severity.WARNING, _cell(row, index), say("workbook.value_right_of_table", value=extra),
                           "layout")

    if any(f.severity is Severity.ERROR for f in findings[errors_before:]):
        return None, measure
    kpis = [read_kpi(kpi_cells[start:start + col.KPI_WIDTH])
            for start in range(0, 2 * col.KPI_WIDTH, col.KPI_WIDTH)]
    while kpis and kpis[-1] == empty_kpi():
        kpis.pop()
    return Program(
        number=int(number_text.strip().translate(FULLWIDTH_DIGITS)),
        name=split_name(name_text, codes),
        summary=summary,
        major=(marks[0], marks[1]),
        division=division,
        kpis=tuple(kpis),
        budgets=(budgets[0], budgets[1]),
        number_text=number_text,
        source=context.location(f"A{row}:{get_column_letter(col.COLUMN_COUNT)}{row}"),
    ), measure


# the cell types of OOXML as openpyxl reads them: number, shared string, inline string,
# formula string, boolean, date, error, formula
KNOWN_CELL_TYPES = frozenset({"n", "s", "inlineStr", "str", "b", "d", "e", "f"})


def _cell_value(context: _SheetContext, cell, header: str):
    """(value, number format) of a data cell; a formula gives its cached value."""
    if isinstance(cell, MergedCell):
        return None, "General"
    if cell.data_type == "e":
        raise CellProblem(say("workbook.error_value", value=cell.value))
    if cell.data_type not in KNOWN_CELL_TYPES:  # never guess what a cell of an unknown type holds
        raise CellProblem(say("workbook.unknown_cell_type", kind=cell.data_type))
    if cell.data_type != "f":
        return cell.value, cell.number_format
    formula = (cell.value if isinstance(cell.value, str)
               else getattr(cell.value, "text", "") or str(say("workbook.array_formula")))
    if not context.formulas:
        raise CellProblem(say("workbook.formula_in_return", formula=formula))
    try:
        cached = context.open_values().cell(row=cell.row, column=cell.column)
    except Exception as exc:  # noqa: BLE001 - the file opened once; a second read failing is bad input
        raise CellProblem(say("workbook.formula_unreadable", formula=formula, kind=type(exc).__name__)) from None
    if cached.value is None:
        raise CellProblem(say("workbook.formula_without_value", formula=formula))
    if cached.data_type == "e":
        raise CellProblem(say("workbook.formula_error", formula=formula, value=cached.value))
    context.report(Severity.NOTICE, cell.coordinate,
                   say("workbook.formula_value_read", formula=formula, value=cached.value), header)
    return cached.value, cell.number_format


def _plain(value) -> str:
    return "" if value is None else str(value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(row: int, index: int) -> str:
    return f"{get_column_letter(index + 1)}{row}"
