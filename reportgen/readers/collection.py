"""A draft's 回収状況 sheet read back: which divisions' returns have been merged.

`reportgen rollforward` and `reportgen collect` write the sheet (every division, 回収済
or 未回収, the file and the day); reading it back is how a later batch of returns,
`collect --status` and the final build know who has returned. A cell the tool did not
write (an unknown status, a date that is not a date) is an error naming the cell.
"""
from __future__ import annotations

import re

from openpyxl.worksheet.worksheet import Worksheet

from reportgen.messages import say
from reportgen.model.findings import Finding, Severity
from reportgen.model.glossary import TableWords, sheet_name
from reportgen.model.publication import Location, Returned

HEADER_SEARCH_ROWS = 10
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_collection_sheet(title: str, words: list[TableWords]) -> bool:
    return any(title == sheet_name(w.collection_sheet) for w in words)


def read_collection(path: str, ws: Worksheet, words: list[TableWords], findings: list[Finding]) -> list[Returned]:
    """The merged divisions the sheet lists (in the workbook's words, Japanese or English)."""
    header = next(((row, w) for row in range(1, HEADER_SEARCH_ROWS + 1) for w in words
                   if tuple(_text(ws.cell(row, c).value) for c in range(1, 6)) == w.collection_headers), None)
    if header is None:
        findings.append(Finding(Severity.ERROR, Location(path, sheet=ws.title),
                                say("collection.no_header", headers="・".join(words[0].collection_headers)),
                                "回収状況"))
        return []
    first, language = header
    returned = []
    for row in range(first + 1, ws.max_row + 1):
        bureau, division, status, file, on = (_text(ws.cell(row, c).value) for c in range(1, 6))
        if not (bureau or division or status or file or on):
            continue
        where = Location(path, sheet=ws.title, cell=f"C{row}")
        if status == language.not_returned:
            continue
        if status != language.returned or not bureau or not division:
            findings.append(Finding(Severity.ERROR, where, say(
                "collection.bad_row", returned=language.returned, not_returned=language.not_returned), "回収状況"))
        elif not _DATE.fullmatch(on):
            findings.append(Finding(Severity.ERROR, Location(path, sheet=ws.title, cell=f"E{row}"),
                                    say("collection.bad_date", value=on), "回収状況"))
        else:
            returned.append(Returned(bureau, division, file, on))
    return returned


def _text(value) -> str:
    return "" if value is None else str(value).strip()
