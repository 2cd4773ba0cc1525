"""The table of programs as a pandas DataFrame, and back.

`to_frame(publication)` gives one row per program, with the open-data CSV's
columns (model/program_table): 局, 重点戦略, 主な施策, 事務事業番号 (int64),
主要事務事業名 as written and per year, 事業概要, the two years' ● marks
(bool), 担当課, the ten KPI cells, and the two budgets (nullable `Int64`,
thousands of yen: a program without a budget is `<NA>`, never 0). The years are
in the column names and in `frame.attrs["years"]`; the title, footnotes and a
draft's returned divisions ride along in `attrs` too, so that
`from_frame(to_frame(p)) == p`.

`from_frame(frame)` reads a DataFrame through the same reader as a spreadsheet
or CSV table of programs (readers/programs): columns found by their headers,
every bad cell a finding naming `DataFrame.loc[row, column]`.

pandas is imported here only, and only when one of these is called, so the
command line's seed build does not pay for it.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import reportgen.model.program_table as table
from reportgen.model.findings import ReportgenError
from reportgen.model.glossary import table_words
from reportgen.model.publication import FiscalYears, Location, Publication, Returned
from reportgen.readers.programs import Grid, read_programs
from reportgen.readers.sources import LoadResult, finish
from reportgen.readers.tree import PublicationTree

if TYPE_CHECKING:
    import pandas

_DTYPES = {table.NUMBER: "int64", table.MARK_FIRST: "bool", table.MARK_SECOND: "bool",
           table.BUDGET_FIRST: "Int64", table.BUDGET_SECOND: "Int64"}
TEXT_DTYPE = "string"  # pandas' own text type, the same under pandas 2 and 3


def to_frame(publication: Publication) -> pandas.DataFrame:
    """One row per program, in the order they print; see the module's notes for the columns."""
    import pandas as pd

    headers = table_words(publication.years).open_data_headers
    rows = list(table.program_rows(publication))
    columns = list(zip(*rows)) if rows else [()] * table.COLUMN_COUNT
    frame = pd.DataFrame({header: pd.Series(list(values), dtype=_DTYPES.get(position, TEXT_DTYPE))
                          for position, (header, values) in enumerate(zip(headers, columns))})
    frame.attrs.update(
        years=(publication.years.first, publication.years.second),
        title=publication.title,
        footnotes=tuple(publication.footnotes),
        returned=None if publication.returned is None else tuple(
            (r.bureau, r.division, r.file, r.on) for r in publication.returned),
    )
    return frame


def read_frame(frame: pandas.DataFrame, years: FiscalYears | tuple[int, int] | None = None,
               bureau: str | None = None) -> LoadResult:
    """The publication a DataFrame holds, with every finding (errors are not raised).
    `years`: the edition's fiscal years, when neither `frame.attrs["years"]` nor the
    column names give them; `bureau`: for a frame without a 局 column."""
    if years is None and frame.attrs.get("years") is not None:
        years = frame.attrs["years"]
    if years is not None and not isinstance(years, FiscalYears):
        years = FiscalYears(*(int(y) for y in years))
    labels = list(frame.index)
    names = list(frame.columns)

    def locate(row: int, column: int | None) -> Location:
        if row < 0:
            return Location("DataFrame" if column is None else f"DataFrame.columns[{column}]")
        where = repr(labels[row]) if column is None else f"{labels[row]!r}, {names[column]!r}"
        return Location(f"DataFrame.loc[{where}]")

    if frame.columns.nlevels == 2:  # the document's two header rows, as read_excel(header=[0, 1]) gives them
        headers = tuple([_header(c[level]) for c in frame.columns] for level in (0, 1))
    else:
        headers = ([_header(c) for c in frame.columns],)
    import pandas as pd

    rows = [[_python(value, pd.isna) for value in row] for row in frame.itertuples(index=False, name=None)]
    tree = PublicationTree()
    if frame.attrs.get("title"):
        tree.title = str(frame.attrs["title"])
        for footnote in frame.attrs.get("footnotes") or ():
            tree.add_footnote(str(footnote))
    findings: list = []
    read_programs(Grid(rows, locate, headers=headers), tree, findings, bureau, years)
    returned = frame.attrs.get("returned")
    if returned is not None:
        tree.returned = [Returned(*map(str, entry)) for entry in returned]
    return finish(tree, findings, "DataFrame")


def from_frame(frame: pandas.DataFrame, years: FiscalYears | tuple[int, int] | None = None,
               bureau: str | None = None) -> Publication:
    """The publication a DataFrame holds; ReportgenError listing every error."""
    result = read_frame(frame, years, bureau)
    if result.errors or result.publication is None:
        raise ReportgenError(result.errors)
    return result.publication


def _header(value: object) -> str:
    text = "" if value is None else str(value)
    return "" if text.startswith("Unnamed: ") else text  # read_excel's name for a blank header cell


def _python(value: object, isna: Callable[[object], bool]) -> object:
    """A cell as the readers take it: numpy scalars as Python values, every kind of
    missing (None, NaN, NA, NaT: `isna`, pandas' own test) as None."""
    if isinstance(value, str):
        return value
    if isna(value):
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) and type(value).__module__ == "numpy" else value
