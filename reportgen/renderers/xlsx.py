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
import functools
import io
import math
import re
import unicodedata
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # as openpyxl's XML writer escapes
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.compat import safe_string
from openpyxl.descriptors import Strict
from openpyxl.descriptors.serialisable import Serialisable
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.packaging.manifest import Manifest
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import (ARC_APP, ARC_CORE, ARC_ROOT_RELS, ARC_STYLE, ARC_THEME, ARC_WORKBOOK,
                                    ARC_WORKBOOK_RELS, SHEET_MAIN_NS)
from openpyxl.xml.functions import tostring

from .. import columns as col
from ..amounts import format_amount
from ..findings import Finding, ReportgenError, Severity, Text, english
from ..labels import PAGE_MARK, PAGES_MARK
from ..layout import Align, Report, Row, RowKind, Section
from ..model import Location

FONT_NAME = "BIZ UDゴシック"
FONT_SIZE = 10
AMOUNT_FORMAT = '#,##0;"△"#,##0'
MARK = "●"
LANGUAGES = {"ja": "ja-JP", "en": "en", "ja+en": "ja-JP"}  # document language by edition language

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell's text
MAX_EXACT_INTEGER = 10 ** 15 - 1  # Excel keeps 15 significant digits
MAX_SHEET_NAME = 31
FORBIDDEN_SHEET_CHARS = "[]:*?/\\"
MAX_HEADER_FOOTER = 255  # characters in one page header or footer, codes included
MAX_ROW_HEIGHT = 409.0  # points, Excel's limit

PAPER_SIZES = {"a3": Worksheet.PAPERSIZE_A3, "a4": Worksheet.PAPERSIZE_A4}

# Sheet geometry of a bureau sheet (the loader finds everything by content).
TITLE_ROW = 1
BUREAU_ROW = 2
HEADER_ROW = 4  # header rows 4 and 5
FIRST_ROW = HEADER_ROW + 2
LAST_COLUMN = get_column_letter(col.COLUMN_COUNT)  # 'S'
LABEL_LAST_COLUMN = col.BUDGET_FIRST  # total labels span columns 1..17 (A:Q)
FREEZE_AT = f"{get_column_letter(col.NAME + 2)}{FIRST_ROW}"  # 'D6': below the header, right of C

# Widths in Excel character units (the width of '0'); a full-width character
# counts as 2 units, because Excel's own width under-measures CJK text.
UNITS_PER_WEIGHT = 11.0
CELL_PADDING = 0.5  # units lost to the cell's left and right margins
LINE_HEIGHT = 13.0  # points per wrapped line for the 10pt face (its line is 1 em)
TITLE_LINE_HEIGHT = 19.0  # points per line of the 14pt title
ROW_PADDING = 4.0  # points above and below the text
ONE_LINE_HEADER = 16.0  # a column widens to keep a header this wide (units) on one line

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
PILLAR_FILL = PatternFill("solid", fgColor="EDEDED")
TOTAL_FILL = PatternFill("solid", fgColor="F5F5F5")
CHANGED_FILL = PatternFill("solid", fgColor="FFEE8C")
CHANGE_LIST_SHEET = "変更一覧"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()


def _style(name: str, *, size: float = FONT_SIZE, bold: bool = False, horizontal: str = "left",
           vertical: str = "top", fill: PatternFill | None = None, border: Border = GRID,
           number_format: str = "General", wrap: bool = True) -> NamedStyle:
    style = NamedStyle(name=f"reportgen {name}")
    style.font = Font(name=FONT_NAME, size=size, bold=bold)
    style.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)
    style.border = border
    style.number_format = number_format
    if fill is not None:
        style.fill = fill
    return style


