"""The print-ready PDF (ReportLab canvas): council handouts and the official edition.

Reads only the built Report. Every page carries the title, the bureau, both
header rows, the footnote, the legend and `n / N`. Text is drawn as plain
strings (never Paragraph markup), so data such as `R&D` or `<b>` prints as
written. The output is byte-identical for identical input (invariant mode).
Every PDF is tagged (PDF/UA-1): what each drawn piece is comes from
renderers/pdf/structure, and renderers/pdf/tags writes it into the file.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Location
from reportgen.renderers.pdf.font import Face, Fonts, load_fonts, missing_glyphs
from reportgen.renderers.pdf.linebreak import break_lines, text_width
from reportgen.renderers.pdf.pages import (
    NUMBER_COLUMNS,
    Block,
    CellBox,
    Geometry,
    Header,
    Measurer,
    Page,
    header_blocks,
    paginate_section,
)
from reportgen.renderers.pdf.structure import NoStructure, Structure
from reportgen.renderers.pdf.tags import Tagger, Tree, Untagged, finish
from reportgen.report.builder import Align, Report

LINE = Color(0.25, 0.25, 0.25)
BLACK = Color(0, 0, 0)
HIGHLIGHT = Color(1.0, 0.93, 0.55)  # a changed cell in a change report
SHADES = {
    "header": Color(0.88, 0.88, 0.88),
    "pillar": Color(0.93, 0.94, 0.96),
    "pillar_continued": Color(0.93, 0.94, 0.96),
    "measure_subtotal": Color(0.97, 0.97, 0.97),
    "pillar_subtotal": Color(0.95, 0.95, 0.95),
    "bureau_total": Color(0.90, 0.90, 0.90),
    "grand_total": Color(0.88, 0.88, 0.88),
}
PAPERS = {
    # page size, margin, body font size, leading, padding, title, subtitle, notes
    "a3": (landscape(A3), 12 * mm, 8.0, 10.0, 2.5, 14.0, 11.0, 8.0),
    "a4": (landscape(A4), 10 * mm, 6.5, 8.0, 1.8, 11.0, 9.0, 6.5),
}
MAX_MISSING_REPORTED = 20


@dataclass(frozen=True)
class PdfLayout:
    """Everything measured and paginated: drawing only reads this."""

    report: Report
    fonts: Fonts
    geometry: Geometry
    header: Header
    pages: list[Page]


def paginate(report: Report, paper: str = "a3", font_path: str | None = None) -> PdfLayout:
    fonts = load_fonts(font_path)
    check_glyphs(report, fonts)
    geometry = geometry_for(report, paper, fonts)
    measurer = Measurer(fonts, geometry)
    header = header_blocks(report, measurer)
    body_height = geometry.table_top - header.height - geometry.body_bottom
    pages: list[Page] = []
    for section in report.sections:
        section_pages = paginate_section(section, measurer, body_height, report.labels.continued)
        section_pages[0].bookmarks.insert(0, (section.heading, 0))
        pages.extend(section_pages)
    if len(report.sections) > 1:
        pages = contents_pages(report, pages, measurer) + pages
    if report.change_list:
        pages = change_list_pages(report, measurer) + pages
    return PdfLayout(report, fonts, geometry, header, pages)


def change_list_pages(report: Report, measurer: Measurer) -> list[Page]:
    """A change report opens with its list of changes, one per line, then the
    new edition with the changed cells highlighted."""
    geometry = measurer.geometry
    space = geometry.table_top - geometry.body_bottom
    title = report.labels.change_list
    pages = [Page(None, subtitle=title)]
    available = space
    for line in report.change_list:
        lines = measurer.lines(line, 0, NUMBER_COLUMNS - 1)
        block = Block("change", measurer.height(len(lines)), [CellBox(0, NUMBER_COLUMNS - 1, lines, Align.LEFT)])
        if block.height > available and pages[-1].blocks:
            pages.append(Page(None, subtitle=title))
            available = space
        pages[-1].blocks.append(block)
        available -= block.height
    pages[0].bookmarks.append((title, 0))
    return pages


def render_pdf(report: Report, paper: str = "a3", font_path: str | None = None, tagged: bool = True) -> bytes:
    """The PDF's bytes: a tagged PDF (PDF/UA-1), which a screen reader can walk; `tagged=False`
    draws it without its structure (a programmer's quick draft: smaller and faster)."""
    data, tree = _draw(report, paper, font_path, tagged)
    if tree is None:
        return data
    # the layout and the canvas are let go before the structure is written
    return finish(data, tree, report.title, report.labels.document_language)


def _draw(report: Report, paper: str, font_path: str | None, tagged: bool) -> tuple[bytes, Tree | None]:
    """ReportLab's file, and the structure tree its pages were marked with (None: untagged)."""
    layout = paginate(report, paper, font_path)
    fonts, geometry, pages = layout.fonts, layout.geometry, layout.pages
    buffer = io.BytesIO()
    # A division's PDF (split) is one page or two, mailed to that division: deflating its page
    # and its two font subsets would be a fifth of its cost to save about 30 KB, so only the
    # book, which is published, is compressed.
    canvas = Canvas(buffer, pagesize=(geometry.page_width, geometry.page_height), invariant=1,
                    lang=report.labels.document_language, pageCompression=0 if report.division is not None else 1,
                    initialFontName=fonts.regular.name, initialFontSize=geometry.font_size,
                    pdfVersion=(1, 7) if tagged else None)  # PDF/UA-1 is on PDF 1.7, and object streams need 1.5
    canvas.setTitle(report.title)
    canvas.setAuthor(report.author)
    canvas.setSubject(report.subject)
    canvas.setCreator("reportgen")
    canvas.setKeywords([report.subject, *(s.heading for s in report.sections)])
    structure = Structure(report, Tagger(canvas), pages) if tagged else NoStructure()
    for number, page in enumerate(pages, start=1):
        structure.start_page(page, number)
        _draw_page(canvas, page, number, len(pages), report, geometry, fonts, layout.header, structure)
        canvas.showPage()
    structure.close()
    canvas.showOutline()
    canvas.save()
    return buffer.getvalue(), structure.tagger.tree if tagged else None


def geometry_for(report: Report, paper: str, fonts: Fonts) -> Geometry:
    size, margin, font_size, leading, padding, title, subtitle, note = PAPERS[paper]
    width, height = size
    table_width = width - 2 * margin
    weights = report.column_weights
    columns = tuple(table_width * w / sum(weights) for w in weights)
    note_lines = len(_note_lines(report, fonts.regular, table_width, note))
    return Geometry(
        page_width=width, page_height=height, margin=margin, font_size=font_size, leading=leading,
        padding=padding, title_size=title, subtitle_size=subtitle, note_size=note,
        column_widths=columns,
        header_block=title * 1.35 + subtitle * 1.5 + 3,
        footer_block=4 + (note_lines + 1) * note * 1.35,
    )


def _note_lines(report: Report, face: Face, width: float, size: float) -> list[tuple[int, str]]:
    """Footnotes, then the legend on one line, wrapped to the table width: (which note, line)."""
    texts = list(report.footnotes) + ["　".join(report.labels.legend)]
    lines: list[tuple[int, str]] = []
    for note, text in enumerate(texts):
        lines.extend((note, line) for line in break_lines(text, width * 1000 / size, face.widths, face.default_width))
    return lines


def check_glyphs(report: Report, fonts: Fonts) -> None:
    """Fail before drawing if any character has no glyph (no tofu, ever)."""
    findings: list[Finding] = []
    headers = report.labels.flat_headers

    def check(text: str, face: Face, where: str) -> None:
        missing = missing_glyphs(text, face)
        if missing and len(findings) < MAX_MISSING_REPORTED:
            chars = "、".join(f"「{c}」(U+{ord(c):04X})" for c in missing)
            font = face.name
            findings.append(Finding(Severity.ERROR, Location(where),
                                    say("pdf.missing_glyphs", chars=chars, font=font), "font"))

    labels = report.labels
    fixed = (report.title, *report.footnotes, *labels.legend, *labels.header_rows[0],
             *labels.header_rows[1], labels.continued, *labels.contents_headers, labels.contents_title,
             labels.page_number(0, 0), labels.change_list, *report.change_list)
    # One pass over all the text first: the usual case, nothing missing, needs no more.
    regular = [*fixed, *(cell.text for section in report.sections for row in section.rows
                         if row.kind.value == "program" for cell in row.cells)]
    bold = [*fixed, *(section.heading for section in report.sections),
            *(row.label for section in report.sections for row in section.rows if row.kind.value != "program")]
    if not missing_glyphs("".join(regular), fonts.regular) and not missing_glyphs("".join(bold), fonts.bold):
        return
    for text in fixed:
        check(text, fonts.bold, "表題・見出し・注記")
        check(text, fonts.regular, "表題・見出し・注記")
    for section in report.sections:
        check(section.heading, fonts.bold, f"局名 {section.bureau}")
        for row in section.rows:
            if row.kind.value == "program":
                for column, cell in enumerate(row.cells):
                    check(cell.text, fonts.regular, f"{row.where} の {headers[column]}")
            else:
                check(row.label, fonts.bold, f"{section.bureau} {row.label}")
    if findings:
        raise ReportgenError(findings)


def contents_pages(report: Report, body_pages: list[Page], measurer: Measurer) -> list[Page]:
    """目次: each bureau, its first page, its program count and totals, then 総計."""
    labels = report.labels
    first_pages: dict[str, int] = {}
    for index, page in enumerate(body_pages):
        first_pages.setdefault(page.bureau, index)
    geometry = measurer.geometry
    rows_per_page = max(1, int((geometry.table_top - geometry.body_bottom) // measurer.height(1)) - 2)
    entries = report.sections
    page_count = (len(entries) + 1 + rows_per_page - 1) // rows_per_page
    pages = []
    for start in range(0, len(entries) + 1, rows_per_page):
        page = Page(None)
        page.blocks.append(_contents_block("header", labels.contents_headers, measurer, bold=True))
        for section in entries[start:start + rows_per_page]:
            values = (section.heading, str(first_pages[section.bureau] + page_count + 1),
                      f"{section.program_count:,}", *_amount_texts(section.total))
            page.blocks.append(_contents_block("program", values, measurer))
        if start + rows_per_page > len(entries):
            total = report.grand_total
            values = (total.label, "", f"{sum(s.program_count for s in entries):,}",
                      total.cells[1].text, total.cells[2].text)
            page.blocks.append(_contents_block("grand_total", values, measurer, bold=True))
        pages.append(page)
    pages[0].bookmarks.append((labels.contents_title, 0))
    return pages


def _amount_texts(amounts) -> tuple[str, str]:
    from reportgen.model.amounts import format_amount
    return format_amount(amounts[0]), format_amount(amounts[1])


# The contents table reuses the body's column grid: name over columns 0-6,
# page 7, count 8-9, budgets in the two budget columns' places.
_CONTENTS_SPANS = ((0, 6, Align.LEFT), (7, 8, Align.CENTER), (9, 10, Align.RIGHT),
                   (11, 14, Align.RIGHT), (15, 18, Align.RIGHT))


def _contents_block(kind: str, values, measurer: Measurer, bold: bool = False) -> Block:
    cells = [CellBox(first, last, measurer.lines(value, first, last, bold),
                     Align.CENTER if kind == "header" else align, bold)
             for value, (first, last, align) in zip(values, _CONTENTS_SPANS)]
    return Block(kind, measurer.height(max(len(c.lines) for c in cells)), cells)


def _draw_page(canvas: Canvas, page: Page, number: int, count: int, report: Report,
               geometry: Geometry, fonts: Fonts, header: Header, structure: Structure) -> None:
    tagger = structure.tagger
    for title, level in page.bookmarks:
        key = f"b{number}-{title}"
        canvas.bookmarkPage(key)
        canvas.addOutlineEntry(title, key, level=level)
    left = geometry.margin
    top = geometry.page_height - geometry.margin
    canvas.setFillColor(BLACK)
    canvas.setFont(fonts.bold.name, geometry.title_size)
    with tagger.marked(structure.title_element(number)):
        canvas.drawString(left, top - geometry.title_size, report.title)
    headings = {s.bureau: s.heading for s in report.sections}
    subtitle = page.subtitle or (headings[page.bureau] if page.bureau is not None
                                 else report.labels.contents_title)
    subtitle_y = top - geometry.title_size * 1.35 - geometry.subtitle_size
    canvas.setFont(fonts.bold.name, geometry.subtitle_size)
    with tagger.marked(structure.heading_element()):
        canvas.drawString(left, subtitle_y, subtitle)
    canvas.setFont(fonts.regular.name, geometry.font_size)
    with tagger.artifact():  # the unit is said once, in the legend
        canvas.drawRightString(left + geometry.table_width, subtitle_y, report.labels.unit)
    table = _TableDrawer(canvas, geometry, fonts, tagger)
    y = geometry.table_top
    if page.bureau is not None:
        table.cells(header.spanning, y, header.height, "header",
                    elements=[structure.header_element(c, 0) for c in header.spanning])
        table.cells(header.groups, y, header.first_height, "header",
                    elements=[structure.header_element(c, 0) for c in header.groups])
        table.cells(header.subs, y - header.first_height, header.second_height, "header",
                    elements=[structure.header_element(c, 1) for c in header.subs])
        y -= header.height
    for block in page.blocks:
        table.cells(block.cells, y, block.height, block.kind, block.open_top_first_column,
                    elements=[structure.cell_element(block, c) for c in block.cells])
        y -= block.height
    table.finish(y)
    _draw_notes(canvas, report, geometry, fonts, number, count, structure)


class _TableDrawer:
    """Draws a page's table in three passes: shading as it goes (an artifact), then
    each cell's text in the structure element it belongs to (or as an artifact),
    then one set of merged grid lines (an artifact), which keeps the PDF small."""

    def __init__(self, canvas: Canvas, geometry: Geometry, fonts: Fonts, tagger: Tagger | Untagged):
        self.canvas, self.geometry, self.fonts, self.tagger = canvas, geometry, fonts, tagger
        # untagged, a page's text is one text object: smaller and faster than one per cell
        self.page_text = None if tagger.tagging else canvas.beginText()
        self.edges = [geometry.margin]
        for width in geometry.column_widths:
            self.edges.append(self.edges[-1] + width)
        self.texts: list[tuple] = []  # each cell's text, drawn after the fills
        self.font: tuple[str, float] | None = None  # (face, size) last set
        self.horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
        self.vertical: dict[float, list[tuple[float, float]]] = {}  # x -> [(top, bottom)]
        self.shade: Color | None = None
        if tagger.tagging:
            canvas.addLiteral("/Artifact <</Type /Layout>> BDC")  # the fills, until finish()

    def cells(self, cells: list[CellBox], top: float, height: float, kind: str,
              open_top_first_column: bool = False, elements: list[int | None] | None = None) -> None:
        shade = SHADES.get(kind)
        bottom = top - height
        for index, cell in enumerate(cells):
            x0, x1 = self.edges[cell.first], self.edges[cell.last + 1]
            fill = HIGHLIGHT if cell.highlight else shade
            if fill is not None:
                if fill is not self.shade:
                    self.canvas.setFillColor(fill)
                    self.shade = fill
                self.canvas.rect(x0, bottom, x1 - x0, height, stroke=0, fill=1)
            if not (open_top_first_column and cell.first == 0):
                self.horizontal.append((top, x0, x1))
            self.vertical.setdefault(x0, []).append((top, bottom))
            self.vertical.setdefault(x1, []).append((top, bottom))
            if any(cell.lines):
                element = elements[index] if elements is not None else None
                self.texts.append((element, cell, x0, x1, top, height, kind == "program" and cell.first == 0))

    def _text(self, cell: CellBox, x0: float, x1: float, top: float, height: float, top_aligned: bool) -> None:
        """One cell's lines, in a text object of their own (so that they can be marked as one)."""
        face = self.fonts.bold if cell.bold else self.fonts.regular
        geometry = self.geometry
        size, leading, padding = cell.size or geometry.font_size, geometry.leading, geometry.padding
        used = len(cell.lines) * leading + 2 * padding
        offset = 0.0 if top_aligned else max(0.0, (height - used) / 2)
        baseline = top - offset - padding - (leading - size) / 2 - size * 0.88
        text = self.page_text if self.page_text is not None else self.canvas.beginText()
        if (face.name, size) != self.font:  # the font is graphics state: it holds from one text object to the next
            text.setFont(face.name, size)
            self.font = (face.name, size)
        for line in cell.lines:
            if line:
                if cell.align is Align.LEFT:
                    x = x0 + padding
                else:
                    width = text_width(line, face.widths, face.default_width) * size / 1000
                    x = x1 - padding - width if cell.align is Align.RIGHT else (x0 + x1 - width) / 2
                text.setTextOrigin(x, baseline)
                text.textOut(line)
            baseline -= leading
        if self.page_text is None:
            self.canvas.drawText(text)

    def finish(self, bottom: float) -> None:
        canvas, tagger = self.canvas, self.tagger
        if tagger.tagging:
            canvas.addLiteral("EMC")  # the fills end
        canvas.setFillColor(BLACK)
        for element, *placed in self.texts:
            tagger.begin(element)
            self._text(*placed)
            tagger.end()
        if self.page_text is not None:
            canvas.drawText(self.page_text)
        with tagger.artifact():
            canvas.setStrokeColor(LINE)
            canvas.setLineWidth(0.5)
            canvas.lines(_merge_horizontal(self.horizontal) + _merge_vertical(self.vertical))
            canvas.setLineWidth(0.8)
            canvas.line(self.edges[0], bottom, self.edges[-1], bottom)


def _merge_horizontal(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Touching segments on one line become one stroke."""
    lines = []
    for y, x0, x1 in sorted(set(segments)):
        if lines and lines[-1][1] == y and lines[-1][2] >= x0 - 1e-6:
            lines[-1] = (lines[-1][0], y, max(lines[-1][2], x1), y)
        else:
            lines.append((x0, y, x1, y))
    return lines


def _merge_vertical(columns: dict[float, list[tuple[float, float]]]) -> list[tuple[float, float, float, float]]:
    lines = []
    for x, spans in columns.items():
        merged: list[list[float]] = []
        for top, bottom in sorted(spans, key=lambda s: -s[0]):
            if merged and merged[-1][1] <= top + 1e-6:
                merged[-1][1] = min(merged[-1][1], bottom)
            else:
                merged.append([top, bottom])
        lines.extend((x, top, x, bottom) for top, bottom in merged)
    return lines


def _draw_notes(canvas: Canvas, report: Report, geometry: Geometry, fonts: Fonts,
                number: int, count: int, structure: Structure) -> None:
    size = geometry.note_size
    y = geometry.body_bottom - 4 - size
    canvas.setFont(fonts.regular.name, size)
    for note, line in _note_lines(report, fonts.regular, geometry.table_width, size):
        with structure.tagger.marked(structure.note_element(number, note)):
            canvas.drawString(geometry.margin, y, line)
        y -= size * 1.35
    canvas.setFont(fonts.regular.name, geometry.note_size + 1)
    with structure.tagger.artifact("Pagination"):
        canvas.drawCentredString(geometry.page_width / 2, geometry.margin, report.labels.page_number(number, count))
