"""The Excel workbook: the resolved report as a print-ready, editable .xlsx.

Reads only the `Report` built by reportgen.layout (never the model), like every
renderer, and writes through XlsxWriter's public API. One sheet per bureau,
named by the bureau's key (Section.bureau), laid out as the printed table (title,
the bureau's printed heading, the two header rows, pillar rows, measures merged
over their programs, live SUBTOTAL formulas, notes and legend below the table),
and a summary sheet (labels.summary_sheet) whose totals are formulas referring to
the bureau sheets. Budgets are integers with a number format, never text; every
data string is written as a string cell, so `=…`, `+81` or `#N/A` stay text.

Every formula is stored with the value the report computed for it (as Excel
does), so viewers that do not calculate (Protected View, previews, pandas) still
show the totals.

Anything Excel cannot store (control characters, cells over 32,767 characters,
integers beyond 15 digits, invalid or duplicate sheet names, page headers over
255 characters) is collected and raised as one ReportgenError naming each sheet
and cell: nothing is truncated, renamed or guessed. XlsxWriter itself would only
warn and drop such a value, so every one is checked before it is written.

Output is reproducible: the document dates come from the edition (April 1 of
its first fiscal year) and XlsxWriter gives every zip member one fixed
timestamp, so the same report gives the same bytes.
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from operator import attrgetter

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

import reportgen.model.columns as col
from reportgen.messages import say
from reportgen.messages.text import Text
from reportgen.model.amounts import RETURNED_BUDGET_MINIMUM
from reportgen.model.era import era_code, fiscal_label_en
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.glossary import sheet_name
from reportgen.model.publication import Location
from reportgen.renderers.xlsx.inputs import input_prompts
from reportgen.renderers.xlsx.other_sheets import (
    write_collection,
    write_instructions,
    write_summary,
)
from reportgen.renderers.xlsx.pages import (
    BUREAU_ROW,
    FIRST_ROW,
    HEADER_ROW,
    PAPER_SIZES,
    TITLE_ROW,
    page_breaks,
    print_scale,
)
from reportgen.renderers.xlsx.sizes import (
    MAX_ROW_HEIGHT,
    TITLE_LINE_HEIGHT,
    RowHeights,
    column_widths,
    illegal_character,
    line_count,
    line_units,
    sheet_name_problems,
    storable,
)
from reportgen.renderers.xlsx.styles import (
    ALIGN_STYLE,
    BARE_STYLES,
    DEFAULT_FORMAT,
    FONT_NAME,
    format_properties,
)
from reportgen.report.builder import Report, Row, RowKind, Section
from reportgen.report.labels import PAGE_MARK, PAGES_MARK

MARK = "●"
_TEXT, _CHANGED = attrgetter("text"), attrgetter("changed")

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell's text
MAX_EXACT_INTEGER = 10 ** 15 - 1  # Excel keeps 15 significant digits
MAX_HEADER_FOOTER = 255  # UTF-16 units in one page header or footer, codes included

LAST_COLUMN = xl_col_to_name(col.COLUMN_COUNT - 1)  # 'S'
FREEZE_AT = f"{xl_col_to_name(col.NAME + 1)}{FIRST_ROW}"  # 'D6': below the header, right of C



def render_xlsx(report: Report, paper: str = "a3", protect_inputs: bool = False) -> bytes:
    """The workbook's bytes; ReportgenError lists every value Excel cannot store.

    `protect_inputs`: a division's sheet, protected (without a password) except
    for the report's editable columns of program rows, with whole numbers ≥ 0 required for the
    second year's budget."""
    if paper not in PAPER_SIZES:
        raise ReportgenError(Finding(Severity.ERROR, Location("--paper"), say("xlsx.paper", paper=paper), "paper"))
    return _Book(report, paper, protect_inputs).write()


# ---------------------------------------------------------------- one sheet

@dataclass
class _Sheet:
    """A worksheet being written, with what is only known once every cell is:
    the height and outline level of each row (set together, once per row)."""

    ws: Worksheet
    section: Section | None
    where: str  # how messages name it
    heights: RowHeights = field(default_factory=RowHeights)
    levels: dict[int, int] = field(default_factory=dict)
    # measure cells (first row, last row, text, where), merged once the page breaks are known
    measures: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.ws.get_name()