# Every cell gets one of these shared named styles: no style objects per cell.
STYLES = {
    "title": dict(size=14, bold=True, border=NO_BORDER, vertical="center"),
    "bureau": dict(size=12, bold=True, border=NO_BORDER, vertical="center", wrap=False),
    "unit": dict(horizontal="right", border=NO_BORDER, vertical="bottom", wrap=False),
    "header": dict(bold=True, horizontal="center", vertical="center", fill=HEADER_FILL),
    "pillar": dict(bold=True, vertical="center", fill=PILLAR_FILL),
    # table cells are centred vertically, as in the PDF
    "left": dict(vertical="center"),
    "center": dict(horizontal="center", vertical="center"),
    "right": dict(horizontal="right", vertical="center"),
    "amount": dict(horizontal="right", vertical="center", number_format=AMOUNT_FORMAT),
    "total label": dict(bold=True, horizontal="right", vertical="center", fill=TOTAL_FILL),
    "total amount": dict(bold=True, horizontal="right", vertical="center", fill=TOTAL_FILL,
                         number_format=AMOUNT_FORMAT),
    "note title": dict(bold=True, border=NO_BORDER, wrap=False),
    "note": dict(border=NO_BORDER),
}

_ALIGN_STYLE = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


def _add_styles(wb: Workbook) -> None:
    """The face as the default font and in the Normal style, and STYLES as named styles."""
    # the default font (new cells typed in Excel) and the Normal style are the face too
    wb._fonts = IndexedList([Font(name=FONT_NAME, size=FONT_SIZE)])
    wb._named_styles["Normal"].font = Font(name=FONT_NAME, size=FONT_SIZE)
    for name, options in STYLES.items():
        wb.add_named_style(_style(name, **options))


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
    per-cell objects and per-workbook style setup (see _LightBook) — for
    `reportgen split`, which writes one small workbook per division and would
    otherwise spend most of its time in that fixed cost."""
    if paper not in PAPER_SIZES:
        raise ReportgenError(Finding(Severity.ERROR, Location("--paper"),
                                     f"用紙 {paper!r} は使えません（a3 または a4）", "paper",
                                     f"paper {paper!r} is not available (a3 or a4)"))
    writer = _Writer(report, paper, light)
    writer.protect_inputs = protect_inputs
    data = writer.write()
    if writer.problems:
        raise ReportgenError(writer.problems)
    return data


# ---------------------------------------------------------------- measuring

def text_units(text: str) -> int:
    """Width of a line in Excel character units: full-width (and ambiguous,
    e.g. ● ①, which Japanese fonts draw full-width) 2, others 1."""
    if text.isascii():
        return len(text)
    return sum(map(_char_units, text))


@functools.lru_cache(maxsize=8192)
def _char_units(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "FWA" else 1


def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell needs in a column `width` units wide.

    Japanese breaks between any two characters; text with spaces (English,
    or Japanese mixed with words) breaks at the spaces, so whole words move
    to the next line and leave the end of a line empty."""
    usable = max(width - CELL_PADDING, 1.0)
    lines = 0
    for part in text.split("\n"):
        if " " not in part:
            lines += max(1, math.ceil(text_units(part) / usable))
        else:
            lines += _word_lines(part, usable)
    return lines


_TOKENS = re.compile(r"[!-~]+ *| +|.")  # an ASCII word with its spaces, spaces, or one character


