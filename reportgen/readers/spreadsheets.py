"""Workbooks saved as Excel 97-2003 (.xls) or by LibreOffice (.ods), read with python-calamine.

calamine reads the cells' values (and, for .xls, the merged ranges) by position; they are
put into an openpyxl workbook in memory so that the one workbook reader reads every
format the same way and names cells the same way (sheet!F7). What calamine cannot tell
is said, never guessed:
- a cell's number format: a fraction in a text column (0.5 shown as 50%?) is an error
  asking for the text as it should print, and whole numbers read as whole numbers;
- formulas: only the values the file stores are read (the README says so for returns).
A sheet hidden in the file stays hidden, so the reader refuses it as in an .xlsx.
"""
from __future__ import annotations

import datetime

import openpyxl
from openpyxl.workbook import Workbook

from reportgen.messages import say
from reportgen.messages.text import Text
from reportgen.readers.archive import MAX_GRID

SPREADSHEET_SUFFIXES = (".xls", ".ods")
UNKNOWN_FORMAT = "reportgen: number format unknown (.xls/.ods)"  # a fraction whose display we cannot know


class SpreadsheetProblem(Exception):
    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


def load_spreadsheet(path: str) -> Workbook:
    """The .xls or .ods file at `path` as an in-memory openpyxl workbook of its values."""
    import python_calamine  # only when such a file is read

    try:
        source = python_calamine.CalamineWorkbook.from_path(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is bad input, not a crash
        raise SpreadsheetProblem(say("spreadsheet.cannot_open", kind=type(exc).__name__, error=exc)) from None
    book = openpyxl.Workbook()
    book.remove(book.active)
    grid = 0
    for meta in source.sheets_metadata:
        sheet = source.get_sheet_by_name(meta.name)
        grid += sheet.total_height * sheet.total_width
        if grid > MAX_GRID:
            raise SpreadsheetProblem(say("workbook.grid_too_large", sheet=meta.name, row=sheet.total_height,
                                         column=sheet.total_width, limit=MAX_GRID))
        target = book.create_sheet(meta.name)
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            target.sheet_state = "hidden"
        first_row, first_column = sheet.start or (0, 0)
        for row_index, values in enumerate(sheet.to_python(skip_empty_area=False)):
            for column_index, value in enumerate(values):
                if value == "" or value is None:
                    continue
                cell = target.cell(first_row + row_index + 1, first_column + column_index + 1, _value(value))
                if isinstance(value, float) and not value.is_integer():
                    cell.number_format = UNKNOWN_FORMAT
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
            target.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1)
    return book


def _value(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a whole number is one, whatever calamine's type
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, datetime.timedelta, bool, int, float, str)):
        return value
    return str(value)
