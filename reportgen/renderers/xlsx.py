"""The Excel workbook: the resolved report as a print-ready, editable .xlsx.

Reads only the `Report` built by reportgen.layout (never the model), like every
renderer. One sheet per bureau, named by the bureau's key (Section.bureau),
laid out as the printed table (title, the bureau's printed heading, the two
header rows, pillar rows, measures merged over their programs, live
SUBTOTAL formulas, notes and legend below the table), and a summary sheet
(labels.summary_sheet) whose totals are formulas referring to the bureau
sheets. Budgets are integers with a number format, never text; every data
string is stored as a string cell, so `=…`, `+81` or `#N/A` stay text.

Anything Excel cannot store (control characters, cells over 32,767
characters, integers beyond 15 digits, invalid or duplicate sheet names) is
collected and raised as one ReportgenError naming each sheet and cell: nothing
is truncated, renamed or guessed.

Output is reproducible: document dates come from the edition (April 1 of its
first fiscal year) and every zip member carries that timestamp, so the same
report gives the same bytes.
"""
from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass

import openpyxl.xml
from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from .. import columns as col
from ..findings import Finding, ReportgenError, Severity, Text, english
from ..labels import PAGE_MARK, PAGES_MARK
from ..layout import Report, Row, RowKind, Section
from ..model import Location

from .xlsx_light import LightBook, assign, light_styles
from .xlsx_package import _save
from .xlsx_sizes import (MAX_ROW_HEIGHT, TITLE_LINE_HEIGHT, _Heights, _illegal_character, column_widths,
                         line_count, sheet_name_problems, summary_sheet_name, text_units)
from .xlsx_styles import (CHANGED_FILL, FONT_NAME, _add_styles, _ALIGN_STYLE, CHANGE_LIST_SHEET)
MARK = "●"
LANGUAGES = {"ja": "ja-JP", "en": "en", "ja+en": "ja-JP"}  # document language by edition language

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell's text
MAX_EXACT_INTEGER = 10 ** 15 - 1  # Excel keeps 15 significant digits
MAX_HEADER_FOOTER = 255  # characters in one page header or footer, codes included

PAPER_SIZES = {"a3": Worksheet.PAPERSIZE_A3, "a4": Worksheet.PAPERSIZE_A4}

# Sheet geometry of a bureau sheet (the loader finds everything by content).
TITLE_ROW = 1
BUREAU_ROW = 2
HEADER_ROW = 4  # header rows 4 and 5
FIRST_ROW = HEADER_ROW + 2
LAST_COLUMN = get_column_letter(col.COLUMN_COUNT)  # 'S'
LABEL_LAST_COLUMN = col.BUDGET_FIRST  # total labels span columns 1..17 (A:Q)
FREEZE_AT = f"{get_column_letter(col.NAME + 2)}{FIRST_ROW}"  # 'D6': below the header, right of C


# A division's workbook: the first year is settled, the second is what the
# division fills in. These columns stay editable; the sheet protects the rest.
INPUT_COLUMNS = (col.SUMMARY, col.MARK_SECOND, 7, 8, 9, 11, 12, 13, 14, 16, col.BUDGET_SECOND)


def render_xlsx(report: Report, paper: str = "a3", protect_inputs: bool = False,
                light: bool = False) -> bytes:
    """The workbook's bytes; ReportgenError lists every value Excel cannot store.

    `protect_inputs`: a division's sheet, protected (without a password) except
    for INPUT_COLUMNS of program rows, with whole numbers ≥ 0 required for the
    second year's budget.

    `light`: the same workbook, byte for byte, written without openpyxl's
    per-cell, per-sheet and per-workbook objects (see xlsx_light) — for every
    edition and above all for `reportgen split`, which writes one small
    workbook per division and would otherwise spend most of its time on them.
    A change report's highlighted cells need openpyxl's own writer, and so does
    a process where openpyxl writes through lxml."""
    if paper not in PAPER_SIZES:
        raise ReportgenError(Finding(Severity.ERROR, Location("--paper"),
                                     f"用紙 {paper!r} は使えません（a3 または a4）", "paper",
                                     f"paper {paper!r} is not available (a3 or a4)"))
    highlighted = report.change_list or any(c.changed for s in report.sections for r in s.rows for c in r.cells)
    # the light writer reproduces openpyxl's standard-library XML; when openpyxl
    # was imported to write through lxml (before reportgen could ask it not to),
    # its own writer is used
    writer = _Writer(report, paper, light and not highlighted and not openpyxl.xml.LXML)
    writer.protect_inputs = protect_inputs
    data = writer.write()
    if writer.problems:
        raise ReportgenError(writer.problems)
    return data