def _word_lines(part: str, usable: float) -> int:
    lines, used = 1, 0.0
    for token in _TOKENS.findall(part):
        word = token.rstrip(" ")
        width = text_units(word)
        if used > 0 and used + width > usable:
            lines, used = lines + 1, 0.0
        if width > usable:  # a word longer than the line breaks anywhere
            lines += int((used + width) // usable)
            used = (used + width) % usable
        else:
            used += width
        used += len(token) - len(word)
    return lines


def _height(lines: int) -> float:
    return lines * LINE_HEIGHT + ROW_PADDING


def column_widths(report: Report) -> list[float]:
    """Widths from the shared weights, widened so that no number shows ###."""
    widths = [round(weight * UNITS_PER_WEIGHT, 1) for weight in report.column_weights]
    numbers = [row.cells[col.NUMBER].text for s in report.sections for row in s.rows
               if row.kind is RowKind.PROGRAM]
    widths[col.NUMBER] = max(widths[col.NUMBER], max((len(n) for n in numbers), default=1) + 2)
    amounts = [a for s in report.sections for row in s.rows for a in row.amounts]
    if report.grand_total is not None:
        amounts.extend(report.grand_total.amounts)
    longest = max((text_units(format_amount(a)) for a in amounts if a is not None), default=1)
    top, sub = report.labels.header_rows
    for index in (col.BUDGET_FIRST, col.BUDGET_SECOND):
        widths[index] = max(widths[index], longest + 2.5)
    # Short headers stay on one line ('R6予算額(千円)' keeps its unit beside
    # the year, '基準年度' does not lose its last character to a second line);
    # long ones (a bilingual edition's) wrap within the weighted width.
    for index, text in enumerate(sub):
        units = text_units(text or top[index]) + 1.5
        if (text or index in (col.BUDGET_FIRST, col.BUDGET_SECOND)) and units <= ONE_LINE_HEADER:
            widths[index] = max(widths[index], units)
    return widths


class _Heights:
    """Row heights from the lines each cell needs; a merged cell's need is
    spread over the rows it spans after the single-row needs are met."""

    def __init__(self) -> None:
        self.single: dict[int, int] = {}
        self.spans: list[tuple[int, int, int]] = []

    def need(self, first: int, last: int, lines: int) -> None:
        if first == last:
            self.single[first] = max(self.single.get(first, 1), lines)
        else:
            self.spans.append((first, last, lines))

    def apply(self, ws: Worksheet, writer: _Writer) -> None:
        heights = {row: _height(lines) for row, lines in self.single.items()}
        for first, last, lines in self.spans:
            rows = range(first, last + 1)
            for row in rows:
                heights.setdefault(row, _height(1))
            deficit = _height(lines) - sum(heights[row] for row in rows)
            if deficit > 0:
                for row in rows:
                    heights[row] += deficit / len(rows)
        for row, height in heights.items():
            writer.row_height(ws, row, round(min(height, MAX_ROW_HEIGHT), 2))


# ---------------------------------------------------------------- checking

_FULL_WIDTH_FORMS = str.maketrans("[]:*?/\\", "［］：＊？／＼")


def summary_sheet_name(label: str) -> str:
    """The summary sheet's name: our own label, so characters Excel forbids in
    sheet names take their full-width forms ('総括 / Summary' in a bilingual
    edition becomes '総括 ／ Summary'). Bureau names, being data, never change."""
    return label.translate(_FULL_WIDTH_FORMS)


def sheet_name_problems(names: list[str]) -> list[tuple[str, str]]:
    """(name, message) for every sheet name Excel would refuse or confuse."""
    problems = []
    seen: dict[str, str] = {}
    for name in names:
        bad = sorted({ch for ch in name if ch in FORBIDDEN_SHEET_CHARS})
        if not name.strip():
            problems.append((name, Text("シート名（局名）が空です", "the sheet name (bureau) is empty")))
        elif bad:
            problems.append((name, Text(f"シート名（局名）に Excel で使えない文字 {' '.join(bad)} があります",
                                        f"the sheet name (bureau) holds {' '.join(bad)}, which Excel does not allow")))
        elif len(name) > MAX_SHEET_NAME:
            problems.append((name, Text(f"シート名（局名）が {len(name)} 文字です（Excel は {MAX_SHEET_NAME} 文字まで）",
                                        f"the sheet name (bureau) has {len(name)} characters "
                                        f"(Excel allows {MAX_SHEET_NAME})")))
        elif name.startswith("'") or name.endswith("'"):
            problems.append((name, Text("シート名（局名）の先頭と末尾にはアポストロフィ（'）を使えません",
                                        "a sheet name (bureau) cannot begin or end with an apostrophe")))
        elif name.casefold() == "history":
            problems.append((name, Text("シート名「History」は Excel の予約名です",
                                        "'History' is a sheet name Excel reserves")))
        elif _illegal_character(name):
            illegal = _illegal_character(name)
            problems.append((name, Text(f"シート名（局名）に {illegal} があります",
                                        f"the sheet name (bureau) holds {english(illegal)}")))
        key = unicodedata.normalize("NFKC", name).casefold()
        if key in seen:
            problems.append((name, Text(f"シート名（局名）が「{seen[key]}」と同じになります"
                                        "（Excel は大文字小文字・全角半角を区別しません）",
                                        f"the sheet name (bureau) equals 「{seen[key]}」 to Excel, which ignores "
                                        "case and full/half width")))
        else:
            seen[key] = name
    return problems


# C0/C1 control characters but tab and newline (Excel cannot store them, and a
# carriage return would not survive the round trip), surrogates, U+FFFE/FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _illegal_character(text: str) -> str | None:
    """A description of the first character Excel cannot store, or None."""
    match = _ILLEGAL.search(text)
    if match is None:
        return None
    return Text(f"制御文字など保存できない文字 U+{ord(match.group()):04X}（{match.start() + 1} 文字目）",
                f"the character U+{ord(match.group()):04X} (position {match.start() + 1}), which cannot be stored")


# ---------------------------------------------------------------- writing

@dataclass
class _Sheet:
    ws: Worksheet
    section: Section
    where: str  # how messages name this bureau


class _Writer:
    def __init__(self, report: Report, paper: str, light: bool = False) -> None:
        self.light = _LightBook() if light else None
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
        wb = Workbook() if self.light is None else _LightWorkbook()
        if self.light is not None:
            # the styles are the same for every workbook: set up once per process
            self.style_arrays = _light_styles().arrays
        else:
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
        summary = wb.create_sheet(summary_name)
        sheets = [self.section(wb.create_sheet(section.bureau), section) for section in report.sections]
        self.summary(summary, sheets)
        if report.change_list:
            self.change_list(wb.create_sheet(CHANGE_LIST_SHEET, 0))

        wb.active = (1 if sheets else 0) + (1 if report.change_list else 0)
        for index, ws in enumerate(wb.worksheets):
            ws.sheet_view.tabSelected = index == wb.index(wb.active)
        properties = wb.properties
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
            return self.light.save(wb, self.timestamp, self.cached)
        return _save(wb, self.timestamp, self.cached)

    def change_list(self, ws: Worksheet) -> None:
        """A change report's first sheet: the changes, one per row."""
        self.text(ws, TITLE_ROW, 1, self.report.title, "reportgen title", CHANGE_LIST_SHEET, "表題")
        self.text(ws, BUREAU_ROW, 1, CHANGE_LIST_SHEET, "reportgen bureau", CHANGE_LIST_SHEET, "表題")
        for offset, line in enumerate(self.report.change_list):
            self.text(ws, HEADER_ROW + offset, 1, line, "reportgen left", CHANGE_LIST_SHEET, CHANGE_LIST_SHEET)
        ws.column_dimensions["A"].width = 160

    # -- a bureau sheet -------------------------------------------------
    def section(self, ws: Worksheet, section: Section) -> _Sheet:
        report, labels = self.report, self.labels
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

        ws.sheet_properties.outlinePr.summaryBelow = True
        ws.sheet_format.outlineLevelRow = 3 if measure_levels else 2
        ws.freeze_panes = FREEZE_AT
        if any(r.kind is RowKind.PROGRAM for r in section.rows):
            marks = DataValidation(type="list", formula1=f'"{MARK}"', allow_blank=True,
                                   showErrorMessage=True, errorTitle="「●」か空欄",
                                   error=f"この欄には「{MARK}」を入れるか、空欄にしてください。")
            letters = [get_column_letter(i + 1) for i in (col.MARK_FIRST, col.MARK_SECOND)]
            marks.add(f"{letters[0]}{FIRST_ROW}:{letters[1]}{last_table_row}")
            ws.add_data_validation(marks)
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
        whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, errorTitle="予算額",
                               error="予算額は 0 以上の整数（千円）で入力してください。")
        whole.add(f"{budget}{FIRST_ROW}:{budget}{last_table_row}")
        ws.add_data_validation(whole)
        ws.protection.sheet = True
        ws.protection.formatColumns = False  # allowed: widen columns and rows to read
        ws.protection.formatRows = False

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
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        self.page_setup(ws, f"A1:{last_letter}{max(last, number)}", f"{HEADER_ROW}:{HEADER_ROW}",
                        labels.summary_sheet, where)

    # -- printing -------------------------------------------------------
    def page_setup(self, ws: Worksheet, area: str, title_rows: str, name: str, where: str) -> None:
        setup = ws.page_setup
        setup.paperSize = PAPER_SIZES[self.paper]
        setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.page_margins.header = ws.page_margins.footer = 0.25
        ws.print_title_rows = title_rows
        ws.print_area = area
        header_font = f"{FONT_NAME},Regular"
        parts = ((ws.oddHeader.left, _escape_header(self.report.title)),
                 (ws.oddHeader.right, _escape_header(name)),
                 (ws.oddFooter.center, _page_footer(self.labels.page_footer)))
        for part, text in parts:
            part.text = text
            part.font = header_font
            part.size = 9
        for item, what in ((ws.oddHeader, "ヘッダー"), (ws.oddFooter, "フッター")):
            length = len(str(item))
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


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/></c>')


