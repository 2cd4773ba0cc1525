"""Workbooks saved as Excel 97-2003 (.xls) or by LibreOffice (.ods), read with python-calamine.

calamine reads the cells' values (and, for .xls, the merged ranges) by position; they are
put into an openpyxl workbook in memory so that the one workbook reader reads every
format the same way and names cells the same way (sheet!F7). What calamine cannot tell
is said, never guessed:
- a cell's number format: a fraction in a text column (0.5 shown as 50%?) is an error
  asking for the text as it should print, and whole numbers read as whole numbers;
- formulas: an .ods names them in its content.xml (table:formula), which one streaming
  pass reads, so an .ods formula is a formula to the reader as in an .xlsx (a division's
  return refuses it); an .xls keeps them in binary records that calamine does not give,
  so there only the values are read (and `collect` says so).
A sheet hidden in the file stays hidden, so the reader refuses it as in an .xlsx.
"""
from __future__ import annotations

import datetime

import openpyxl
from openpyxl.workbook import Workbook

from reportgen.messages import say
from reportgen.messages.text import Text
from reportgen.readers.archive import MAX_GRID, Refused, feed, safe_parser

SPREADSHEET_SUFFIXES = (".xls", ".ods")
UNKNOWN_FORMAT = "reportgen: number format unknown (.xls/.ods)"  # a fraction whose display we cannot know


class SpreadsheetProblem(Exception):
    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


def load_spreadsheet(path: str) -> tuple[Workbook, Workbook]:
    """The .xls or .ods file at `path` as two in-memory openpyxl workbooks: the cells as
    written (formulas as formulas, where the format tells them) and their values."""
    import python_calamine  # only when such a file is read

    try:
        source = python_calamine.CalamineWorkbook.from_path(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is bad input, not a crash
        raise SpreadsheetProblem(say("spreadsheet.cannot_open", kind=type(exc).__name__, error=exc)) from None
    formulas = _ods_formulas(path) if path.lower().endswith(".ods") else {}
    book, values = openpyxl.Workbook(), openpyxl.Workbook()
    book.remove(book.active)
    values.remove(values.active)
    grid = 0
    for meta in source.sheets_metadata:
        sheet = source.get_sheet_by_name(meta.name)
        grid += sheet.total_height * sheet.total_width
        if grid > MAX_GRID:
            raise SpreadsheetProblem(say("workbook.grid_too_large", sheet=meta.name, row=sheet.total_height,
                                         column=sheet.total_width, limit=MAX_GRID))
        target, stored = book.create_sheet(meta.name), values.create_sheet(meta.name)
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            target.sheet_state = stored.sheet_state = "hidden"
        sheet_formulas = formulas.get(meta.name, {})
        first_row, first_column = sheet.start or (0, 0)
        for row_index, row_values in enumerate(sheet.to_python(skip_empty_area=False)):
            for column_index, value in enumerate(row_values):
                if value == "" or value is None:
                    continue
                row, column = first_row + row_index + 1, first_column + column_index + 1
                for workbook_sheet in (target, stored):
                    cell = workbook_sheet.cell(row, column, _value(value))
                    if isinstance(value, float) and not value.is_integer():
                        cell.number_format = UNKNOWN_FORMAT
                if (row, column) in sheet_formulas:  # as openpyxl reads an .xlsx: the formula, its value aside
                    target.cell(row, column).value = sheet_formulas[(row, column)]
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
            for workbook_sheet in (target, stored):
                workbook_sheet.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1,
                                           end_column=right + 1)
    return book, values


def _ods_formulas(path: str) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet -> (row, column) -> formula ('=SUBTOTAL(…)'), 1-based, from an .ods's content.xml,
    counting repeated rows and cells (and the cells a merge covers) as LibreOffice does."""
    import zipfile
    from xml.parsers import expat

    found: dict[str, dict[tuple[int, int], str]] = {}
    state = {"sheet": None, "row": 0, "column": 0, "repeat": 1}

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "table:table":
            state.update(sheet=attributes.get("table:name", ""), row=0)
        elif name == "table:table-row":
            state.update(column=0, repeat=_count(attributes.get("table:number-rows-repeated")))
            state["row"] += 1
        elif name in ("table:table-cell", "table:covered-table-cell"):
            columns = _count(attributes.get("table:number-columns-repeated"))
            formula = attributes.get("table:formula")
            if formula and state["sheet"] is not None:
                text = "=" + formula.split(":", 1)[1].lstrip("=") if ":" in formula else formula
                for offset in range(min(columns, 1024)):
                    for row in range(state["row"], state["row"] + min(state["repeat"], 1024)):
                        found.setdefault(state["sheet"], {})[(row, state["column"] + 1 + offset)] = text
            state["column"] += columns

    def end(name: str) -> None:
        if name == "table:table-row":
            state["row"] += state["repeat"] - 1

    parser = safe_parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        with zipfile.ZipFile(path) as archive:
            feed(archive, "content.xml", parser)
    except Refused as refused:
        raise SpreadsheetProblem(refused.message) from None
    except (KeyError, zipfile.BadZipFile, expat.ExpatError, OSError) as exc:
        raise SpreadsheetProblem(say("spreadsheet.cannot_open", kind=type(exc).__name__, error=exc)) from None
    return found


def _count(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 1


def _value(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a whole number is one, whatever calamine's type
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, datetime.timedelta, bool, int, float, str)):
        return value
    return str(value)
