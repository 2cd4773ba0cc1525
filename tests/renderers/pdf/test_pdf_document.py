"""The PDF, read back with pypdf: text, fonts, pages, metadata, and hostile data."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
from conftest import BOLD_FONT as BOLD
from conftest import SEED, WORKLOAD
from pypdf import PdfReader

from reportgen import ReportgenError, load
from reportgen.model.amounts import format_amount, sum_existing
from reportgen.model.publication import (
    BaselineYear,
    Budget,
    Bureau,
    FiscalYears,
    Kpi,
    Measure,
    Pillar,
    Program,
    ProgramName,
    Publication,
)
from reportgen.renderers.pdf.document import paginate, render_pdf
from reportgen.renderers.pdf.font import load_fonts
from reportgen.report.builder import RowKind, build_report

FOOTNOTE = "※R6年度の主要事務事業に該当する場合はR6欄に「●」"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_text(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def seed_pdf():
    return render_pdf(build_report(load([str(SEED)])))


def test_every_name_budget_and_total_is_in_the_text(seed_pdf):
    publication = load([str(SEED)])
    text = "".join(pages_text(seed_pdf))
    for program in publication.programs:
        for name in program.name.by_year:
            assert squash(name) in text, name
        for budget in program.budgets:
            assert format_amount(budget.amount) in text
    bureau = publication.bureaus[0]
    for pillar in bureau.pillars:
        for year in range(2):
            amount = sum_existing(p.budgets[year].amount for p in pillar.programs)
            assert f"{squash(pillar.heading)}）{format_amount(amount)}" in text or format_amount(amount) in text
        assert squash(f"小計（{pillar.heading}）") in text
    totals = [sum_existing(p.budgets[y].amount for p in bureau.programs) for y in range(2)]
    assert totals == [2548267, 2878000]
    assert f"合計（総務市民局）{format_amount(totals[0])}{format_amount(totals[1])}" in text


def test_every_page_explains_itself(seed_pdf):
    texts = pages_text(seed_pdf)
    assert len(texts) == 2
    for number, text in enumerate(texts, start=1):
        assert text.startswith(squash("新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度)総務市民局"))
        assert "主要事務事業名" in text and "KPI(成果指標①)" in text and "R7予算額(千円)" in text
        assert squash(FOOTNOTE) in text
        assert "単位：千円" in text and "—：該当なし" in text and "●：その年度の主要事務事業" in text
        assert text.endswith(f"{number}/{len(texts)}")


def test_measure_and_pillar_continued_on_the_next_page(seed_pdf):
    page2 = pages_text(seed_pdf)[1]
    assert "III「安らぐまち」の実現（続き）" in page2
    assert "地域活動の抜本的な見直しによる活性化（続き）" in page2


def test_fonts_embedded_and_subset_nothing_else(seed_pdf):
    reader = PdfReader(io.BytesIO(seed_pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] == "/TrueType"
            assert re.match(r"^/[A-Z]{6}\+BIZUDGothic-(Regular|Bold)$", font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"]


def test_document_info_language_and_bookmarks(seed_pdf):
    reader = PdfReader(io.BytesIO(seed_pdf))
    info = reader.metadata
    assert info.title == "新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度)"
    assert info.author == "総務市民局"
    assert info.subject == "主要事務事業 R6・R7"
    assert reader.trailer["/Root"]["/Lang"] == "ja-JP"
    outline = reader.outline
    assert outline[0]["/Title"] == "総務市民局"
    assert [entry["/Title"] for entry in outline[1]] == [
        "I 「稼げるまち」の実現", "II 「彩りあるまち」の実現", "III 「安らぐまち」の実現"]


def test_a3_and_a4_landscape_with_minimum_text_sizes(seed_pdf):
    a4 = render_pdf(build_report(load([str(SEED)])), paper="a4")
    for pdf, size, minimum in ((seed_pdf, (1190.55, 841.89), 8.0), (a4, (841.89, 595.28), 6.5)):
        reader = PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size
        sizes = set()

        def visitor(text, cm, tm, font, font_size):
            if text.strip():
                sizes.add(font_size * tm[0])
        reader.pages[0].extract_text(visitor_text=visitor)
        body = sorted(sizes)
        assert body[0] >= minimum - 1e-6, body
    assert "主要事務事業名" in "".join(pages_text(a4))


def test_same_input_gives_the_same_bytes(seed_pdf):
    assert render_pdf(build_report(load([str(SEED)]))) == seed_pdf


def program(number, name, summary="概要", measure_budget=(1000, 2000)):
    return Program(number, ProgramName(name, (name, name)), summary, (True, True), "企画課",
                   (Kpi("目標", "1", BaselineYear("R5", 2023), ("2", "3")),),
                   tuple(Budget(b) for b in measure_budget))


def one_bureau(*programs):
    return Publication("表題 R&D <b>", FiscalYears(2024, 2025), ("※注記 & <i>",),
                       (Bureau("企画局", (Pillar("I", "柱", (Measure("施策 <font>", programs),)),)),))


def test_markup_in_data_prints_literally():
    hostile = ['<b>太字</b>', 'R&D推進', '<link href="http://example.com">リンク</link>', 'a<b', '&amp;', 'x > y']
    pub = one_bureau(*(program(i + 1, name) for i, name in enumerate(hostile)))
    pdf = render_pdf(build_report(pub))
    text = "".join(pages_text(pdf))
    for name in hostile:
        assert squash(name) in text
    assert "表題R&D<b>" in text and "※注記&<i>" in text
    reader = PdfReader(io.BytesIO(pdf))
    assert all("/Annots" not in page for page in reader.pages)  # no live link was made


def test_very_long_unbroken_text_splits_across_pages_and_nothing_is_lost():
    long_summary = "あ" * 6000 + "END"
    long_latin = "A" * 400
    pub = one_bureau(program(1, "短い名前", summary=long_summary), program(2, long_latin))
    layout = paginate(build_report(pub))
    assert len(layout.pages) > 2
    text = "".join(pages_text(render_pdf(build_report(pub))))
    assert text.count("あ") == 6000 and "END" in text
    assert long_latin in text.replace("-", "")  # a word cut over lines carries a hyphen at each cut
    assert text.count("A") == 400
    # every fragment fits inside the page body
    geometry = layout.geometry
    for page in layout.pages:
        used = layout.header.height + sum(block.height for block in page.blocks)
        assert used <= geometry.table_top - geometry.body_bottom + 1e-6


def test_a_character_the_font_lacks_is_an_error_naming_the_cell():
    thai = "ก"
    assert thai not in load_fonts().regular.glyphs
    pub = one_bureau(program(1, "事業"), program(2, f"事業{thai}"))
    with pytest.raises(ReportgenError) as caught:
        render_pdf(build_report(pub))
    message = str(caught.value)
    assert "企画局 事業番号 2 の 主要事務事業名" in message
    assert "「ก」(U+0E01)" in message and "BIZUDGothic-Regular" in message


def test_another_font_can_be_chosen_and_a_bad_one_is_refused(tmp_path):
    pdf = render_pdf(build_report(load([str(SEED)])), font_path=str(BOLD))
    fonts = {str(f.get_object()["/BaseFont"]) for p in PdfReader(io.BytesIO(pdf)).pages
             for f in p["/Resources"]["/Font"].values()}
    assert fonts and all(name.endswith("+BIZUDGothic-Bold") for name in fonts)
    bad = tmp_path / "not-a-font.ttf"
    bad.write_bytes(b"hello")
    with pytest.raises(ReportgenError) as caught:
        render_pdf(build_report(load([str(SEED)])), font_path=str(bad))
    assert "not-a-font.ttf" in str(caught.value) and "TrueType" in str(caught.value)


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    expect = folder / "expect.json"
    text = subprocess.run([sys.executable, str(WORKLOAD), "--programs", "320", "--bureaus", "4",
                           "--expect", str(expect)], capture_output=True, check=True).stdout
    source = folder / "city.txt"
    source.write_bytes(text)
    publication = load([str(source)])
    report = build_report(publication)
    return publication, report, json.loads(expect.read_text(encoding="utf-8"))


def test_city_book_pages_headers_contents_and_continuations(city):
    publication, report, expect = city
    assert len(publication.programs) == 320
    layout = paginate(report)
    pdf = render_pdf(report)
    texts = pages_text(pdf)
    assert len(texts) == len(layout.pages) > 20
    # contents page: every bureau with its program count and true totals
    contents = texts[0]
    for bureau, truth in expect.items():
        assert f"{bureau}" in contents
        assert f"{truth['programs']}{format_amount(truth['R6'])}{format_amount(truth['R7'])}" in contents
    grand = [sum(t[y] for t in expect.values()) for y in ("R6", "R7")]
    assert f"総計（4局）320{format_amount(grand[0])}{format_amount(grand[1])}" in contents
    for number, (page, text) in enumerate(zip(layout.pages, texts), start=1):
        assert text.endswith(f"{number}/{len(texts)}")
        assert squash(FOOTNOTE) in text
        if page.bureau is None:
            continue
        assert "主要事務事業名" in text and "KPI(成果指標②)" in text and squash(page.bureau) in text
        first = next((b for b in page.blocks if b.kind == "program"), None)
        if first is not None and first.open_top_first_column is False:
            row = report.sections[[s.bureau for s in report.sections].index(page.bureau)].rows[first.row_index]
            if not row.measure_start:
                assert squash(row.cells[0].text + "（続き）") in text
    # every row of every bureau is drawn exactly once, in order
    for section in report.sections:
        drawn = [b.row_index for p in layout.pages if p.bureau == section.bureau for b in p.blocks
                 if b.row_index >= 0]
        assert drawn == list(range(len(section.rows)))
    continued = sum(1 for t in texts if "（続き）" in t)
    assert continued > 10


def test_each_bureau_starts_on_a_new_page(city):
    _, report, _ = city
    layout = paginate(report)
    starts = [i for i, p in enumerate(layout.pages)
              if p.bureau is not None and (i == 0 or layout.pages[i - 1].bureau != p.bureau)]
    assert [layout.pages[i].bureau for i in starts] == [s.bureau for s in report.sections]
    for index in starts:
        assert layout.pages[index].blocks[0].kind == RowKind.PILLAR.value


def test_a_missing_glyph_names_the_font():
    pub = one_bureau(program(1, "事業"), program(2, "事業ก"))
    with pytest.raises(ReportgenError) as caught:
        render_pdf(build_report(pub))
    assert "BIZUDGothic-Regular にありません" in str(caught.value)


def test_amounts_never_wrap_and_negative_signs_stay_with_their_digits():
    pub = one_bureau(program(1, "事業", measure_budget=(-1234567890, 1234567890123)))
    for paper in ("a3", "a4"):
        layout = paginate(build_report(pub), paper)
        amounts = [c for p in layout.pages for b in p.blocks for c in b.cells if c.first >= 17]
        assert all(len(c.lines) == 1 for c in amounts)
        texts = {c.lines[0] for c in amounts}
        assert {"△1,234,567,890", "1,234,567,890,123"} <= texts
        shrunk = [c for c in amounts if c.size is not None]
        assert shrunk and all(c.size < layout.geometry.font_size for c in shrunk)
        text = "".join(pages_text(render_pdf(build_report(pub), paper)))
        assert "△1,234,567,890" in text and "1,234,567,890,123" in text


def test_a_row_taller_than_a_page_starts_under_its_pillar_heading():
    pub = one_bureau(program(1, "長い事業名" * 300))
    layout = paginate(build_report(pub))
    first = layout.pages[0]
    assert [b.kind for b in first.blocks][:2] == ["pillar", "program"]


def test_the_book_is_deflated_and_a_divisions_pdf_is_not_and_both_read_the_same(seed_publication):
    """A division's PDF is mailed to that division: left uncompressed (a fifth of its cost).
    The fonts are still subsets, and a reader sees the same text either way."""
    from reportgen.model.divisions import split_publication
    from reportgen.options import Options
    from reportgen.report.edition import build_edition
    book = render_pdf(build_report(seed_publication))
    part = split_publication(seed_publication)[2]
    division = render_pdf(build_edition(part.publication, Options().build, division=part.division).report)

    def streams(pdf: bytes) -> tuple[set, set]:
        """The filters of the page contents and of the embedded font programs, and the fonts."""
        filters, names = set(), set()
        for page in PdfReader(io.BytesIO(pdf)).pages:
            filters.add(str(page["/Contents"].get_object().get("/Filter")))
            for key, font in page["/Resources"]["/Font"].items():
                font = font.get_object()
                names.add(str(font["/BaseFont"]))
                if "/FontDescriptor" in font:
                    filters.add(str(font["/FontDescriptor"]["/FontFile2"].get_object().get("/Filter")))
        return filters, names
    book_filters, _ = streams(book)
    division_filters, fonts = streams(division)
    assert book_filters and all("/FlateDecode" in f for f in book_filters)
    assert division_filters == {"None"}
    subsets = {f for f in fonts if f != "/Helvetica"}
    assert subsets and all(re.fullmatch(r"/[A-Z]{6}\+BIZUDGothic-(Regular|Bold)", f) for f in subsets), fonts
    text = squash(pages_text(division)[0])
    assert "防犯カメラ運用事業" in text and f"合計（{part.division}）" in text