class _Book:
    def __init__(self, report: Report, paper: str, protect_inputs: bool) -> None:
        self.report = report
        self.labels = report.labels
        self.paper = paper
        self.protect_inputs = protect_inputs
        self.problems: list[Finding] = []
        self.widths = column_widths(report)
        self.one_line = [line_units(width) for width in self.widths]  # units a line holds
        self.spare = [max(units - 1, 1) for units in self.one_line]  # units a line holds at least
        self.buffer = io.BytesIO()
        # Data is written cell by cell with typed calls (write_string, write_number …):
        # the options keep XlsxWriter from ever reading a string as a number, formula or URL.
        self.workbook = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "default_format_properties": dict(DEFAULT_FORMAT)})
        self.formats: dict[tuple[str, bool, bool], object] = {}
        self.program_formats: dict[tuple, object] = {}

    def format(self, style: str, unlocked: bool = False, changed: bool = False):
        key = (style, unlocked, changed)
        found = self.formats.get(key)
        if found is None:
            found = self.formats[key] = self.workbook.add_format(
                format_properties(style, unlocked=unlocked, changed=changed))
        return found

    # -- cells (rows and columns 1-based, as Excel shows them) ------------
    def problem(self, sheet: _Sheet, row: int, column: int, message: Text, field_name: str,
                where: str | None = None) -> None:
        self.problems.append(Finding(Severity.ERROR, Location(where or sheet.where, sheet=sheet.name,
                                                              cell=xl_rowcol_to_cell(row - 1, column - 1)),
                                     message, field_name))

    def blank(self, sheet: _Sheet, row: int, column: int, style: str) -> None:
        sheet.ws.write_blank(row - 1, column - 1, None, self.format(style))

    def text(self, sheet: _Sheet, row: int, column: int, text: str, style: str, field_name: str,
             cell_format=None, where: str | None = None) -> None:
        """A string cell (never a formula, number or error), or a styled empty cell."""
        cell_format = cell_format or self.format(style)
        if not text:
            sheet.ws.write_blank(row - 1, column - 1, None, cell_format)
            return
        illegal = illegal_character(text)
        if illegal or len(text) > MAX_CELL_CHARS:
            message = (say("xlsx.cell_illegal", character=illegal) if illegal else
                       say("xlsx.cell_too_long", length=len(text), limit=MAX_CELL_CHARS))
            self.problem(sheet, row, column, message, field_name, where)
            return
        sheet.ws.write_string(row - 1, column - 1, text, cell_format)

    def merged_text(self, sheet: _Sheet, first_row: int, first_column: int, last_row: int, last_column: int,
                    text: str, style: str, field_name: str, where: str | None = None) -> None:
        """A merged range in one format, its text written as a string cell
        (merge_range itself would type the text). The other cells of a range in a
        style that draws nothing (notes, the title) are left unwritten: a division's
        small workbook is a quarter fewer cells."""
        sheet.ws.merge_range(first_row - 1, first_column - 1, last_row - 1, last_column - 1, "",
                             None if style in BARE_STYLES else self.format(style))
        self.text(sheet, first_row, first_column, text, style, field_name, where=where)

    def amount(self, sheet: _Sheet, row: int, column: int, amount: int | None, field_name: str,
               cell_format, where: str) -> None:
        if amount is None:
            sheet.ws.write_blank(row - 1, column - 1, None, cell_format)  # none is an empty cell, never 0
            return
        if abs(amount) > MAX_EXACT_INTEGER:
            self.problem(sheet, row, column, say("xlsx.amount_too_long", amount=amount), field_name, where)
            return
        sheet.ws.write_number(row - 1, column - 1, amount, cell_format)

    def formula(self, sheet: _Sheet, row: int, column: int, style: str, formula: str, value: int | None) -> None:
        """A live formula with its computed value stored beside it. A total with
        no budget at all is '—', as the formula itself returns."""
        sheet.ws.write_formula(row - 1, column - 1, formula, self.format(style), "—" if value is None else value)

    # -- the workbook -----------------------------------------------------
    def write(self) -> bytes:
        report, labels = self.report, self.labels
        # a division's workbook is that division's one table: a summary of it would repeat its total
        summary_name = sheet_name(labels.summary_sheet) if report.division is None else None
        names = [summary_name] if summary_name else []
        if report.collection is not None:
            names.append(sheet_name(labels.collection_sheet))
        if self.protect_inputs and report.instructions:
            names.append(sheet_name(labels.instructions_sheet))
        for name, message in sheet_name_problems(names + [s.bureau for s in report.sections]):
            self.problems.append(Finding(Severity.ERROR, Location(f"局「{name}」", sheet=name), message, "局"))
        if self.problems:
            raise ReportgenError(self.problems)
        change_list = (_Sheet(self.workbook.add_worksheet(sheet_name(labels.change_list)), None, labels.change_list)
                       if report.change_list else None)
        summary = (_Sheet(self.workbook.add_worksheet(summary_name), None, labels.summary_sheet)
                   if summary_name else None)
        collection = (_Sheet(self.workbook.add_worksheet(sheet_name(labels.collection_sheet)), None,
                             labels.collection_sheet) if report.collection is not None else None)
        instructions = (_Sheet(self.workbook.add_worksheet(sheet_name(labels.instructions_sheet)), None,
                               labels.instructions_sheet) if self.protect_inputs and report.instructions else None)
        sheets = [_Sheet(self.workbook.add_worksheet(section.bureau), section, section.bureau)
                  for section in report.sections]
        if change_list is not None:
            self.change_list(change_list)
        for sheet in sheets:
            self.section(sheet)
        if summary is not None:
            write_summary(self, summary, sheets)
        if collection is not None:
            write_collection(self, collection)
        if instructions is not None:
            write_instructions(self, instructions)
            instructions.ws.set_first_sheet()
        (instructions or (sheets[0] if sheets else summary)).ws.activate()
        timestamp = datetime.datetime(report.years.first, 4, 1)
        self.workbook.set_properties({"title": report.title, "subject": report.subject,
                                      "author": report.author, "created": timestamp})
        # OOXML's core properties as XlsxWriter writes them have no language: a custom one says it
        self.workbook.set_custom_property("Language", labels.document_language)
        if self.problems:
            raise ReportgenError(self.problems)
        self.workbook.close()
        return self.buffer.getvalue()

    def finish_rows(self, sheet: _Sheet) -> dict[int, float]:
        """Each row's height and outline level, set together (set_row replaces a row's settings);
        returns the heights."""
        heights = sheet.heights.resolve()
        for row in sorted(heights.keys() | sheet.levels.keys()):
            level = sheet.levels.get(row, 0)
            sheet.ws.set_row(row - 1, heights.get(row), None, {"level": level} if level else None)
        return heights

    def change_list(self, sheet: _Sheet) -> None:
        """A change report's first sheet: the changes, one per row."""
        self.text(sheet, TITLE_ROW, 1, self.report.title, "title", "表題")
        self.text(sheet, BUREAU_ROW, 1, self.labels.change_list, "bureau", "表題")
        for offset, line in enumerate(self.report.change_list):
            self.text(sheet, HEADER_ROW + offset, 1, line, "left", "変更一覧")
        sheet.ws.set_column(0, 0, 160)

    # -- a bureau sheet -------------------------------------------------
    def section(self, sheet: _Sheet) -> None:
        section, labels = sheet.section, self.labels
        last_column = col.COLUMN_COUNT
        for index, width in enumerate(self.widths):
            sheet.ws.set_column(index, index, width)
        self.title(sheet, last_column, sum(self.widths))
        self.text(sheet, BUREAU_ROW, 1, section.heading, "bureau", "局")
        self.text(sheet, BUREAU_ROW, last_column, labels.unit, "unit", "単位")
        sheet.ws.set_row(BUREAU_ROW - 1, 20)
        self.headers(sheet)

        row_of = [FIRST_ROW + index for index in range(len(section.rows))]
        measure_levels = any(r.kind is RowKind.MEASURE_SUBTOTAL for r in section.rows)
        for index, row in enumerate(section.rows):
            number = row_of[index]
            if row.kind is RowKind.PILLAR:
                self.pillar_row(sheet, number, row)
            elif row.kind is RowKind.PROGRAM:
                self.program_row(sheet, number, row)
            else:
                self.total_row(sheet, number, row, row_of)
            level = _outline_level(row.kind, measure_levels)
            if level:
                sheet.levels[number] = level
        last_table_row = row_of[-1] if row_of else FIRST_ROW - 1
        notes_end = self.notes(sheet, last_table_row + 2)
        heights = self.finish_rows(sheet)
        sheet.ws.outline_settings(True, True, True, False)  # summary rows below their detail
        sheet.ws.freeze_panes(FREEZE_AT)
        if any(r.kind is RowKind.PROGRAM for r in section.rows):
            self.validate_marks(sheet, col.MARK_FIRST, col.MARK_FIRST if self.protect_inputs else col.MARK_SECOND,
                                last_table_row)
        if self.protect_inputs:
            self.protect(sheet, last_table_row)
        scale = print_scale(self.widths, self.paper)
        blocks = _blocks(section, row_of) + [(row, row) for row in range(last_table_row + 1, notes_end + 1)]
        breaks = page_breaks(blocks, heights, FIRST_ROW - 1, (HEADER_ROW, HEADER_ROW + 1), scale, self.paper)
        self.write_measures(sheet, breaks)
        self.page_setup(sheet, notes_end, last_column, (HEADER_ROW, HEADER_ROW + 1), section.heading,
                        (scale, breaks))

    def word(self, message_id: str, **params) -> str:
        """A message in the edition's language (Japanese for a bilingual one)."""
        return say(message_id, **params).text("en" if self.labels.lang == "en" else "ja")

    def validate_marks(self, sheet: _Sheet, first_column: int, last_column: int, last_table_row: int,
                       prompt: dict | None = None) -> None:
        """● or blank, in the mark columns of the table's rows (with an input message when given)."""
        sheet.ws.data_validation(FIRST_ROW - 1, first_column, last_table_row - 1, last_column, {
            "validate": "list", "source": [MARK], "ignore_blank": True, "show_error": True,
            "error_title": self.word("xlsx.mark_input_title", mark=MARK),
            "error_message": self.word("xlsx.mark_input", mark=MARK), **(prompt or {})})

    def protect(self, sheet: _Sheet, last_table_row: int) -> None:
        """Lock the sheet but the input cells of program rows (program_row writes them
        unlocked and shaded); each input column says what goes in it when a cell is
        selected, and the budget and ● columns accept only what collect accepts. No
        password, so anyone can view."""
        if last_table_row >= FIRST_ROW:
            # the year the division fills in, in the language of the prompts (R7, FY2025)
            second = self.report.years.second
            code = fiscal_label_en(second) if self.labels.lang == "en" else era_code(second)
            prompts = input_prompts(code, self.word)
            self.validate_marks(sheet, col.MARK_SECOND, col.MARK_SECOND, last_table_row, prompts[col.MARK_SECOND])
            sheet.ws.data_validation(FIRST_ROW - 1, col.BUDGET_SECOND, last_table_row - 1, col.BUDGET_SECOND, {
                "validate": "integer", "criteria": ">=", "value": RETURNED_BUDGET_MINIMUM, "ignore_blank": True,
                "show_error": True, "error_title": self.word("xlsx.budget_input_title"),
                "error_message": self.word("xlsx.budget_input"), **prompts[col.BUDGET_SECOND]})
            for column in self.report.editable_columns:
                if column not in (col.MARK_SECOND, col.BUDGET_SECOND):
                    sheet.ws.data_validation(FIRST_ROW - 1, column, last_table_row - 1, column,
                                             {"validate": "any", **prompts[column]})
        # allowed: widen columns and rows to read
        sheet.ws.protect("", {"format_columns": True, "format_rows": True})

    def title(self, sheet: _Sheet, last_column: int, width: float) -> None:
        """The report's title over the table's full width, wrapped if it must."""
        self.merged_text(sheet, TITLE_ROW, 1, TITLE_ROW, last_column, self.report.title, "title", "表題")
        lines = line_count(self.report.title, width / 1.4)  # 14pt against the 10pt unit
        sheet.ws.set_row(TITLE_ROW - 1, min(lines * TITLE_LINE_HEIGHT + 6, MAX_ROW_HEIGHT))

    def headers(self, sheet: _Sheet) -> None:
        top, sub = self.labels.header_rows
        second = HEADER_ROW + 1
        for index in range(col.COLUMN_COUNT):
            column = index + 1
            width = self.widths[index]
            if sub[index]:
                self.text(sheet, HEADER_ROW, column, top[index], "header", "見出し")
                self.text(sheet, second, column, sub[index], "header", "見出し")
                sheet.heights.need(second, second, line_count(sub[index], width))
            elif top[index]:  # a single-level header spans both rows
                self.merged_text(sheet, HEADER_ROW, column, second, column, top[index], "header", "見出し")
                sheet.heights.need(HEADER_ROW, second, line_count(top[index], width))
            else:
                self.blank(sheet, HEADER_ROW, column, "header")
                self.blank(sheet, second, column, "header")
        for start in col.KPI_STARTS:
            self.merged_text(sheet, HEADER_ROW, start + 1, HEADER_ROW, start + col.KPI_WIDTH, top[start],
                             "header", "見出し")
            width = sum(self.widths[start:start + col.KPI_WIDTH])
            sheet.heights.need(HEADER_ROW, HEADER_ROW, line_count(top[start], width))

    def pillar_row(self, sheet: _Sheet, number: int, row: Row) -> None:
        self.merged_text(sheet, number, 1, number, row.label_span, row.label, "pillar", "重点戦略")
        sheet.heights.need(number, number, line_count(row.label, sum(self.widths)))

    def program_row(self, sheet: _Sheet, number: int, row: Row) -> None:
        """A program's 19 cells. The common case (every text storable, nothing
        changed) writes straight through with each column's format, looked up once
        per workbook: this is the loop a 10,000-program book spends its time in."""
        cells = row.cells
        texts = list(map(_TEXT, cells))
        if any(map(_CHANGED, cells)) or not storable("\n".join(texts)) or max(map(len, texts)) > MAX_CELL_CHARS:
            self.checked_program_row(sheet, number, row)
        else:
            ws, index_row, widths, formats = sheet.ws, number - 1, self.widths, self.program_formats
            one_line, spare = self.one_line, self.spare
            # The summary is nearly always the tallest cell: counted first, it lets most
            # other cells go uncounted. A text needs no count when it fits on one line,
            # or, unbroken (no space, no newline), when it fits in the lines already
            # needed even if every character were two units and every line lost one.
            lines = line_count(texts[col.SUMMARY], widths[col.SUMMARY])
            for index in range(1, col.COLUMN_COUNT):
                cell = cells[index]
                cell_format = formats.get((index, cell.align, cell.is_amount))
                if cell_format is None:
                    cell_format = self.column_format(index, cell)
                if cell.is_amount:
                    if cell.amount is None:
                        ws.write_blank(index_row, index, None, cell_format)
                    elif abs(cell.amount) > MAX_EXACT_INTEGER:
                        self.amount(sheet, number, index + 1, cell.amount, self.labels.flat_headers[index],
                                    cell_format, row.where)
                    else:
                        ws.write_number(index_row, index, cell.amount, cell_format)
                    continue
                text = texts[index]
                if not text:
                    ws.write_blank(index_row, index, None, cell_format)
                elif index == col.NUMBER and text.isascii() and text.isdigit() and len(text) <= 15:
                    ws.write_number(index_row, index, int(text), cell_format)
                else:
                    ws.write_string(index_row, index, text, cell_format)
                    units = 2 * len(text)  # at most
                    if units > one_line[index] and (units > lines * spare[index] or " " in text) or "\n" in text:
                        lines = max(lines, line_count(text, widths[index]))
            sheet.heights.need(number, number, lines)
        if row.measure_start:
            self.measure_cell(sheet, number, row)

    def column_format(self, index: int, cell):
        """A program cell's format: by column and alignment, unlocked for a
        division's input cells (looked up once per workbook)."""
        key = (index, cell.align, cell.is_amount)
        found = self.program_formats.get(key)
        if found is None:
            found = self.program_formats[key] = self.format(
                "amount" if cell.is_amount else ALIGN_STYLE[cell.align],
                unlocked=self.protect_inputs and index in self.report.editable_columns)
        return found

    def checked_program_row(self, sheet: _Sheet, number: int, row: Row) -> None:
        """A program row cell by cell: each unstorable value a problem naming its cell,
        changed cells filled."""
        flat = self.labels.flat_headers
        inputs = self.report.editable_columns if self.protect_inputs else ()
        lines = 1
        for index, cell in enumerate(row.cells):
            if index == col.MEASURE:
                continue
            column = index + 1
            style = "amount" if cell.is_amount else ALIGN_STYLE[cell.align]
            cell_format = self.format(style, unlocked=index in inputs, changed=cell.changed)
            if cell.is_amount:
                self.amount(sheet, number, column, cell.amount, flat[index], cell_format, row.where)
            elif index == col.NUMBER and cell.text.isascii() and cell.text.isdigit() and len(cell.text) <= 15:
                sheet.ws.write_number(number - 1, index, int(cell.text), cell_format)
            else:
                self.text(sheet, number, column, cell.text, style, flat[index], cell_format, row.where)
                if cell.text:
                    lines = max(lines, line_count(cell.text, self.widths[index]))
        sheet.heights.need(number, number, lines)

    def measure_cell(self, sheet: _Sheet, number: int, row: Row) -> None:
        """The measure's name over its programs: its height now, the cell itself once the
        page breaks are known (write_measures)."""
        text = row.cells[col.MEASURE].text
        last = number + max(row.measure_rows, 1) - 1
        sheet.measures.append((number, last, text, row.where))
        sheet.heights.need(number, last, line_count(text, self.widths[col.MEASURE]))

    def write_measures(self, sheet: _Sheet, breaks: list[int]) -> None:
        """Each measure's name merged over its programs; a measure taller than a page is
        merged page by page, its name repeated at the top of each page it runs onto."""
        field_name = self.labels.flat_headers[col.MEASURE]
        for first, last, text, where in sheet.measures:
            starts = [first] + [b for b in breaks if first < b <= last]
            for start, end in zip(starts, [b - 1 for b in starts[1:]] + [last]):
                if end > start:
                    self.merged_text(sheet, start, 1, end, 1, text, "left", field_name, where)
                else:
                    self.text(sheet, start, 1, text, "left", field_name, where=where)

    def total_row(self, sheet: _Sheet, number: int, row: Row, row_of: list[int]) -> None:
        self.merged_text(sheet, number, 1, number, row.label_span, row.label, "total label", "合計")
        first, last = row.covers
        for year, index in enumerate((col.BUDGET_FIRST, col.BUDGET_SECOND)):
            letter = xl_col_to_name(index)
            span = f"{letter}{row_of[first]}:{letter}{row_of[last]}"
            self.formula(sheet, number, index + 1, "total amount", _total_formula(span, row.amounts[year]),
                         row.amounts[year])
        sheet.heights.need(number, number, line_count(row.label, sum(self.widths[:row.label_span])))

    def notes(self, sheet: _Sheet, start: int, last_column: int = col.COLUMN_COUNT,
              width: float | None = None, lines=None) -> int:
        """The notes area below a table: title, footnotes, legend. Returns its last row."""
        width = sum(self.widths) if width is None else width
        lines = (*self.report.footnotes, *self.labels.legend) if lines is None else lines
        number = start
        self.text(sheet, number, 1, self.labels.notes_title, "note title", "注記")
        for text in lines:
            number += 1
            self.merged_text(sheet, number, 1, number, last_column, text, "note", "注記")
            sheet.heights.need(number, number, line_count(text, width))
        return number

    # -- printing -------------------------------------------------------
    def page_setup(self, sheet: _Sheet, last_row: int, last_column: int, title_rows: tuple[int, int],
                   name: str, scale_and_breaks: tuple[int, list[int]] | None = None) -> None:
        """Paper, margins, titles and header/footer; a bureau sheet prints at a fixed scale with
        page breaks between measures (renderers/xlsx/pages.py), any other fits the width."""
        ws = sheet.ws
        ws.set_paper(PAPER_SIZES[self.paper])
        ws.set_landscape()
        if scale_and_breaks is None:
            ws.fit_to_pages(1, 0)
        else:
            ws.set_print_scale(scale_and_breaks[0])
            ws.set_h_pagebreaks([row - 1 for row in scale_and_breaks[1]])  # XlsxWriter: break above this row
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)
        ws.print_area(0, 0, last_row - 1, last_column - 1)
        font = f'&"{FONT_NAME},Regular"&9'
        header = f"&L{font}{_escape_header(self.report.title)}&R{font}{_escape_header(name)}"
        footer = f"&C{font}{_page_footer(self.labels.page_footer)}"
        for text, set_text, messages in ((header, ws.set_header, _HEADER_MESSAGES),
                                         (footer, ws.set_footer, _FOOTER_MESSAGES)):
            problem = _header_problem(text, *messages)
            if problem is not None:
                self.problems.append(Finding(Severity.ERROR, Location(sheet.where, sheet=sheet.name), problem,
                                             "表題"))
                continue
            set_text(text, {"margin": 0.25})


