"""The open-data CSV: one row per program, UTF-8 with BOM, the document's own headers.

Open data is the model itself, not a printed layout, so this writer reads the
Publication: every row is complete (the measure is repeated, no merged cells),
budgets are plain integers and blank for none.
"""
from __future__ import annotations

import csv
import io

import reportgen.model.columns as col
from reportgen.model.amounts import format_plain
from reportgen.model.publication import Publication
from reportgen.report.labels import Labels

BUREAU_HEADER = "局"
PILLAR_HEADER = "重点戦略"


def render_csv(publication: Publication, english: Labels | None = None) -> bytes:
    """`english`: labels whose headers replace the Japanese ones (--lang en); the
    data stays as published."""
    if english is not None:
        header = (english.bureau_header, english.pillar_header) + english.flat_headers
    else:
        header = (BUREAU_HEADER, PILLAR_HEADER) + col.flat_headers(publication.years.codes)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for bureau in publication.bureaus:
        for pillar in bureau.pillars:
            for measure in pillar.measures:
                for program in measure.programs:
                    kpi_cells: list[str] = []
                    for index in range(2):
                        kpi = program.kpis[index] if index < len(program.kpis) else None
                        kpi_cells.extend(kpi.cells if kpi else ("",) * col.KPI_WIDTH)
                    writer.writerow((
                        bureau.name, pillar.heading, measure.name, str(program.number),
                        program.name.text, program.summary,
                        "●" if program.major[0] else "", "●" if program.major[1] else "",
                        program.division, *kpi_cells,
                        format_plain(program.budgets[0].amount), format_plain(program.budgets[1].amount),
                    ))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
