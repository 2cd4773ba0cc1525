"""Small workbooks that cost a careless reader gigabytes (the tests and the benchmark use them).

    python bench/crafted.py OUT_FOLDER    # writes each case as OUT_FOLDER/<name>.xlsx

Each case is a workbook a few KB to a few hundred KB in size:
- far_note: one sheet whose table header is followed by a note at A99999;
- far_notes_8_sheets: the same on 8 sheets;
- empty_rows_120_sheets / empty_rows_190_sheets: 120 (190) sheets of about 1 MiB of
  rows without cells each, which compress about 1,000 times.
Workbooks are written with XlsxWriter; only the near-empty sheets are then replaced by
raw XML, since no spreadsheet program writes them on purpose.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import xlsxwriter

HEADER = "主な施策"
EMPTY_ROW = "<row/>"  # openpyxl numbers rows without a reference one after another
SHEET_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData>{rows}</sheetData></worksheet>')


def far_notes(sheets: int) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for index in range(sheets):
        sheet = workbook.add_worksheet(f"局{index + 1}")
        sheet.write(3, 0, HEADER)
        sheet.write(99_998, 0, "メモ")  # A99999
    workbook.close()
    return buffer.getvalue()


def empty_rows(sheets: int, size: int = 1024 * 1024) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for index in range(sheets):
        workbook.add_worksheet(f"S{index + 1}").write(0, 0, HEADER)
    workbook.close()
    rows, length = [], 0
    while length < size:
        rows.append(EMPTY_ROW)
        length += len(rows[-1])
    sheet_xml = SHEET_XML.format(rows="".join(rows)).encode("utf-8")
    crafted = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as original, \
            zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = sheet_xml
            out.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return crafted.getvalue()


CASES = {
    "far_note": lambda: far_notes(1),
    "far_notes_8_sheets": lambda: far_notes(8),
    "empty_rows_120_sheets": lambda: empty_rows(120),
    "empty_rows_190_sheets": lambda: empty_rows(190),
}


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, make in CASES.items():
        (out / f"{name}.xlsx").write_bytes(make())


if __name__ == "__main__":
    main(sys.argv[1])
