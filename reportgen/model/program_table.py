"""The table of programs: one row per program, every row complete.

This is the shape of the open-data CSV and of `reportgen.to_frame`'s DataFrame,
defined once so that the two always agree: the bureau, the pillar's heading and
the measure are repeated on every row, a renamed program's name is given as
written and for each year, marks are booleans and budgets integers or None
(none, never 0). The header texts are the glossary's (`open_data_headers`).
"""
from __future__ import annotations

from collections.abc import Iterator

import reportgen.model.columns as col
from reportgen.model.publication import Publication

# positions in a row of the table of programs
BUREAU, PILLAR, MEASURE, NUMBER, NAME, NAME_FIRST, NAME_SECOND, SUMMARY, MARK_FIRST, MARK_SECOND, DIVISION = range(11)
KPI_FIRST = 11  # ten KPI cells: goal, baseline, base year, two targets; for KPI ① then ②
BUDGET_FIRST, BUDGET_SECOND = 21, 22
COLUMN_COUNT = 23
TEXT_COLUMNS = (BUREAU, PILLAR, MEASURE, NAME, NAME_FIRST, NAME_SECOND, SUMMARY, DIVISION,
                *range(KPI_FIRST, BUDGET_FIRST))


def program_rows(publication: Publication) -> Iterator[tuple]:
    """Each program's row: texts as published, the number an int, the marks bools,
    the budgets ints or None."""
    for bureau in publication.bureaus:
        for pillar in bureau.pillars:
            for measure in pillar.measures:
                for program in measure.programs:
                    kpi_cells: list[str] = []
                    for index in range(2):
                        kpi = program.kpis[index] if index < len(program.kpis) else None
                        kpi_cells.extend(kpi.cells if kpi else ("",) * col.KPI_WIDTH)
                    yield (bureau.name, pillar.heading, measure.name, program.number, program.name.text,
                           *program.name.by_year, program.summary, *program.major, program.division,
                           *kpi_cells, program.budgets[0].amount, program.budgets[1].amount)