def _cache_values(xml: bytes, values: dict[str, int | str]) -> bytes:
    """Put each formula's computed value into openpyxl's empty <v/>.

    openpyxl writes formulas without results; Excel recalculates them on
    load (fullCalcOnLoad), but viewers that do not calculate would show
    blanks. A cell the pattern does not find keeps its formula uncached."""
    if not values:
        return xml

    def fill(match: re.Match) -> bytes:
        coord, attributes, formula = match.group(1), match.group(2), match.group(3)
        value = values.get(coord.decode())
        if value is None:
            return match.group(0)
        if isinstance(value, str):
            attributes += b' t="str"'
            value_xml = escape(value).encode()
        else:
            value_xml = str(value).encode()
        return b'<c r="' + coord + b'"' + attributes + b"><f>" + formula + b"</f><v>" + value_xml + b"</v></c>"

    return _FORMULA_CELL.sub(fill, xml)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry one timestamp, for byte-identical output;
    worksheets get their formulas' values on the way in."""

    def __init__(self, file, date_time: tuple[int, int, int, int, int, int], wb: Workbook,
                 cached: dict[str, dict[str, int | str]]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.fixed_time = date_time
        self.wb = wb
        self.cached = cached  # by sheet title

    def _values_for(self, arcname: str) -> dict[str, int | str]:
        # a sheet's part name is known only once the writer numbered the sheets
        for ws in self.wb.worksheets:
            if getattr(ws, "_id", None) is not None and ws.path.lstrip("/") == arcname:
                return self.cached.get(ws.title, {})
        return {}

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.fixed_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        if zinfo_or_arcname.filename.startswith("xl/worksheets/"):
            data = _cache_values(data if isinstance(data, bytes) else data.encode(),
                                 self._values_for(zinfo_or_arcname.filename))
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as handle:
            self.writestr(arcname or filename, handle.read())


def _save(wb: Workbook, timestamp: datetime.datetime, cached: dict[str, dict[str, int | str]]) -> bytes:
    """Save without openpyxl stamping the current time into the properties or the zip."""
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, timestamp.timetuple()[:6], wb, cached)
    ExcelWriter(wb, archive).save()  # closes the archive
    return buffer.getvalue()


