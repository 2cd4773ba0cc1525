"""Pagination for the PDF: measure every cell once, then cut pages from the heights.

A page holds whole rows. A measure that continues on a new page shows its
name again with （続き）, and so does the pillar heading. Only a row taller than
a whole page is split, line by line, into fragments.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import reportgen.model.columns as col
from reportgen.renderers.pdf.font import Face, Fonts
from reportgen.renderers.pdf.linebreak import break_lines, text_width
from reportgen.report.builder import Align, Report, Row, RowKind, Section

NUMBER_COLUMNS = col.COLUMN_COUNT


@dataclass(frozen=True)
class Geometry:
    page_width: float
    page_height: float
    margin: float
    font_size: float
    leading: float
    padding: float
    title_size: float
    subtitle_size: float
    note_size: float
    column_widths: tuple[float, ...]
    header_block: float  # title and bureau lines above the table
    footer_block: float  # footnotes, legend and page number below the table

    @property
    def table_width(self) -> float:
        return sum(self.column_widths)

    @property
    def table_top(self) -> float:
        return self.page_height - self.margin - self.header_block

    @property
    def body_bottom(self) -> float:
        return self.margin + self.footer_block


@dataclass
class CellBox:
    first: int
    last: int
    lines: list[str]
    align: Align
    bold: bool = False
    highlight: bool = False  # a changed cell in a change report
    size: float | None = None  # a smaller font size, so that an amount stays on one line


@dataclass
class Block:
    """One drawn row (or a fragment of a row too tall for a page)."""

    kind: str  # a RowKind value, or 'pillar_continued'
    height: float
    cells: list[CellBox]
    open_top_first_column: bool = False  # the measure cell continues from the row above
    bookmark: str | None = None
    row_index: int = -1  # the section row drawn, -1 for a repeated heading
    whole: bool = True  # False for a fragment of a row taller than a page


@dataclass
class Page:
    bureau: str | None  # None for the contents and change-list pages
    subtitle: str | None = None  # the heading of a page that is not a bureau's
    blocks: list[Block] = field(default_factory=list)
    bookmarks: list[tuple[str, int]] = field(default_factory=list)  # (title, outline level)


class Measurer:
    """Wraps text to column widths with one face, caching nothing per string."""

    def __init__(self, fonts: Fonts, geometry: Geometry):
        self.fonts = fonts
        self.geometry = geometry
        scale = 1000.0 / geometry.font_size
        self._inner = [(w - 2 * geometry.padding) * scale for w in geometry.column_widths]
        self._spans: dict[tuple[int, int], float] = {}

    def inner_width(self, first: int, last: int) -> float:
        key = (first, last)
        if key not in self._spans:
            width = sum(self.geometry.column_widths[first:last + 1]) - 2 * self.geometry.padding
            self._spans[key] = width * 1000.0 / self.geometry.font_size
        return self._spans[key]

    def lines(self, text: str, first: int, last: int | None = None, bold: bool = False) -> list[str]:
        face: Face = self.fonts.bold if bold else self.fonts.regular
        width = self._inner[first] if last is None or last == first else self.inner_width(first, last)
        return break_lines(text, width, face.widths, face.default_width)

    def amount(self, text: str, column: int, bold: bool = False) -> tuple[list[str], float | None]:
        """An amount is never wrapped: one line, in a smaller size when the column is too narrow."""
        face: Face = self.fonts.bold if bold else self.fonts.regular
        width = text_width(text, face.widths, face.default_width)
        room = self._inner[column]
        if width <= room:
            return [text], None
        return [text], max(int(self.geometry.font_size * room / width * 10) / 10, 1.0)

    def height(self, line_count: int) -> float:
        return max(line_count, 1) * self.geometry.leading + 2 * self.geometry.padding


@dataclass(frozen=True)
class Header:
    """The two header rows: cells spanning both rows, KPI groups above their sub-labels."""

    spanning: list[CellBox]
    groups: list[CellBox]
    subs: list[CellBox]
    first_height: float
    second_height: float

    @property
    def height(self) -> float:
        return self.first_height + self.second_height


def _header_lines(text: str, first: int, last: int, measurer: Measurer) -> list[str]:
    """Header text wraps before its parenthesis when that costs no extra line:
    'R6予算額' / '(千円)' rather than 'R6予算額(千' / '円)'."""
    lines = measurer.lines(text, first, last, bold=True)
    if len(lines) > 1 and "(" in text[1:]:
        head, tail = text.split("(", 1)
        preferred = measurer.lines(head, first, last, True) + measurer.lines("(" + tail, first, last, True)
        if len(preferred) <= len(lines):
            return preferred
    return lines


def header_blocks(report: Report, measurer: Measurer) -> Header:
    top, sub = report.labels.header_rows
    spanning, groups, subs = [], [], []
    column = 0
    while column < NUMBER_COLUMNS:
        if sub[column]:
            last = column
            while last + 1 < NUMBER_COLUMNS and not top[last + 1] and sub[last + 1]:
                last += 1
            groups.append(CellBox(column, last, _header_lines(top[column], column, last, measurer),
                                  Align.CENTER, True))
            subs.extend(CellBox(c, c, _header_lines(sub[c], c, c, measurer), Align.CENTER, True)
                        for c in range(column, last + 1))
            column = last + 1
        else:
            spanning.append(CellBox(column, column, _header_lines(top[column], column, column, measurer),
                                    Align.CENTER, True))
            column += 1
    first_height = measurer.height(max(len(c.lines) for c in groups))
    second_height = measurer.height(max(len(c.lines) for c in subs))
    needed = measurer.height(max(len(c.lines) for c in spanning))
    if needed > first_height + second_height:
        first_height = needed - second_height
    return Header(spanning, groups, subs, first_height, second_height)


def paginate_section(section: Section, measurer: Measurer, body_height: float,
                     continued: str) -> list[Page]:
    pages: list[Page] = [Page(section.bureau)]
    available = body_height
    measure_lines: dict[tuple[int, int, bool], list[str]] = {}
    last_measure_on_page: tuple[int, int] | None = None
    program_cells: dict[int, list[CellBox]] = {}

    def continued_heading(row: Row) -> Block | None:
        """The pillar heading repeated with （続き） above `row` on a new page."""
        if row.kind is RowKind.BUREAU_TOTAL or row.pillar < 0:
            return None
        return _full_width_block("pillar_continued", section.pillar_headings[row.pillar] + continued, measurer)

    def new_page(row: Row, repeat_heading: bool = True) -> None:
        nonlocal available, last_measure_on_page
        pages.append(Page(section.bureau))
        available = body_height
        last_measure_on_page = None
        heading = continued_heading(row) if repeat_heading else None
        if heading is not None:
            pages[-1].blocks.append(heading)
            available -= heading.height

    def program_block(index: int, row: Row, chunk_start: bool) -> Block:
        if index not in program_cells:
            program_cells[index] = [_cell_box(c, cell, measurer) for c, cell in enumerate(row.cells) if c > 0]
        cells = program_cells[index]
        lines: list[str] = []
        if chunk_start:
            is_continued = not row.measure_start
            key = (row.pillar, row.measure, is_continued)
            if key not in measure_lines:
                text = row.cells[0].text + (continued if is_continued else "")
                measure_lines[key] = measurer.lines(text, 0)
            lines = measure_lines[key]
        height = measurer.height(max([len(lines)] + [len(c.lines) for c in cells]))
        return Block(RowKind.PROGRAM.value, height, [CellBox(0, 0, lines, Align.LEFT)] + cells,
                     open_top_first_column=not chunk_start, row_index=index)

    rows = section.rows
    for index, row in enumerate(rows):
        page = pages[-1]
        if row.kind is RowKind.PILLAR:
            block = _full_width_block(RowKind.PILLAR.value, row.label, measurer)
            block.bookmark = row.label
            block.row_index = index
            following = program_block(index + 1, rows[index + 1], True).height \
                if index + 1 < len(rows) and rows[index + 1].kind is RowKind.PROGRAM else 0.0
            if block.height + following > available and page.blocks:
                pages.append(Page(section.bureau))
                available = body_height
                last_measure_on_page = None
            _place(pages, block)
            available -= block.height
            continue
        if row.kind is RowKind.PROGRAM:
            key = (row.pillar, row.measure)
            block = program_block(index, row, chunk_start=row.measure_start or key != last_measure_on_page)
            too_tall = block.height > body_height - measurer.height(1)  # for any page
            starts_pillar = not any(b.kind == RowKind.PROGRAM.value for b in page.blocks)
            if block.height > available and _has_content(page) and not (too_tall and starts_pillar):
                # whole rows only; but a row that fits no page starts right under its
                # pillar heading rather than leave the heading alone on a page
                new_page(row)
                block = program_block(index, row, chunk_start=True)
            if block.height > available:  # taller than a page: split line by line
                geometry = measurer.geometry
                total = max(len(c.lines) for c in block.cells)
                offset = 0
                while offset < total:
                    count = max(1, int((available - 2 * geometry.padding) // geometry.leading))
                    piece = _slice(block, offset, count, measurer)
                    _place(pages, piece)
                    available -= piece.height
                    offset += count
                    if offset < total:
                        new_page(row)
            else:
                _place(pages, block)
                available -= block.height
            last_measure_on_page = key
            continue
        block = _total_block(row, measurer, index)
        if block.height > available and _has_content(page):
            # a total never opens a page alone: the last program row comes along (with
            # the pillar heading it opens), or the last line of a row split over pages
            plan = _carry_back(page.blocks) or _carry_last_line(page.blocks, measurer)
            moving: list[Block] = []
            if plan:
                cut, staying, carried = plan
                opens_pillar = carried[0].kind == RowKind.PILLAR.value
                moving = [program_block(b.row_index, rows[b.row_index], chunk_start=True)
                          if b.kind == RowKind.PROGRAM.value and b.whole else b for b in carried]
                heading = None if opens_pillar else continued_heading(rows[carried[0].row_index])
                if (heading.height if heading else 0.0) + sum(b.height for b in moving) + block.height > body_height:
                    moving = []  # they would not fit on a page together: the total goes alone
            if moving:
                page.blocks[cut:] = staying
                if opens_pillar:  # the heading itself moves, bookmark and all
                    _drop_last(page.bookmarks, (carried[0].bookmark, 1))
                new_page(rows[carried[0].row_index], repeat_heading=not opens_pillar)
                for moved in moving:
                    _place(pages, moved)
                    available -= moved.height
            else:
                new_page(row)
        _place(pages, block)
        available -= block.height
    return pages


Plan = tuple[int, list[Block], list[Block]]  # (cut, what stays in place of blocks[cut:], what moves)


def _carry_back(blocks: list[Block]) -> Plan | None:
    """Move the trailing totals and the program row before them (with the pillar
    heading it opens) off a full page, if that leaves the page with content."""
    cut = len(blocks)
    while cut > 0 and blocks[cut - 1].kind not in (RowKind.PROGRAM.value, RowKind.PILLAR.value,
                                                   "pillar_continued"):
        cut -= 1
    if cut == 0 or blocks[cut - 1].kind != RowKind.PROGRAM.value or not blocks[cut - 1].whole:
        return None
    cut -= 1
    if cut > 0 and blocks[cut - 1].kind == RowKind.PILLAR.value:
        cut -= 1  # a pillar heading never ends a page
    if not any(b.kind == RowKind.PROGRAM.value for b in blocks[:cut]):
        return None
    return cut, [], blocks[cut:]


def _carry_last_line(blocks: list[Block], measurer: Measurer) -> Plan | None:
    """After a row too tall for a page, whose last piece ends a full page: move
    the piece's last line (and the totals after it); not a single-line piece."""
    cut = len(blocks)
    while cut > 0 and blocks[cut - 1].kind != RowKind.PROGRAM.value:
        if blocks[cut - 1].kind in (RowKind.PILLAR.value, "pillar_continued"):
            return None
        cut -= 1
    if cut == 0 or blocks[cut - 1].whole:
        return None
    piece = blocks[cut - 1]
    count = max(len(c.lines) for c in piece.cells)
    if count < 2:
        return None
    return cut - 1, [_slice(piece, 0, count - 1, measurer)], [_slice(piece, count - 1, 1, measurer)] + blocks[cut:]


