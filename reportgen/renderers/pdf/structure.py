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
from reportgen.renderers.pdf.tags import Element, Tagger, Untagged
from reportgen.report.builder import Report, RowKind

MARK = "●"
MARK_READS = {"en": "yes"}  # what a ● cell reads as; Japanese otherwise
KPI_COLUMNS = frozenset(c for start in col.KPI_STARTS for c in range(start, start + col.KPI_WIDTH))


class Structure:
    """The structure elements of one PDF, made as its pages are drawn."""

    def __init__(self, report: Report, tagger: Tagger, pages: list[Page]):
        self.report, self.tagger = report, tagger
        self.measure_spans = _measure_spans(pages)
        self.root = tagger.root
        self.english = report.labels.lang == "en"
        self.mark_reads = MARK_READS.get(report.labels.lang, "該当")
        self.title = self.root.add(self.marked_language(Element("H1"), report.title))  # first in reading order
        self.notes: list[Element] = []
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

    def title_element(self, number: int) -> Element | None:
        return self.title if number == 1 else None

    def heading_element(self) -> Element | None:
        return self.part.heading if self.first_page_of_part else None

    def header_element(self, box: CellBox, level: int) -> Element | None:
        return self.part.header_cell(box, level) if self.first_page_of_part else None

    def cell_element(self, block: Block, box: CellBox) -> Element | None:
        return self.part.cell(block, box)

    def note_element(self, number: int, note: int) -> Element | None:
        if number != 1:
            return None
        while len(self.notes) <= note:
            self.notes.append(Element("P"))
        return self.notes[note]

    def close(self) -> None:
        """The notes come last in reading order, once."""
        for note in self.notes:
            self.root.add(note)

    # ---------------------------------------------------------------- helpers
    def marked_language(self, element: Element, text: str) -> Element:
        """Japanese text in an English document is marked as Japanese."""
        if self.english and has_japanese(text):
            element.lang = "ja"
        return element


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
        self.heading = structure.root.add(structure.marked_language(Element("H2"), heading))
        self.is_change_list = page.bureau is None and page.subtitle is not None
        self.table = None if self.is_change_list else structure.root.add(Element("Table"))
        self.prefix = f"t{len(structure.parts) + 1}"
        self.rows: dict[int, tuple[Element, dict[int, Element]]] = {}
        self.header: dict[tuple[int, int], Element] = {}
        self.blocks: dict[int, Element] = {}  # contents and change-list rows, by block identity

    # ---- the header row of a bureau's table
    def header_cell(self, box: CellBox, level: int) -> Element | None:
        """The column header a printed header cell is; None for a KPI group's label (an artifact:
        each of its columns' headers reads it)."""
        if not self.header:
            self._header_row()
        return self.header.get((level, box.first))

    def _header_row(self) -> None:
        top, sub = self.structure.report.labels.header_rows
        flat = self.structure.report.labels.flat_headers
        row = self.table.add(Element("TR"))
        for column in range(col.COLUMN_COUNT):
            element = self._th(flat[column], f"{self.prefix}-c{column}", "Column")
            if sub[column]:  # a KPI column: printed as its sub-heading under the group's label
                element.actual_text = flat[column]
            self.header[(1 if sub[column] else 0, column)] = row.add(element)

    def _th(self, text: str, element_id: str | None, scope: str, **table) -> Element:
        element = Element("TH", table={"Scope": scope, **table}, id=element_id)
        return self.structure.marked_language(element, text)

    # ---- the body
    def cell(self, block: Block, box: CellBox) -> Element | None:
        if self.section is None:
            return self._contents_or_change(block, box)
        if block.kind == "pillar_continued":  # the pillar's heading again, with （続き）
            return self.table.add(Element("TR")).add(
                self.structure.marked_language(Element("TD", table={"ColSpan": col.COLUMN_COUNT}), "".join(box.lines)))
        if block.row_index not in self.rows:
            self.rows[block.row_index] = self._row(block.row_index, block)
        _, cells = self.rows[block.row_index]
        return cells.get(box.first)

    def _row(self, index: int, block: Block) -> tuple[Element, dict[int, Element]]:
        """The TR of a Report row and its cells, made when the row's first piece is drawn."""
        row = self.section.rows[index]
        tr = self.table.add(Element("TR"))
        cells: dict[int, Element] = {}
        lang = self.structure.marked_language
        if row.kind is RowKind.PILLAR:
            cells[0] = tr.add(lang(Element("TD", table={"ColSpan": row.label_span}), row.label))
        elif row.kind is RowKind.PROGRAM:
            span = self.structure.measure_spans.get(id(block))
            for column, cell in enumerate(row.cells):
                if column == col.MEASURE:
                    if span is None:
                        continue  # under the measure's cell above, which spans this row
                    element = self._th(cell.text, None, "Row", RowSpan=span)
                else:
                    element = lang(Element("TD"), cell.text)
                    if column in KPI_COLUMNS:
                        element.table = {"Headers": [f"{self.prefix}-c{column}"]}
                    if cell.text == MARK:
                        element.actual_text = self.structure.mark_reads
                cells[column] = tr.add(element)
        else:  # a subtotal or total: its label heads the row
            cells[0] = tr.add(self._th(row.label, None, "Row", ColSpan=row.label_span))
            cells[col.BUDGET_FIRST] = tr.add(Element("TD"))
            cells[col.BUDGET_SECOND] = tr.add(Element("TD"))
        return tr, cells

    def _contents_or_change(self, block: Block, box: CellBox) -> Element:
        """The contents' table (a row per bureau) or the list of changes (a P per change)."""
        key = id(block)
        if self.is_change_list:
            if key not in self.blocks:
                self.blocks[key] = self.structure.root.add(Element("P"))
            return self.blocks[key]
        if key not in self.blocks:
            self.blocks[key] = self.table.add(Element("TR"))
        tr = self.blocks[key]
        text = "".join(box.lines)
        if block.kind == "header":
            element = self._th(text, None, "Column")
        elif not tr.kids:
            element = self._th(text, None, "Row")
        else:
            element = self.structure.marked_language(Element("TD"), text)
        return tr.add(element)


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