# ---------------------------------------------------------------- the light path
#
# `reportgen split` writes ~1,800 small workbooks; through openpyxl each one
# costs ~15 ms of fixed work (named styles bound to a new workbook, a Cell
# object per cell, an XML element per cell written through a temporary
# file, the stylesheet rebuilt). The light path keeps openpyxl's Workbook and
# Worksheet objects for the sheet settings (page setup, protection,
# validation, views, properties, defined names: serialised by openpyxl
# itself, each setting's XML remembered by its state), records cells,
# merges, row heights and outline levels and column widths in plain objects,
# and writes sheetData, cols, mergeCells and the stylesheet the way
# openpyxl 3.1 does: the same parts in the same order with the same bytes
# (tests compare both paths). Those are the only things _Writer puts on a
# sheet that the light path writes itself; anything new would need adding
# here (and the tests comparing both paths would show it missing).


class _LightCell:
    """What the writer needs of an openpyxl Cell: place, style array, value, type."""

    __slots__ = ("row", "column", "_style", "_value", "data_type")

    def __init__(self, row: int, column: int) -> None:
        self.row = row
        self.column = column
        self._style = _NO_STYLE
        self._value = None
        self.data_type = "n"

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value) -> None:
        # openpyxl's binding for the values _Writer stores: integers, '=' formulas
        # (text cells set data_type 's' themselves afterwards)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"unexpected cell value {value!r}")
        if isinstance(value, str):
            self.data_type = "f" if len(value) > 1 and value.startswith("=") else "s"
        else:
            self.data_type = "n"
        self._value = value