def _blocks(section: Section, row_of: list[int]) -> list[tuple[int, int]]:
    """The section's rows as blocks to keep on one page: a measure with all its programs (and
    its subtotal), a pillar row with the block after it, any other row alone."""
    blocks: list[tuple[int, int]] = []
    rows, index, pending = section.rows, 0, None
    while index < len(rows):
        row = rows[index]
        last = index
        if row.kind is RowKind.PROGRAM and row.measure_start:
            last = index + max(row.measure_rows, 1) - 1
            if last + 1 < len(rows) and rows[last + 1].kind is RowKind.MEASURE_SUBTOTAL:
                last += 1
        first_row = pending if pending is not None else row_of[index]
        if row.kind is RowKind.PILLAR:
            pending = first_row  # kept with what follows it
        else:
            blocks.append((first_row, row_of[last]))
            pending = None
        index = last + 1
    if pending is not None:
        blocks.append((pending, row_of[-1]))
    return blocks


# the messages of a page header's and a page footer's problems: (too long, holds a picture code)
_HEADER_MESSAGES = ("xlsx.header_too_long", "xlsx.header_picture")
_FOOTER_MESSAGES = ("xlsx.footer_too_long", "xlsx.footer_picture")


def _header_problem(text: str, too_long: str, picture: str) -> Text | None:
    """Why XlsxWriter would drop this page header or footer (it only warns), or None:
    the message `too_long` or `picture`."""
    length = len(text.encode("utf-16-le", "surrogatepass")) // 2
    if length > MAX_HEADER_FOOTER:
        return say(too_long, length=length, limit=MAX_HEADER_FOOTER)
    if "&G" in text or "&[Picture]" in text:  # XlsxWriter reads these as picture placeholders
        return say(picture)
    return None


