"""What each drawn piece of a page is in the document's structure (renderers/pdf/tags).

Reading order: the title (H1), then for each part of the book its heading (H2) and
its table (Table › TR › TH/TD), then the footnotes and the legend (P), once. A
table has one TR per row of the Report, whatever the pages: a row cut over a page
break stays one TR whose cells hold the lines of both pages. What a page repeats
(the title, the heading, the header row, the notes) is an artifact after its first
appearance, and the page number always is. A pillar heading printed again with
（続き） on a new page is a row of its own, and a measure printed again heads the
rows of that page (its RowSpan ends with the page), as the printed table shows.

The header is one row of 19 column headers (TH, Scope Column). A KPI column's
header reads its whole name, 'KPI (成果指標①) 事業目標' (ActualText): the group
label printed once above five columns is an artifact. Two header rows with
RowSpan on the cells that span both would say the same, but a checker we run
(outloud 0.2.1) miscounts a row whose last cells are spanned from the row above.
A pillar's heading row is a TD spanning the row (a row of only TH cells reads as
another header row); the measure heads its rows (TH, Scope Row); a KPI cell names
its column header by ID. The ● marks read as 該当 / yes.
"""
from __future__ import annotations

import reportgen.model.columns as col
from reportgen.model.glossary import has_japanese
from reportgen.renderers.pdf.pages import Block, CellBox, Page
from reportgen.renderers.pdf.tags import ROOT, Tagger, Untagged, entries
from reportgen.report.builder import Report, RowKind

MARK = "●"
MARK_READS = {"en": "yes"}  # what a ● cell reads as; Japanese otherwise
KPI_COLUMNS = frozenset(c for start in col.KPI_STARTS for c in range(start, start + col.KPI_WIDTH))


class Structure:
    """The structure elements of one PDF, made as its pages are drawn."""

    def __init__(self, report: Report, tagger: Tagger, pages: list[Page]):
        self.report, self.tagger, self.tree = report, tagger, tagger.tree
        self.measure_spans = _measure_spans(pages)
        self.english = report.labels.lang == "en"
        self.mark_entries = entries(actual_text=MARK_READS.get(report.labels.lang, "該当"))
        self.title = self.tree.add("H1", ROOT, self.language(report.title))  # first in reading order
        self.notes: list[int] = []
        self.part: _Part | None = None  # the part of the book the current page belongs to
        self.parts: dict[object, _Part] = {}
        self.first_page_of_part = False

    # ---------------------------------------------------------------- per page
    def start_page(self, page: Page, number: int) -> None:
        key = page.bureau if page.bureau is not None else ("subtitle", page.subtitle)
        self.first_page_of_part = key not in self.parts
        if self.first_page_of_part:
            self.parts[key] = _Part(self, page)
        self.part = self.parts[key]
        if number > 1:
            self.tagger.next_page()

    def title_element(self, number: int) -> int | None:
        return self.title if number == 1 else None

    def heading_element(self) -> int | None:
        return self.part.heading if self.first_page_of_part else None

    def header_element(self, box: CellBox, level: int) -> int | None:
        return self.part.header_cell(box, level) if self.first_page_of_part else None

    def cell_element(self, block: Block, box: CellBox) -> int | None:
        return self.part.cell(block, box)

    def note_element(self, number: int, note: int) -> int | None:
        if number != 1:
            return None
        while len(self.notes) <= note:
            self.notes.append(self.tree.add("P", None))
        return self.notes[note]

    def close(self) -> None:
        """The notes come last in reading order, once."""
        for note in self.notes:
            self.tree.place(note)

    # ---------------------------------------------------------------- helpers
    def language(self, text: str, **more) -> str:
        """An element's entries (`more`: its table attributes, its ActualText), with
        Japanese text in an English document marked as Japanese."""
        return entries(**more, lang="ja" if self.english and has_japanese(text) else None)


class NoStructure:
    """An untagged PDF's structure: no element for anything."""

    def __init__(self):
        self.tagger = Untagged()

    def start_page(self, page: Page, number: int) -> None:
        pass

    def close(self) -> None:
        pass

    def title_element(self, number: int) -> None:
        return None

    def heading_element(self) -> None:
        return None

    def header_element(self, box: CellBox, level: int) -> None:
        return None

    def cell_element(self, block: Block, box: CellBox) -> None:
        return None

    def note_element(self, number: int, note: int) -> None:
        return None