_NO_STYLE = StyleArray()


class _LightWorkbook(Workbook):
    """A workbook whose styles are _light_styles()'s: of its own style lists
    it needs only those the writer adds to (cell style arrays, protections)."""

    def _setup_styles(self) -> None:
        self._cell_styles = IndexedList([StyleArray()])
        self._protections = IndexedList([Protection()])


@dataclass(frozen=True)
class _LightStyles:
    book: Workbook  # holds only the styles: the stylesheet's source
    arrays: dict[str, StyleArray]


@functools.lru_cache(maxsize=1)
def _light_styles() -> _LightStyles:
    wb = Workbook()
    _add_styles(wb)
    return _LightStyles(wb, {style.name: style.as_tuple() for style in wb._named_styles})


_STYLESHEETS: dict[tuple, bytes] = {}  # (cell style arrays, protections) -> styles.xml


def _light_stylesheet(cell_styles: list[StyleArray], protections: list[Protection]) -> bytes:
    """styles.xml as openpyxl writes it for a workbook whose cells use these arrays,
    in this order; every light workbook shares fonts, fills, borders, named styles."""
    key = (tuple(tuple(a) for a in cell_styles), tuple(protections))
    xml = _STYLESHEETS.get(key)
    if xml is None:
        book = _light_styles().book
        book._cell_styles = IndexedList(StyleArray(a) for a in cell_styles)
        book._protections = IndexedList(protections)
        xml = tostring(write_stylesheet(book))
        if len(_STYLESHEETS) >= 256:
            _STYLESHEETS.clear()
        _STYLESHEETS[key] = xml
    return xml


@functools.lru_cache(maxsize=1)
def _app_xml() -> bytes:
    return tostring(ExtendedProperties().to_tree())


_PARTS: dict[tuple, str] = {}  # a sheet setting's state -> its XML


def _xml(part) -> str:
    """openpyxl's XML for a sheet setting (page setup, margins, views, header
    and footer …), remembered by the setting's state: they repeat from one
    division's workbook to the next."""
    try:
        key = _state(part)
    except TypeError:  # something this does not know how to compare: write it as is
        return tostring(part.to_tree()).decode("utf-8")
    xml = _PARTS.get(key)
    if xml is None:
        xml = tostring(part.to_tree()).decode("utf-8")
        if len(_PARTS) >= 4096:
            _PARTS.clear()
        _PARTS[key] = xml
    return xml


