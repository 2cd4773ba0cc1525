"""The tagged PDF's structure, walked with pikepdf and read through its marked content:
one TR per row of the Report across page breaks, one TH or TD per cell holding the
cell's text, and nothing drawn outside a structure element or an artifact."""
from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace

import pikepdf
import pytest
from conftest import SEED, WORKLOAD
from pypdf import PdfReader

import reportgen.model.columns as col
from reportgen import load
from reportgen.model.publication import Publication
from reportgen.renderers.pdf.document import paginate, render_pdf
from reportgen.report.builder import RowKind, build_report

PAINTING = {b"Tj", b"TJ", b"'", b'"', b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"Do", b"sh"}


def marked_texts(pdf: bytes) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn inside that marked-content sequence."""
    found: dict[tuple[int, int], str] = {}
    for index, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        stack: list[int | None] = []

        def before(operator, operands, *_):
            if operator == b"BDC":
                properties = operands[1]
                stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC":
                stack.pop()

        def text(chunk, *_):
            if stack and stack[-1] is not None:
                key = (index, int(stack[-1]))
                found[key] = found.get(key, "") + chunk

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


class Walk:
    """The structure tree of a PDF, with each element's text read from its marked content."""

    def __init__(self, data: bytes):
        self.pdf = pikepdf.open(io.BytesIO(data))
        self.pages = {page.obj.objgen: index for index, page in enumerate(self.pdf.pages)}
        self.texts = marked_texts(data)
        self.document = self.pdf.Root.StructTreeRoot.K[0]

    @staticmethod
    def kids(element) -> list:
        k = element.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, pikepdf.Array) else [k]

    def elements(self, element) -> list:
        return [k for k in self.kids(element) if isinstance(k, pikepdf.Dictionary) and "/S" in k]

    def text(self, element) -> str:
        parts = []
        for kid in self.kids(element):
            if isinstance(kid, int):
                parts.append(self.texts.get((self.pages[element.Pg.objgen], kid), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                parts.append(self.texts.get((self.pages[kid.Pg.objgen], int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary):
                parts.append(self.text(kid))
        return "".join(parts).replace("\n", "")

    @staticmethod
    def role(element) -> str:
        return str(element.S)[1:]

    @staticmethod
    def attribute(element, name):
        return element.get("/A", {}).get("/" + name)


def flat(text: str) -> str:
    return text.replace("\n", "")


def expected_rows(report, layout, bureau: str) -> list[list[tuple[str, str]]]:
    """The TRs a bureau's table must hold, in reading order: the header row, then each row of
    the Report (once, wherever its pieces are printed) and each pillar heading printed again
    with （続き）; a measure's cell where its name is printed (its first row, or its first row
    on a new page)."""
    section = next(s for s in report.sections if s.bureau == bureau)
    top, sub = report.labels.header_rows  # a KPI header prints its sub-heading (its ActualText is whole)
    rows = [[("TH", flat(sub[c] or top[c])) for c in range(col.COLUMN_COUNT)]]
    seen = set()
    for page in (p for p in layout.pages if p.bureau == bureau):
        for block in page.blocks:
            if block.kind == "pillar_continued":
                rows.append([("TD", flat("".join(block.cells[0].lines)))])
                continue
            if block.row_index in seen:
                continue
            seen.add(block.row_index)
            row = section.rows[block.row_index]
            if row.kind is RowKind.PILLAR:
                rows.append([("TD", flat(row.label))])
            elif row.kind is RowKind.PROGRAM:
                cells = [("TD", flat(c.text)) for c in row.cells[1:]]
                if not block.open_top_first_column:
                    measure = row.cells[0].text + ("" if row.measure_start else report.labels.continued)
                    cells.insert(0, ("TH", flat(measure)))
                rows.append(cells)
            else:
                rows.append([("TH", flat(row.label)), ("TD", row.cells[1].text), ("TD", row.cells[2].text)])
    return rows


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A generated book of three bureaus, one program's summary taller than a page."""
    folder = tmp_path_factory.mktemp("book")
    text = subprocess.run([sys.executable, str(WORKLOAD), "--programs", "90", "--bureaus", "3"],
                          capture_output=True, check=True).stdout
    (folder / "book.txt").write_bytes(text)
    publication = load([str(folder / "book.txt")])
    tall = publication.programs[20]

    def taller(bureau, program):
        return replace(program, summary="長い概要の文。" * 700) if program is tall else program

    from reportgen.model.publication import map_programs
    publication: Publication = map_programs(publication, taller)
    report = build_report(publication)
    return report, paginate(report), render_pdf(report, tagged=True)


def test_every_row_is_one_tr_and_every_cell_one_th_or_td_with_its_text(book):
    report, layout, data = book
    assert any(not b.whole for p in layout.pages for b in p.blocks)  # a row is cut over pages
    assert any(b.kind == "pillar_continued" for p in layout.pages for b in p.blocks)
    walk = Walk(data)
    parts = walk.elements(walk.document)
    assert [walk.role(e) for e in parts[:3]] == ["H1", "H2", "Table"]  # the title, then the contents
    assert walk.text(parts[0]) == report.title
    tables = [e for e in parts if walk.role(e) == "Table"][1:]  # the bureaus' tables, after the contents
    headings = [walk.text(e) for e in parts if walk.role(e) == "H2"][1:]
    assert headings == [s.heading for s in report.sections]
    for section, table in zip(report.sections, tables, strict=True):
        expected = expected_rows(report, layout, section.bureau)
        got = [[(walk.role(c), walk.text(c)) for c in walk.elements(tr)] for tr in walk.elements(table)]
        assert len(got) == len(expected)
        for got_row, expected_row in zip(got, expected):
            assert got_row == expected_row
    notes = [walk.text(e) for e in parts if walk.role(e) == "P"]
    assert notes == [flat(n) for n in report.footnotes] + ["　".join(report.labels.legend)]


def test_a_row_cut_over_a_page_break_is_one_tr_holding_both_pages(book):
    report, layout, data = book
    walk = Walk(data)
    for table in (e for e in walk.elements(walk.document) if walk.role(e) == "Table"):
        for tr in walk.elements(table):
            for cell in walk.elements(tr):
                kids = walk.kids(cell)
                if any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" for k in kids):
                    assert len({k.Pg.objgen for k in kids}) > 1
                    assert "長い概要の文。" * 5 in walk.text(cell)
                    return
    raise AssertionError("no cell spans two pages")


def test_the_parent_tree_parents_and_id_tree_agree_with_the_elements(book):
    """What a reader looks up from a page (the parent tree: MCID -> element) is what the
    tree says (the element's /K), every element names its parent, the ID tree is sorted,
    and qpdf read it all without repairing anything."""
    _, _, data = book
    walk = Walk(data)
    root = walk.pdf.Root.StructTreeRoot
    nums = list(root.ParentTree.Nums)
    assert [int(n) for n in nums[::2]] == list(range(len(walk.pdf.pages)))
    assert int(root.ParentTreeNextKey) == len(walk.pdf.pages)
    for page, elements in zip(nums[::2], nums[1::2]):
        for mcid, element in enumerate(elements):
            marks = [(walk.pages[element.Pg.objgen], int(k)) if isinstance(k, int)
                     else (walk.pages[k.Pg.objgen], int(k.MCID)) for k in walk.kids(element)]
            assert (int(page), mcid) in marks
    counted = 0
    stack = [walk.document]
    while stack:
        element = stack.pop()
        for kid in walk.elements(element):
            assert kid.P.objgen == element.objgen
            counted += 1
            stack.append(kid)
    elements = [o for o in walk.pdf.objects if isinstance(o, pikepdf.Dictionary) and "/S" in o and "/P" in o]
    assert counted + 1 == len(elements)  # every element is in the tree, the Document at its top
    names = [bytes(n) for n in list(root.IDTree.Names)[::2]]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert walk.pdf.get_warnings() == []


def test_table_attributes_say_how_to_read_the_cells(book):
    report, _, data = book
    walk = Walk(data)
    table = [e for e in walk.elements(walk.document) if walk.role(e) == "Table"][1]
    header, *rows = walk.elements(table)
    cells = walk.elements(header)
    assert [str(walk.attribute(c, "Scope")) for c in cells] == ["/Column"] * col.COLUMN_COUNT
    ids = [str(c.ID) for c in cells]
    kpi = cells[col.KPI_STARTS[0]]
    assert str(kpi.ActualText) == report.labels.flat_headers[col.KPI_STARTS[0]]  # 'KPI (成果指標①) 事業目標'
    program = next(r for r in rows if len(walk.elements(r)) == col.COLUMN_COUNT)
    measure, *data_cells = walk.elements(program)
    assert str(walk.attribute(measure, "Scope")) == "/Row" and int(walk.attribute(measure, "RowSpan")) >= 1
    goal = data_cells[col.KPI_STARTS[0] - 1]
    assert [str(h) for h in walk.attribute(goal, "Headers")] == [ids[col.KPI_STARTS[0]]]
    id_tree = walk.pdf.Root.StructTreeRoot.IDTree.Names
    assert ids[0] in [str(v) for v in list(id_tree)[::2]]
    marks = [c for c in data_cells[col.MARK_FIRST - 1:col.MARK_SECOND] if walk.text(c) == "●"]
    assert marks and all(str(c.ActualText) == "該当" for c in marks)


def test_nothing_is_drawn_outside_a_structure_element_or_an_artifact(book):
    _, _, data = book
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            depth = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                name = bytes(operator)
                if name in (b"BDC", b"BMC"):
                    depth += 1
                elif name == b"EMC":
                    depth -= 1
                elif name in PAINTING:
                    assert depth > 0, f"page {number}: {name!r} outside marked content"
            assert depth == 0


def test_the_catalog_claims_pdf_ua_and_says_the_title_and_language():
    report = build_report(load([str(SEED)]), lang="en")
    with pikepdf.open(io.BytesIO(render_pdf(report, tagged=True))) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True and root.ViewerPreferences.DisplayDocTitle is True
        assert str(root.Lang) == "en"
        assert all(page.obj.Tabs == "/S" and "/StructParents" in page.obj for page in pdf.pages)
        assert len(pdf.open_outline().root) == 1  # the bookmarks are kept
        meta = pdf.open_metadata()
        assert meta["dc:title"] == report.title and meta["pdfuaid:part"] == "1"
        assert "en" in str(meta.get("dc:language"))


def test_each_pdf_of_a_process_has_its_own_title_and_language_in_its_metadata():
    """The XMP packet is made once per title and language and reused (a split makes
    thousands of PDFs): PDFs of other titles and languages in between keep their own."""
    publication = load([str(SEED)])
    reports = [build_report(publication, lang="ja"), build_report(publication, lang="en"),
               replace(build_report(publication, lang="ja"), title="別の表題"), build_report(publication, lang="ja")]
    for report in reports:
        with pikepdf.open(io.BytesIO(render_pdf(report))) as pdf:
            meta = pdf.open_metadata()
            assert meta["dc:title"] == report.title
            assert [str(lang) for lang in meta["dc:language"]] == [report.labels.document_language]


def test_japanese_data_in_an_english_pdf_is_marked_japanese():
    report = build_report(load([str(SEED)]), lang="en")
    walk = Walk(render_pdf(report, tagged=True))
    table = [e for e in walk.elements(walk.document) if walk.role(e) == "Table"][0]
    cells = [c for tr in walk.elements(table) for c in walk.elements(tr)]
    summary = next(c for c in cells if walk.text(c).startswith("多様な働き方"))
    assert str(summary.Lang) == "ja"
    # a line break stands for the space it replaced (readers take a new line as white space)
    division = next(c for c in cells if walk.text(c).replace(" ", "") == "OfficeforPromotingWomenintheWorkforce")
    assert "/Lang" not in division
    marks = [c for c in cells if walk.text(c) == "●"]
    assert marks and all(str(c.ActualText) == "yes" for c in marks)


def test_the_same_input_gives_the_same_bytes():
    report = build_report(load([str(SEED)]))
    assert render_pdf(report, tagged=True) == render_pdf(report, tagged=True)
