"""The open-data CSV: one row per program, UTF-8 with BOM, the document's own headers.

Open data is the model itself, not a printed layout, so this writer reads the
Publication, row by row as model/program_table defines the table of programs
(the same rows `reportgen.to_frame` gives): every row is complete (the measure
is repeated, no merged cells), a renamed program's two names have a column
each, budgets are plain integers and blank for none.
"""
from __future__ import annotations

import csv
import io

import reportgen.model.program_table as table
from reportgen.model.amounts import format_plain
from reportgen.model.glossary import table_words
from reportgen.model.publication import Publication
from reportgen.report.labels import Labels

MARK = "●"


def render_csv(publication: Publication, english: Labels | None = None) -> bytes:
    """`english`: labels whose headers replace the Japanese ones (--lang en); the
    data stays as published."""
    header = english.open_data_headers if english is not None else table_words(publication.years).open_data_headers
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    marks = (table.MARK_FIRST, table.MARK_SECOND)
    for row in table.program_rows(publication):
        cells = list(row)
        cells[table.NUMBER] = str(row[table.NUMBER])
        for index in marks:
            cells[index] = MARK if row[index] else ""
        for index in (table.BUDGET_FIRST, table.BUDGET_SECOND):
            cells[index] = format_plain(row[index])
        writer.writerow(cells)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