def _state(value) -> tuple:
    """Everything openpyxl serialises of `value`, as a hashable key (the type
    is part of it: 1, 1.0 and True are equal keys but not equal settings)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return (type(value), value)
    if isinstance(value, MultiCellRange):  # a validation's cells
        return (MultiCellRange, str(value))
    if isinstance(value, (Serialisable, Strict)):
        # a page setup's `_parent` is its sheet, reached only for fitToPage, which it does not write
        return (type(value), *((k, _state(v)) for k, v in vars(value).items() if k != "_parent"))
    if isinstance(value, (list, tuple)):
        return (type(value), *map(_state, value))
    raise TypeError(f"no state for {type(value).__name__}")


def _range_ref(bounds: tuple[int, int, int, int]) -> str:
    min_row, min_col, max_row, max_col = bounds
    first = f"{get_column_letter(min_col)}{min_row}"
    if min_row == max_row and min_col == max_col:
        return first
    return f"{first}:{get_column_letter(max_col)}{max_row}"


class _LightBook:
    """Cells and merges of a workbook's sheets, and the workbook's bytes."""

    def __init__(self) -> None:
        self.cells: dict[Worksheet, dict[tuple[int, int], _LightCell]] = defaultdict(dict)
        self.merges: dict[Worksheet, list[tuple[int, int, int, int]]] = defaultdict(list)
        self.rows: dict[Worksheet, dict[int, list]] = defaultdict(dict)  # row -> [height, outline level]
        self.columns: dict[Worksheet, dict[int, float]] = defaultdict(dict)  # column -> width
        self._protected: dict[int, tuple[StyleArray, StyleArray]] = {}  # id(array) -> (array, with protection)

    def cell(self, ws: Worksheet, row: int, column: int) -> _LightCell:
        cells = self.cells[ws]
        cell = cells.get((row, column))
        if cell is None:
            cell = cells[(row, column)] = _LightCell(row, column)
        return cell

    def row(self, ws: Worksheet, row: int) -> list:
        """The row's [height, outline level]: openpyxl's RowDimension, as far as _Writer sets it."""
        rows = self.rows[ws]
        dimension = rows.get(row)
        if dimension is None:
            dimension = rows[row] = [None, 0]
        return dimension

    def protect(self, ws: Worksheet, row: int, column: int, protection: Protection) -> None:
        """`cell.protection = protection`, sharing one array per style."""
        cell = self.cell(ws, row, column)
        known = self._protected.get(id(cell._style))
        if known is None:
            array = StyleArray(cell._style)
            array.protectionId = ws.parent._protections.add(protection)
            known = self._protected[id(cell._style)] = (cell._style, array)
        cell._style = known[1]

    def save(self, wb: Workbook, timestamp: datetime.datetime,
             cached: dict[str, dict[str, int | str]]) -> bytes:
        """openpyxl's ExcelWriter.write_data, part by part, for what _Writer uses."""
        buffer = io.BytesIO()
        archive = _LightZip(buffer, timestamp.timetuple()[:6], wb, {})
        manifest = Manifest()
        archive.writestr(ARC_APP, _app_xml())
        archive.writestr(ARC_CORE, tostring(wb.properties.to_tree()))
        archive.writestr(ARC_THEME, theme_xml)
        style_ids: dict[int, int] = {}
        for index, ws in enumerate(wb.worksheets, 1):
            ws._id = index
            archive.writestr(ws.path[1:], self.sheet_xml(ws, cached.get(ws.title, {}), style_ids))
            manifest.append(ws)
        archive.writestr(ARC_STYLE, _light_stylesheet(wb._cell_styles, wb._protections))
        writer = WorkbookWriter(wb)
        archive.writestr(ARC_ROOT_RELS, writer.write_root_rels())
        archive.writestr(ARC_WORKBOOK, writer.write())
        archive.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
        manifest._write(archive, wb)
        archive.close()
        return buffer.getvalue()

    def sheet_xml(self, ws: Worksheet, cached: dict[str, int | str], style_ids: dict[int, int]) -> bytes:
        """openpyxl's WorksheetWriter.write for a sheet with light cells."""
        if (ws._cells or ws.row_dimensions or ws.column_dimensions or ws.merged_cells or ws.conditional_formatting
                or ws._images or ws._charts or ws.tables or ws._pivots or ws.legacy_drawing is not None):
            raise RuntimeError(f"sheet {ws.title!r}: something was put on it that the light path does not write")
        cell_styles = ws.parent._cell_styles
        cells = self.cells.get(ws, {})
        out = [f'<worksheet xmlns="{SHEET_MAIN_NS}">', _xml(ws.sheet_properties)]
        if cells:
            rows = {row for row, _ in cells}
            columns = {column for _, column in cells}
            out.append(f'<dimension ref="{_range_ref((min(rows), min(columns), max(rows), max(columns)))}" />')
        else:
            out.append('<dimension ref="A1:A1" />')
        out.append(_xml(ws.views))
        out.append(_xml(ws.sheet_format))  # outlineLevelCol stays unset: no column is grouped
        columns = self.columns.get(ws)
        if columns:  # ColumnDimension.to_tree for a width (customWidth is bool(width))
            out.append("<cols>")
            for column, width in sorted(columns.items()):
                custom = ' customWidth="1"' if width else ""
                out.append(f'<col width="{safe_string(width)}"{custom} min="{column}" max="{column}" />')
            out.append("</cols>")

        by_row: dict[int, list[_LightCell]] = defaultdict(list)
        for key in sorted(cells):
            by_row[key[0]].append(cells[key])
        dimensions = self.rows.get(ws, {})
        for row in dimensions.keys() - by_row.keys():
            by_row[row] = []
        out.append("<sheetData>")
        for row in sorted(by_row):
            attributes = f'r="{row}"'
            dimension = dimensions.get(row)
            if dimension is not None:  # RowDimension's attributes, in its order
                height, outline = dimension
                if outline:
                    attributes += f' outlineLevel="{outline}"'
                if height:
                    attributes += f' ht="{safe_string(height)}"'
                if height is not None:
                    attributes += ' customHeight="1"'
            out.append(f"<row {attributes}>")
            for cell in by_row[row]:
                value = cell._value
                styled = any(cell._style)
                if value is None and not styled:
                    continue
                coordinate = f"{get_column_letter(cell.column)}{row}"
                start = f'<c r="{coordinate}"'
                if styled:
                    sid = style_ids.get(id(cell._style))
                    if sid is None:
                        sid = style_ids[id(cell._style)] = cell_styles.add(cell._style)
                    start += f' s="{sid}"'
                kind = cell.data_type
                if value is None or value == "":
                    out.append(f'{start} t="{"inlineStr" if kind == "s" else kind}" />'
                               if kind != "f" else f"{start} />")
                elif kind == "s":
                    text = _escape_cdata(value)
                    stripped = value.strip()
                    space = ' xml:space="preserve"' if stripped and value != stripped else ""
                    out.append(f'{start} t="inlineStr"><is><t{space}>{text}</t></is></c>')
                elif kind == "f":
                    result = cached.get(coordinate)
                    formula = _escape_cdata(value[1:])
                    if result is None:
                        out.append(f"{start}><f>{formula}</f><v /></c>")
                    elif isinstance(result, str):
                        out.append(f'{start} t="str"><f>{formula}</f><v>{escape(result)}</v></c>')
                    else:
                        out.append(f"{start}><f>{formula}</f><v>{result}</v></c>")
                else:
                    out.append(f'{start} t="{kind}"><v>{safe_string(value)}</v></c>')
            out.append("</row>")
        out.append("</sheetData>")

        for part in (ws.protection, ws.scenarios, ws.auto_filter):
            if part:
                out.append(_xml(part))
        merges = self.merges.get(ws)
        if merges:
            ranges = set()
            for bounds in merges:  # openpyxl keeps merged ranges in a set, hashed by these bounds
                ranges.add(bounds)
            out.append(f'<mergeCells count="{len(ranges)}">')
            out.extend(f'<mergeCell ref="{_range_ref(bounds)}" />' for bounds in ranges)
            out.append("</mergeCells>")
        for part in (ws.data_validations, ws.print_options, ws.page_margins, ws.page_setup, ws.HeaderFooter,
                     ws.row_breaks, ws.col_breaks):
            if part:
                out.append(_xml(part))
        out.append("</worksheet>")
        return "".join(out).encode("utf-8")