class _Part:
    """A bureau's table, the contents, or the list of changes: its heading and its rows."""

    def __init__(self, structure: Structure, page: Page):
        self.structure = structure
        report = structure.report
        self.section = next((s for s in report.sections if s.bureau == page.bureau), None)
        heading = self.section.heading if self.section else (page.subtitle or report.labels.contents_title)
        self.tree = structure.tree
        self.heading = self.tree.add("H2", ROOT, structure.language(heading))
        self.is_change_list = page.bureau is None and page.subtitle is not None
        self.table = None if self.is_change_list else self.tree.add("Table", ROOT)
        self.prefix = f"t{len(structure.parts) + 1}"
        self.row: tuple[int, dict[int, int]] = (-1, {})  # the Report row being drawn, and its cells by column
        self.header: dict[tuple[int, int], int] = {}
        self.blocks: dict[int, tuple[int, int]] = {}  # by block identity: its TR (or P), and its cells so far
        # a KPI cell names its column's header; the same entries for every row
        self.kpi_entries = {column: entries(table={"Headers": [f"{self.prefix}-c{column}"]})
                            for column in KPI_COLUMNS}

    # ---- the header row of a bureau's table
    def header_cell(self, box: CellBox, level: int) -> int | None:
        """The column header a printed header cell is; None for a KPI group's label (an artifact:
        each of its columns' headers reads it)."""
        if not self.header:
            self._header_row()
        return self.header.get((level, box.first))

    def _header_row(self) -> None:
        top, sub = self.structure.report.labels.header_rows
        flat = self.structure.report.labels.flat_headers
        row = self.tree.add("TR", self.table)
        for column in range(col.COLUMN_COUNT):
            # a KPI column is printed as its sub-heading under the group's label: it reads its whole name
            whole_name = flat[column] if sub[column] else None
            self.header[(1 if sub[column] else 0, column)] = self._th(
                row, flat[column], "Column", f"{self.prefix}-c{column}", actual_text=whole_name)

    def _th(self, row: int, text: str, scope: str, element_id: str | None = None, actual_text: str | None = None,
            **table) -> int:
        return self.tree.add("TH", row, self.structure.language(text, table={"Scope": scope, **table},
                                                                 actual_text=actual_text), element_id)

    # ---- the body
    def cell(self, block: Block, box: CellBox) -> int | None:
        if self.section is None:
            return self._contents_or_change(block, box)
        if block.kind == "pillar_continued":  # the pillar's heading again, with （続き）
            text = "".join(box.lines)
            return self.tree.add("TD", self.tree.add("TR", self.table),
                                 self.structure.language(text, table={"ColSpan": col.COLUMN_COUNT}))
        if self.row[0] != block.row_index:  # rows are drawn in order, a row cut by a page break carrying on
            self.row = (block.row_index, self._row(block.row_index, block))
        return self.row[1].get(box.first)

    def _row(self, index: int, block: Block) -> dict[int, int]:
        """The TR of a Report row and its cells, made when the row's first piece is drawn."""
        row = self.section.rows[index]
        tree, language = self.tree, self.structure.language
        tr = tree.add("TR", self.table)
        cells: dict[int, int] = {}
        if row.kind is RowKind.PILLAR:
            cells[0] = tree.add("TD", tr, language(row.label, table={"ColSpan": row.label_span}))
        elif row.kind is RowKind.PROGRAM:
            span = self.structure.measure_spans.get(id(block))
            for column, cell in enumerate(row.cells):
                if column == col.MEASURE:
                    if span is not None:  # otherwise under the measure's cell above, which spans this row
                        cells[column] = self._th(tr, cell.text, "Row", RowSpan=span)
                else:
                    read_as = self.structure.mark_entries if cell.text == MARK else language(cell.text)
                    cells[column] = tree.add("TD", tr, self.kpi_entries.get(column, "") + read_as)
        else:  # a subtotal or total: its label heads the row
            cells[0] = self._th(tr, row.label, "Row", ColSpan=row.label_span)
            cells[col.BUDGET_FIRST] = tree.add("TD", tr)
            cells[col.BUDGET_SECOND] = tree.add("TD", tr)
        return cells

    def _contents_or_change(self, block: Block, box: CellBox) -> int:
        """The contents' table (a row per bureau) or the list of changes (a P per change)."""
        key = id(block)
        if key not in self.blocks:
            self.blocks[key] = (self.tree.add("P", ROOT) if self.is_change_list
                                else self.tree.add("TR", self.table), 0)
        row, cells = self.blocks[key]
        if self.is_change_list:
            return row
        self.blocks[key] = (row, cells + 1)
        text = "".join(box.lines)
        if block.kind == "header":
            return self._th(row, text, "Column")
        if cells == 0:  # the row's first cell heads it
            return self._th(row, text, "Row")
        return self.tree.add("TD", row, self.structure.language(text))


def _measure_spans(pages: list[Page]) -> dict[int, int]:
    """For each program block that prints its measure's name (a measure's first row, or its
    first row on a new page): how many rows that cell heads. The rows under it follow it,
    on its page, or on the next when a row taller than a page carries on there."""
    spans: dict[int, int] = {}
    opened: Block | None = None
    rows: set[int] = set()
    for block in (b for page in pages for b in page.blocks if b.kind == RowKind.PROGRAM.value):
        if not block.open_top_first_column:  # prints the measure: a new span starts here
            if opened is not None:
                spans[id(opened)] = len(rows)
            opened, rows = block, set()
        rows.add(block.row_index)
    if opened is not None:
        spans[id(opened)] = len(rows)
    return spans