def _drop_last(items: list, item) -> None:
    """Remove the last occurrence of `item` (two pillars may share a heading)."""
    del items[len(items) - 1 - items[::-1].index(item)]


def _has_content(page: Page) -> bool:
    return any(b.kind != "pillar_continued" for b in page.blocks)


def _place(pages: list[Page], block: Block) -> None:
    pages[-1].blocks.append(block)
    if block.bookmark:
        pages[-1].bookmarks.append((block.bookmark, 1))


def _full_width_block(kind: str, text: str, measurer: Measurer) -> Block:
    lines = measurer.lines(text, 0, NUMBER_COLUMNS - 1, bold=True)
    return Block(kind, measurer.height(len(lines)),
                 [CellBox(0, NUMBER_COLUMNS - 1, lines, Align.LEFT, True)])


def _cell_box(column: int, cell, measurer: Measurer) -> CellBox:
    if cell.is_amount:
        lines, size = measurer.amount(cell.text, column)
        return CellBox(column, column, lines, cell.align, highlight=cell.changed, size=size)
    return CellBox(column, column, measurer.lines(cell.text, column), cell.align, highlight=cell.changed)


def _total_block(row: Row, measurer: Measurer, index: int) -> Block:
    last = row.label_span - 1  # the label spans the columns before the budgets
    label = CellBox(0, last, measurer.lines(row.label, 0, last, True),
                    Align.RIGHT, True)
    amounts = []
    for i, cell in enumerate(row.cells[1:3]):
        lines, size = measurer.amount(cell.text, 17 + i, bold=True)
        amounts.append(CellBox(17 + i, 17 + i, lines, Align.RIGHT, True, size=size))
    height = measurer.height(max(len(c.lines) for c in [label] + amounts))
    return Block(row.kind.value, height, [label] + amounts, row_index=index)


def _slice(block: Block, offset: int, count: int, measurer: Measurer) -> Block:
    """Lines offset..offset+count of a row too tall for one page, each cell as it
    was (highlight, amount size) but for its lines; as tall as the lines it holds."""
    cells = [replace(c, lines=c.lines[offset:offset + count]) for c in block.cells]
    return Block(block.kind, measurer.height(max(len(c.lines) for c in cells)), cells,
                 open_top_first_column=block.open_top_first_column if offset == 0 else True,
                 row_index=block.row_index, whole=False)