# ---------------------------------------------------------------- writing

@dataclass
class _Sheet:
    ws: Worksheet
    section: Section
    where: str  # how messages name this bureau


class _Writer:
    def __init__(self, report: Report, paper: str, light: bool = False) -> None:
        self.light = LightBook() if light else None
        self.protect_inputs = False
        self.report = report
        self.paper = paper
        self.labels = report.labels
        self.problems: list[Finding] = []
        self.widths = column_widths(report)
        first = report.years.first
        self.timestamp = datetime.datetime(first, 4, 1)
        self.cached: dict[str, dict[str, int | str]] = {}  # sheet -> cell -> formula value

    # -- cells ----------------------------------------------------------
    def cell(self, ws: Worksheet, row: int, column: int, style: str, value=None):
        """A cell in one of the shared named styles.

        Equivalent to `cell.style = style` (which copies the named style's
        array), without openpyxl's per-assignment search of the style list:
        the arrays are looked up once per workbook."""
        if self.light is not None:
            cell = self.light.cell(ws, row, column)
            cell._style = self.style_arrays[style]  # shared: a light cell never changes its array in place
        else:
            cell = ws.cell(row=row, column=column)
            cell._style = copy.copy(self.style_arrays[style])
        if value is not None:
            cell.value = value
        return cell

    def merge(self, ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        if self.light is not None:
            self.light.merges[ws].append((start_row, start_column, end_row, end_column))
        else:
            _merge(ws, start_row, start_column, end_row, end_column)

    def row_height(self, ws: Worksheet, row: int, height: float) -> None:
        if self.light is not None:
            self.light.row(ws, row)[0] = float(height)
        else:
            ws.row_dimensions[row].height = height

    def row_outline(self, ws: Worksheet, row: int, level: int) -> None:
        if self.light is not None:
            self.light.row(ws, row)[1] = int(level)
        else:
            ws.row_dimensions[row].outline_level = level

    def column_width(self, ws: Worksheet, column: int, width: float) -> None:
        """Width of the 1-based `column`."""
        if self.light is not None:
            self.light.columns[ws][column] = float(width)
        else:
            ws.column_dimensions[get_column_letter(column)].width = width

    def new_sheet(self, wb: Workbook | None, title: str, index: int | None = None):
        if self.light is not None:
            return self.light.create_sheet(title, index)
        return wb.create_sheet(title, index)

    def set(self, ws, path: str, value) -> None:
        """A sheet setting: `ws.<path> = value` (the light path records it)."""
        if self.light is not None:
            ws.settings.append((path, value))
        else:
            assign(ws, path, value)

    def validate(self, ws, cells: str, **arguments) -> None:
        """A data validation over `cells`."""
        if self.light is not None:
            ws.validations.append((tuple(arguments.items()), cells))
        else:
            validation = DataValidation(**arguments)
            validation.add(cells)
            ws.add_data_validation(validation)

    def problem(self, ws: Worksheet, cell: str, where: str, message: str, field: str) -> None:
        self.problems.append(Finding(Severity.ERROR, Location(where, sheet=ws.title, cell=cell),
                                     message, field, english(message)))

    def formula(self, ws: Worksheet, row: int, column: int, style: str, formula: str,
                value: int | None) -> None:
        """A live formula, with the value the report computed for it cached
        beside it (as Excel does), so viewers that do not calculate (Protected
        View, previews, pandas) still show the totals. A total with no budget
        at all is '—', as the formula itself returns."""
        cell = self.cell(ws, row, column, style, formula)
        self.cached.setdefault(ws.title, {})[cell.coordinate] = "—" if value is None else value

    def text(self, ws: Worksheet, row: int, column: int, text: str, style: str,
             where: str, field: str) -> None:
        """A string cell (never a formula, number or error), or a styled empty cell."""
        cell = self.cell(ws, row, column, style)
        if not text:
            return
        illegal = _illegal_character(text)
        if illegal or len(text) > MAX_CELL_CHARS:
            message = (Text(f"{illegal}。Excel のセルに保存できません", f"{english(illegal)}: Excel cannot store it")
                       if illegal else
                       Text(f"{len(text):,} 文字あります（Excel のセルは {MAX_CELL_CHARS:,} 文字まで）",
                            f"{len(text):,} characters (an Excel cell holds {MAX_CELL_CHARS:,})"))
            self.problem(ws, cell.coordinate, where, message, field)
            return
        cell.value = text
        cell.data_type = "s"  # '=…', '#N/A', '+81' stay text

    def amount(self, ws: Worksheet, row: int, column: int, amount: int | None,
               where: str, field: str) -> None:
        cell = self.cell(ws, row, column, "reportgen amount")
        if amount is None:
            return  # none is an empty cell, never 0
        if abs(amount) > MAX_EXACT_INTEGER:
            self.problem(ws, cell.coordinate, where,
                         Text(f"金額 {amount:,} は Excel が正確に保てる 15 桁を超えます",
                              f"the amount {amount:,} has more than the 15 digits Excel keeps exactly"), field)
            return
        cell.value = int(amount)

    # -- workbook -------------------------------------------------------
    def write(self) -> bytes:
        report, labels = self.report, self.labels
        wb = None
        if self.light is not None:
            # the styles are the same for every workbook: set up once per process
            self.style_arrays = light_styles().arrays
        else:
            wb = Workbook()
            _add_styles(wb)
            self.style_arrays = {style.name: style.as_tuple() for style in wb._named_styles}
            wb.remove(wb.active)

        names = [s.bureau for s in report.sections]
        summary_name = summary_sheet_name(labels.summary_sheet)
        for name, message in sheet_name_problems([summary_name] + names):
            self.problems.append(Finding(Severity.ERROR, Location(f"局「{name}」", sheet=name),
                                         message, "局", english(message)))
        if self.problems:
            return b""
        summary = self.new_sheet(wb, summary_name)
        sheets = [self.section(self.new_sheet(wb, section.bureau), section) for section in report.sections]
        self.summary(summary, sheets)
        if report.change_list:
            self.change_list(self.new_sheet(wb, CHANGE_LIST_SHEET, 0))

        active = (1 if sheets else 0) + (1 if report.change_list else 0)
        if self.light is not None:
            self.light.active = active
        else:
            wb.active = active
        for index, ws in enumerate(self.light.sheets if self.light is not None else wb.worksheets):
            self.set(ws, "sheet_view.tabSelected", index == active)
        properties = self.light.properties if self.light is not None else wb.properties
        properties.title = report.title
        properties.subject = report.subject
        properties.creator = report.author
        properties.lastModifiedBy = report.author
        properties.language = LANGUAGES.get(self.labels.lang, "ja-JP")
        properties.created = self.timestamp
        properties.modified = self.timestamp
        if self.problems:
            return b""
        if self.light is not None:
            return self.light.save(self.timestamp, self.cached)
        return _save(wb, self.timestamp, self.cached)

    def change_list(self, ws: Worksheet) -> None:
        """A change report's first sheet: the changes, one per row."""
        self.text(ws, TITLE_ROW, 1, self.report.title, "reportgen title", CHANGE_LIST_SHEET, "表題")
        self.text(ws, BUREAU_ROW, 1, CHANGE_LIST_SHEET, "reportgen bureau", CHANGE_LIST_SHEET, "表題")
        for offset, line in enumerate(self.report.change_list):
            self.text(ws, HEADER_ROW + offset, 1, line, "reportgen left", CHANGE_LIST_SHEET, CHANGE_LIST_SHEET)
        self.column_width(ws, 1, 160)

    # -- a bureau sheet -------------------------------------------------
    def section(self, ws: Worksheet, section: Section) -> _Sheet:
        labels = self.labels
        where = section.bureau
        heights = _Heights()
        last_column = col.COLUMN_COUNT
        for index, width in enumerate(self.widths, start=1):
            self.column_width(ws, index, width)

        self.title(ws, last_column, sum(self.widths), where)
        self.text(ws, BUREAU_ROW, 1, section.heading, "reportgen bureau", where, "局")
        self.text(ws, BUREAU_ROW, last_column, labels.unit, "reportgen unit", where, "単位")
        self.row_height(ws, BUREAU_ROW, 20)
        self.headers(ws, heights)

        row_of = [FIRST_ROW + index for index in range(len(section.rows))]
        measure_levels = any(r.kind is RowKind.MEASURE_SUBTOTAL for r in section.rows)
        for index, row in enumerate(section.rows):
            number = row_of[index]
            if row.kind is RowKind.PILLAR:
                self.pillar_row(ws, number, row, heights, where)
            elif row.kind is RowKind.PROGRAM:
                self.program_row(ws, number, row, heights)
            else:
                self.total_row(ws, number, row, row_of, heights, where)
            self.row_outline(ws, number, _outline_level(row.kind, measure_levels))
        last_table_row = row_of[-1] if row_of else FIRST_ROW - 1
        notes_end = self.notes(ws, last_table_row + 2, heights, where)
        heights.apply(ws, self)

        self.set(ws, "sheet_properties.outlinePr.summaryBelow", True)
        self.set(ws, "sheet_format.outlineLevelRow", 3 if measure_levels else 2)
        self.set(ws, "freeze_panes", FREEZE_AT)
        if any(r.kind is RowKind.PROGRAM for r in section.rows):
            letters = [get_column_letter(i + 1) for i in (col.MARK_FIRST, col.MARK_SECOND)]
            self.validate(ws, f"{letters[0]}{FIRST_ROW}:{letters[1]}{last_table_row}",
                          type="list", formula1=f'"{MARK}"', allow_blank=True,
                          showErrorMessage=True, errorTitle="「●」か空欄",
                          error=f"この欄には「{MARK}」を入れるか、空欄にしてください。")
        if self.protect_inputs:
            self.protect(ws, section, row_of, last_table_row)
        self.page_setup(ws, f"A1:{LAST_COLUMN}{notes_end}", f"{HEADER_ROW}:{HEADER_ROW + 1}",
                        section.heading, where)
        return _Sheet(ws, section, where)

    def protect(self, ws: Worksheet, section: Section, row_of: list[int], last_table_row: int) -> None:
        """Lock the sheet but the input cells of program rows; no password, so anyone can view."""
        unlocked = Protection(locked=False)
        for index, row in enumerate(section.rows):
            if row.kind is RowKind.PROGRAM:
                for column in INPUT_COLUMNS:
                    if self.light is not None:
                        self.light.protect(ws, row_of[index], column + 1, unlocked)
                    else:
                        ws.cell(row=row_of[index], column=column + 1).protection = unlocked
        budget = get_column_letter(col.BUDGET_SECOND + 1)
        self.validate(ws, f"{budget}{FIRST_ROW}:{budget}{last_table_row}",
                      type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                      showErrorMessage=True, errorTitle="予算額",
                      error="予算額は 0 以上の整数（千円）で入力してください。")
        self.set(ws, "protection.sheet", True)
        self.set(ws, "protection.formatColumns", False)  # allowed: widen columns and rows to read
        self.set(ws, "protection.formatRows", False)

    def title(self, ws: Worksheet, last_column: int, width: float, where: str) -> None:
        """The report's title over the table's full width, wrapped if it must."""
        self.text(ws, TITLE_ROW, 1, self.report.title, "reportgen title", where, "表題")
        self.merge(ws, start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last_column)
        lines = line_count(self.report.title, width / 1.4)  # 14pt against the 10pt unit
        self.row_height(ws, TITLE_ROW, min(lines * TITLE_LINE_HEIGHT + 6, MAX_ROW_HEIGHT))

    def headers(self, ws: Worksheet, heights: _Heights) -> None:
        top, sub = self.labels.header_rows
        second = HEADER_ROW + 1
        for index in range(col.COLUMN_COUNT):
            column = index + 1
            self.text(ws, HEADER_ROW, column, top[index], "reportgen header", "", "見出し")
            self.text(ws, second, column, sub[index], "reportgen header", "", "見出し")
        for index in range(col.COLUMN_COUNT):
            column = index + 1
            width = self.widths[index]
            if sub[index]:
                heights.need(second, second, line_count(sub[index], width))
            elif top[index]:  # a single-level header spans both rows
                self.merge(ws, start_row=HEADER_ROW, start_column=column, end_row=second, end_column=column)
                heights.need(HEADER_ROW, second, line_count(top[index], width))
        for start in col.KPI_STARTS:
            self.merge(ws, start_row=HEADER_ROW, start_column=start + 1,
                       end_row=HEADER_ROW, end_column=start + col.KPI_WIDTH)
            width = sum(self.widths[start:start + col.KPI_WIDTH])
            heights.need(HEADER_ROW, HEADER_ROW, line_count(self.labels.header_rows[0][start], width))

    def pillar_row(self, ws: Worksheet, number: int, row: Row, heights: _Heights, where: str) -> None:
        for column in range(1, col.COLUMN_COUNT + 1):
            self.cell(ws, number, column, "reportgen pillar")
        self.text(ws, number, 1, row.label, "reportgen pillar", where, "重点戦略")
        self.merge(ws, start_row=number, start_column=1, end_row=number, end_column=col.COLUMN_COUNT)
        heights.need(number, number, line_count(row.label, sum(self.widths)))

    def program_row(self, ws: Worksheet, number: int, row: Row, heights: _Heights) -> None:
        flat = self.labels.flat_headers
        lines = 1
        for index, cell in enumerate(row.cells):
            column = index + 1
            if index == col.MEASURE:
                self.text(ws, number, column, cell.text if row.measure_start else "",
                          "reportgen left", row.where, flat[index])
                continue
            if cell.is_amount:
                self.amount(ws, number, column, cell.amount, row.where, flat[index])
                continue
            style = f"reportgen {_ALIGN_STYLE[cell.align]}"
            if (index == col.NUMBER and cell.text.isascii() and cell.text.isdigit()
                    and len(cell.text) <= 15):
                self.cell(ws, number, column, style, int(cell.text))
                continue
            self.text(ws, number, column, cell.text, style, row.where, flat[index])
            if cell.text:
                lines = max(lines, line_count(cell.text, self.widths[index]))
        heights.need(number, number, lines)
        for index, cell in enumerate(row.cells):
            if cell.changed:  # a change report marks the changed cells
                ws.cell(row=number, column=index + 1).fill = CHANGED_FILL
        if row.measure_start:
            last = number + max(row.measure_rows, 1) - 1
            if last > number:
                self.merge(ws, start_row=number, start_column=1, end_row=last, end_column=1)
            heights.need(number, last, line_count(row.cells[col.MEASURE].text, self.widths[col.MEASURE]))

    def total_row(self, ws: Worksheet, number: int, row: Row, row_of: list[int],
                  heights: _Heights, where: str) -> None:
        for column in range(1, LABEL_LAST_COLUMN + 1):
            self.cell(ws, number, column, "reportgen total label")
        self.text(ws, number, 1, row.label, "reportgen total label", where, "合計")
        self.merge(ws, start_row=number, start_column=1, end_row=number, end_column=LABEL_LAST_COLUMN)
        first, last = row.covers
        for year, index in enumerate((col.BUDGET_FIRST, col.BUDGET_SECOND)):
            letter = get_column_letter(index + 1)
            span = f"{letter}{row_of[first]}:{letter}{row_of[last]}"
            self.formula(ws, number, index + 1, "reportgen total amount",
                         _total_formula(span, row.amounts[year]), row.amounts[year])
        heights.need(number, number, line_count(row.label, sum(self.widths[:LABEL_LAST_COLUMN])))

    def notes(self, ws: Worksheet, start: int, heights: _Heights, where: str) -> int:
        """The notes area below the table: title, footnotes, legend. Returns its last row."""
        width = sum(self.widths)
        number = start
        self.text(ws, number, 1, self.labels.notes_title, "reportgen note title", where, "注記")
        for text in (*self.report.footnotes, *self.labels.legend):
            number += 1
            self.text(ws, number, 1, text, "reportgen note", where, "注記")
            self.merge(ws, start_row=number, start_column=1, end_row=number, end_column=col.COLUMN_COUNT)
            heights.need(number, number, line_count(text, width))
        return number

    # -- the summary sheet ----------------------------------------------
    def summary(self, ws: Worksheet, sheets: list[_Sheet]) -> None:
        """総括: per bureau, each pillar's total and the bureau's total, as
        formulas referring to the bureau sheets' total cells (and a count of
        their programs), then the grand total when there are several bureaus."""
        report, labels = self.report, self.labels
        where = labels.summary_sheet
        codes = report.years.codes
        budget_width = self.widths[col.BUDGET_FIRST]
        headers = ("局", "重点戦略", labels.contents_headers[2],
                   col.budget_label(codes[0]), col.budget_label(codes[1]))
        bureau_width = max([12.0] + [text_units(s.section.heading) + 2.0 for s in sheets])
        pillar_width = min(60.0, max([30.0] + [text_units(h) + 2.0 for s in sheets
                                               for h in s.section.pillar_headings]))
        widths = (bureau_width, pillar_width, 9.0, budget_width, budget_width)
        for index, width in enumerate(widths, start=1):
            self.column_width(ws, index, width)
        last_letter = get_column_letter(len(widths))
        heights = _Heights()
        self.title(ws, len(widths), sum(widths), where)
        self.text(ws, BUREAU_ROW, 1, labels.summary_sheet, "reportgen bureau", where, "総括")
        self.text(ws, BUREAU_ROW, len(widths), labels.unit, "reportgen unit", where, "単位")
        self.row_height(ws, BUREAU_ROW, 20)
        for column, text in enumerate(headers, start=1):
            self.text(ws, HEADER_ROW, column, text, "reportgen header", where, "見出し")
            heights.need(HEADER_ROW, HEADER_ROW, line_count(text, widths[column - 1]))

        number_letter = get_column_letter(col.NUMBER + 1)
        budget_letters = [get_column_letter(i + 1) for i in (col.BUDGET_FIRST, col.BUDGET_SECOND)]
        number = HEADER_ROW
        totals: list[tuple[str, int]] = []  # (summary column letter, row) of each bureau total
        for sheet in sheets:
            quoted = "'" + sheet.ws.title.replace("'", "''") + "'"
            first_row = number + 1
            for index, row in enumerate(sheet.section.rows):
                if row.kind not in (RowKind.PILLAR_SUBTOTAL, RowKind.BUREAU_TOTAL):
                    continue
                number += 1
                is_pillar = row.kind is RowKind.PILLAR_SUBTOTAL
                label = sheet.section.pillar_headings[row.pillar] if is_pillar else labels.bureau_total
                self.cell(ws, number, 1, "reportgen left")
                self.text(ws, number, 2, label, "reportgen left" if is_pillar else "reportgen total label",
                          sheet.where, "重点戦略")
                heights.need(number, number, line_count(label, pillar_width))
                first, last = (FIRST_ROW + r for r in row.covers)
                count = f"=COUNT({quoted}!{number_letter}{first}:{number_letter}{last})"
                programs = sum(1 for r in sheet.section.rows[row.covers[0]:row.covers[1] + 1]
                               if r.kind is RowKind.PROGRAM)
                self.formula(ws, number, 3, "reportgen right" if is_pillar else "reportgen total amount",
                             count, programs)
                for year, letter in enumerate(budget_letters):
                    self.formula(ws, number, 4 + year,
                                 "reportgen amount" if is_pillar else "reportgen total amount",
                                 f"={quoted}!{letter}{FIRST_ROW + index}", row.amounts[year])
                if not is_pillar:
                    totals.append(number)
            self.text(ws, first_row, 1, sheet.section.heading, "reportgen left", sheet.where, "局")
            if number > first_row:
                self.merge(ws, start_row=first_row, start_column=1, end_row=number, end_column=1)
            heights.need(first_row, number, line_count(sheet.section.heading, bureau_width))
        if report.grand_total is not None:
            number += 1
            for column in (1, 2):
                self.cell(ws, number, column, "reportgen total label")
            self.text(ws, number, 1, report.grand_total.label, "reportgen total label", where, "総計")
            self.merge(ws, start_row=number, start_column=1, end_row=number, end_column=2)
            count = sum(s.section.program_count for s in sheets)
            for offset, amount in enumerate((count, *report.grand_total.amounts)):
                letter = get_column_letter(3 + offset)
                references = [f"{letter}{row}" for row in totals]
                self.formula(ws, number, 3 + offset, "reportgen total amount",
                             _sum_formula(references, amount), amount)
        last = number
        number += 2
        self.text(ws, number, 1, labels.notes_title, "reportgen note title", where, "注記")
        for text in labels.legend[1:]:  # the unit and what — means; ● does not appear here
            number += 1
            self.text(ws, number, 1, text, "reportgen note", where, "注記")
            self.merge(ws, start_row=number, start_column=1, end_row=number, end_column=len(widths))
        heights.apply(ws, self)
        self.set(ws, "freeze_panes", f"A{HEADER_ROW + 1}")
        self.page_setup(ws, f"A1:{last_letter}{max(last, number)}", f"{HEADER_ROW}:{HEADER_ROW}",
                        labels.summary_sheet, where)

    # -- printing -------------------------------------------------------
    def page_setup(self, ws: Worksheet, area: str, title_rows: str, name: str, where: str) -> None:
        settings = (("page_setup.paperSize", PAPER_SIZES[self.paper]),
                    ("page_setup.orientation", Worksheet.ORIENTATION_LANDSCAPE),
                    ("page_setup.fitToWidth", 1), ("page_setup.fitToHeight", 0),
                    ("sheet_properties.pageSetUpPr.fitToPage", True),
                    ("print_options.horizontalCentered", True),
                    ("page_margins.left", 0.4), ("page_margins.right", 0.4),
                    ("page_margins.top", 0.6), ("page_margins.bottom", 0.6),
                    ("page_margins.header", 0.25), ("page_margins.footer", 0.25),
                    ("print_title_rows", title_rows), ("print_area", area))
        header_font = f"{FONT_NAME},Regular"
        for part, text in (("oddHeader.left", _escape_header(self.report.title)),
                           ("oddHeader.right", _escape_header(name)),
                           ("oddFooter.center", _page_footer(self.labels.page_footer))):
            settings += ((f"{part}.text", text), (f"{part}.font", header_font), (f"{part}.size", 9))
        for path, value in settings:
            self.set(ws, path, value)
        lengths = (self.light.header_footer_lengths(ws) if self.light is not None
                   else (len(str(ws.oddHeader)), len(str(ws.oddFooter))))
        for length, what in zip(lengths, ("ヘッダー", "フッター")):
            if length > MAX_HEADER_FOOTER:
                self.problems.append(Finding(
                    Severity.ERROR, Location(where, sheet=ws.title),
                    f"印刷の{what}（表題と局名）が {length} 文字になります（Excel は {MAX_HEADER_FOOTER} 文字まで）",
                    "表題", f"the printed {'header' if what == 'ヘッダー' else 'footer'} (title and bureau) would "
                    f"have {length} characters (Excel allows {MAX_HEADER_FOOTER})"))


def _merge(ws: Worksheet, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """Merge a range whose cells were already written and styled.

    openpyxl's merge_cells checks every existing range (quadratic in the
    number of measures) and re-styles the edge cells one by one; the ranges
    written here never overlap and every covered cell already carries its
    border, so registering the range is enough. Excel and LibreOffice draw a
    merged area from its edge cells' borders."""
    coord = CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row).coord
    ws.merged_cells.ranges.add(MergedCellRange(ws, coord))


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


def _sum_formula(references: list[str], amount: int | None) -> str:
    """Sum of scattered cells (the bureau totals on the summary sheet), in
    groups that stay under Excel's 255 arguments per function."""
    groups = [",".join(references[i:i + 200]) for i in range(0, len(references), 200)] or ["0"]
    total = "+".join(f"SUM({g})" for g in groups)
    if amount is None:
        count = "+".join(f"COUNT({g})" for g in groups)
        return f'=IF({count}=0,"—",{total})'
    return f"={total}"


def _page_footer(template: str) -> str:
    """The edition's page footer ('1 / 3') with Excel's page codes: &P / &N."""
    return _escape_header(template).replace(PAGE_MARK, "&P").replace(PAGES_MARK, "&N")


def _escape_header(text: str) -> str:
    """Page header text: '&' starts a code in Excel, so a literal one is doubled."""
    return text.replace("&", "&&")