def _outline_level(kind: RowKind, measure_levels: bool) -> int:
    """Pillar rows and their subtotals 1, programs (and measure subtotals) deeper,
    the bureau total 0: collapsing to level 1 leaves the pillar totals."""
    if kind in (RowKind.PILLAR, RowKind.PILLAR_SUBTOTAL):
        return 1
    if kind is RowKind.MEASURE_SUBTOTAL:
        return 2
    if kind is RowKind.PROGRAM:
        return 3 if measure_levels else 2
    return 0


def _total_formula(span: str, amount: int | None) -> str:
    """SUBTOTAL(9, …) ignores nested SUBTOTALs, so subtotals are never counted
    twice. A total whose programs have no budget at all shows —, not 0 (the
    COUNT guard keeps the cell live if a budget is typed in later)."""
    formula = f"SUBTOTAL(9,{span})"
    if amount is None:
        return f'=IF(COUNT({span})=0,"—",{formula})'
    return f"={formula}"


def _page_footer(template: str) -> str:
    """The edition's page footer ('1 / 3') with Excel's page codes: &P / &N."""
    return _escape_header(template).replace(PAGE_MARK, "&P").replace(PAGES_MARK, "&N")


def _escape_header(text: str) -> str:
    """Page header text: '&' starts a code in Excel, so a literal one is doubled."""
    return text.replace("&", "&&")