_PACKED: dict[bytes, tuple[int, bytes]] = {}  # a part's bytes -> (CRC, deflated)


class _LightZip(_FixedTimeZip):
    """The same zip, but parts that repeat from workbook to workbook (theme,
    styles, relationships, content types …) are deflated once per process.

    A cached part is written as ZipFile.writestr writes it to a seekable file:
    the local header with the final CRC and sizes, then the deflated bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        if (isinstance(zinfo_or_arcname, zipfile.ZipInfo) or compress_type is not None or compresslevel is not None
                or name.startswith("xl/worksheets/") or name == ARC_CORE or not self._seekable):
            super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
            return
        if isinstance(data, str):
            data = data.encode("utf-8")
        packed = _PACKED.get(data)
        if packed is None:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            packed = (zlib.crc32(data), compressor.compress(data) + compressor.flush())
            if len(_PACKED) >= 256:
                _PACKED.clear()
            _PACKED[data] = packed
        info = zipfile.ZipInfo(name, date_time=self.fixed_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.CRC, deflated = packed
        info.file_size = len(data)
        info.compress_size = len(deflated)
        with self._lock:
            if self._writing:
                raise ValueError("Can't write to ZIP archive while an open writing handle exists.")
            self.fp.seek(self.start_dir)
            info.header_offset = self.fp.tell()
            self._writecheck(info)
            self._didModify = True
            self.fp.write(info.FileHeader(False))
            self.fp.write(deflated)
            self.start_dir = self.fp.tell()
            self.filelist.append(info)
            self.NameToInfo[info.filename] = info
