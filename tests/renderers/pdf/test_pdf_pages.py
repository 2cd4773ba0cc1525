"""Measuring cells and cutting pages (pdf_pages), checked against the data.

Exact arithmetic uses a toy face in which every character is one em wide and a
toy geometry: 10 pt text, 12 pt leading, 1 pt padding, columns 82 pt wide, so a
column holds 8 characters per line and a block of n lines is 12n + 2 pt tall.
The properties use the shipped fonts and the A3 geometry with random page bodies.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from reportgen.renderers.pdf.document import geometry_for
from reportgen.renderers.pdf.font import Face, Fonts, load_fonts
from reportgen.renderers.pdf.pages import (
    Geometry,
    Measurer,
    header_blocks,
    paginate_section,
)
from reportgen.report.builder import RowKind, build_report

CONTINUED = "（続き）"
TOTALS = {k.value for k in RowKind if k.is_total}
EPS = 1e-6

FIXED = Face("fixed", {}, 1000.0, frozenset())  # every character 1 em
WIDE = Face("wide", {}, 2000.0, frozenset())  # every character 2 em


def toy_geometry(columns=(82.0,) * 19) -> Geometry:
    return Geometry(page_width=1200, page_height=800, margin=20, font_size=10.0, leading=12.0, padding=1.0,
                    title_size=14, subtitle_size=11, note_size=8, column_widths=tuple(columns),
                    header_block=40, footer_block=30)


def toy(bold: Face = FIXED, columns=(82.0,) * 19) -> Measurer:
    return Measurer(Fonts(FIXED, bold), toy_geometry(columns))


def lines_height(n: int) -> float:  # the toy geometry's block height for n lines
    return 12.0 * n + 2.0


# ---------------------------------------------------------------- publications

def program(number: int, summary: str = "概要", budgets=(1000, 2000)) -> Program:
    return Program(number, ProgramName("事業", ("事業", "事業")), summary, (True, True), "企画課",
                   (Kpi("目標", "1", BaselineYear("R5", 2023), ("2", "3")),),
                   tuple(Budget(b) for b in budgets))


def publication(pillars, measure_names=None, pillar_names=None) -> Publication:
    """pillars: [pillar][measure] -> list of program summaries."""
    number, built = 0, []
    for p, measures in enumerate(pillars):
        built_measures = []
        for m, summaries in enumerate(measures):
            programs = []
            for summary in summaries:
                number += 1
                programs.append(program(number, summary))
            name = measure_names[p][m] if measure_names else f"施策{p}{m}"
            built_measures.append(Measure(name, tuple(programs)))
        name = pillar_names[p] if pillar_names else f"柱{p}"
        built.append(Pillar("I" * (p + 1), name, tuple(built_measures)))
    return Publication("表題", FiscalYears(2024, 2025), ("※注",), (Bureau("企画局", tuple(built)),))


def section_of(pub: Publication, **options):
    return build_report(pub, **options).sections[0]


def text(block_or_cell) -> str:
    cell = block_or_cell.cells[0] if hasattr(block_or_cell, "cells") else block_or_cell
    return "".join(cell.lines)


def row_blocks(page):
    return [b for b in page.blocks if b.row_index >= 0]


# ---------------------------------------------------------------- Geometry

def test_geometry_places_the_table_between_header_and_footer():
    g = toy_geometry(columns=(10.0,) * 18 + (20.0,))
    assert g.table_width == 200.0
    assert g.table_top == 800 - 20 - 40
    assert g.body_bottom == 20 + 30


# ---------------------------------------------------------------- Measurer

def test_inner_width_is_the_span_less_padding_in_thousandths_of_an_em():
    measurer = toy()
    assert measurer.inner_width(0, 0) == 8000.0  # (82 - 2) pt at 10 pt
    assert measurer.inner_width(17, 18) == 16200.0  # (164 - 2) pt


def test_lines_wrap_at_the_column_or_span_width():
    measurer = toy()
    assert measurer.lines("あ" * 20, 3) == ["あ" * 8, "あ" * 8, "あ" * 4]
    assert measurer.lines("あ" * 20, 3, 4) == ["あ" * 16, "あ" * 4]
    assert measurer.lines("あ" * 20, 3, 3) == measurer.lines("あ" * 20, 3)
    assert measurer.lines("短い\n改行", 3) == ["短い", "改行"]


def test_bold_text_is_measured_with_the_bold_face():
    measurer = toy(bold=WIDE)
    assert measurer.lines("あ" * 8, 0) == ["あ" * 8]
    assert measurer.lines("あ" * 8, 0, bold=True) == ["あ" * 4, "あ" * 4]


def test_height_is_lines_times_leading_plus_padding_with_at_least_one_line():
    measurer = toy()
    assert measurer.height(3) == 38.0
    assert measurer.height(1) == measurer.height(0) == 14.0


def test_an_amount_that_fits_keeps_the_body_size():
    assert toy().amount("△12,345", 17) == (["△12,345"], None)  # 7 em in 8
    assert toy().amount("12,345,6", 17) == (["12,345,6"], None)  # exactly 8 em


def test_a_wide_amount_stays_on_one_line_in_the_largest_tenth_of_a_point_that_fits():
    lines, size = toy().amount("1,234,567,890", 17)  # 13 em in a room of 80 pt
    assert lines == ["1,234,567,890"]
    assert size == 6.1  # 13 * 6.1 = 79.3 <= 80 < 13 * 6.2


def test_a_bold_amount_is_measured_bold():
    lines, size = toy(bold=WIDE).amount("12,345", 17, bold=True)  # 6 chars of 2 em = 120 pt
    assert lines == ["12,345"] and size == 6.6


@given(st.text(alphabet="0123456789,△", min_size=1, max_size=120))
def test_amount_property_one_line_and_the_size_fits_the_column(amount):
    lines, size = toy().amount(amount, 18)
    assert lines == [amount]
    width = 10.0 * len(amount)  # at 10 pt, in points
    if width <= 80:
        assert size is None
    else:
        assert size is not None and size < 10.0
        assert size == round(size, 1)
        assert len(amount) * size <= 80 + EPS or size == 1.0
        assert len(amount) * (size + 0.1) > 80 - EPS or size == 1.0


# ---------------------------------------------------------------- header_blocks

def test_header_cells_cover_each_column_once_with_kpi_groups_over_their_sub_labels():
    report = build_report(publication([[["概要"]]]))
    header = header_blocks(report, toy())
    top, sub = report.labels.header_rows
    spanned = [c for cell in header.spanning + header.groups for c in range(cell.first, cell.last + 1)]
    assert sorted(spanned) == list(range(19))
    assert [(g.first, g.last) for g in header.groups] == [(7, 11), (12, 16)]
    assert [(s.first, s.last) for s in header.subs] == [(c, c) for c in range(7, 17)]
    for cell in header.spanning + header.groups:
        assert text(cell).replace(" ", "") == top[cell.first].replace(" ", "")
    for cell in header.subs:
        assert text(cell) == sub[cell.first]
    assert all(c.bold for c in header.spanning + header.groups + header.subs)


def test_a_budget_heading_breaks_before_its_parenthesis():
    report = build_report(publication([[["概要"]]]))
    measurer = toy()
    assert measurer.lines("R6予算額(千円)", 17, 17, bold=True) == ["R6予算額(千", "円)"]  # plain wrapping
    budget = next(c for c in header_blocks(report, measurer).spanning if c.first == 17)
    assert budget.lines == ["R6予算額", "(千円)"]


def test_header_rows_are_as_tall_as_their_tallest_cells():
    report = build_report(publication([[["概要"]]]))
    header = header_blocks(report, toy())
    # all sub labels and group labels fit one line; the budget headings need two
    assert (header.first_height, header.second_height) == (lines_height(1), lines_height(1))
    budget = next(c for c in header.spanning if c.first == 17)
    assert len(budget.lines) == 2 and lines_height(2) <= header.height


def test_a_tall_spanning_heading_raises_the_first_row_only():
    narrow_name = (82.0, 82.0, 22.0) + (82.0,) * 16  # 主要事務事業名 in 2 characters a line: 4 lines
    header = header_blocks(build_report(publication([[["概要"]]])), toy(columns=narrow_name))
    name = next(c for c in header.spanning if c.first == 2)
    assert name.lines == ["主要", "事務", "事業", "名"]
    assert header.height == lines_height(4)
    assert header.second_height == lines_height(1)
    assert header.first_height == lines_height(4) - lines_height(1)


# ---------------------------------------------------------------- paginate_section, exact cases

FOUR_LINES = "あ" * 32  # four lines of the toy summary column: a 50 pt row


def test_whole_rows_per_page_and_the_measure_and_pillar_repeat_with_continued():
    section = section_of(publication([[[FOUR_LINES] * 3]]))
    body = lines_height(1) + 2 * lines_height(4)  # the pillar heading and two rows
    pages = paginate_section(section, toy(), body, CONTINUED)
    assert [[b.kind for b in p.blocks] for p in pages] == [
        ["pillar", "program", "program"],
        ["pillar_continued", "program", "pillar_subtotal", "bureau_total"]]
    assert text(pages[1].blocks[0]) == "I 柱0（続き）"
    continued_row = pages[1].blocks[1]
    assert continued_row.row_index == 3 and not continued_row.open_top_first_column
    assert text(continued_row) == "施策00（続き）"
    assert text(pages[0].blocks[1]) == "施策00"
    assert pages[0].blocks[2].open_top_first_column and pages[0].blocks[2].cells[0].lines == []


def test_a_measure_starting_on_a_new_page_is_not_marked_continued():
    section = section_of(publication([[[FOUR_LINES] * 2, [FOUR_LINES]]]))
    body = lines_height(1) + 2 * lines_height(4)
    pages = paginate_section(section, toy(), body, CONTINUED)
    first_row = row_blocks(pages[1])[0]
    assert section.rows[first_row.row_index].measure_start
    assert text(first_row) == "施策01"
    assert text(pages[1].blocks[0]) == "I 柱0（続き）"  # the pillar still continues


def test_a_total_that_does_not_fit_brings_the_last_row_with_it():
    section = section_of(publication([[[FOUR_LINES] * 3]]))
    body = lines_height(1) + 3 * lines_height(4)  # all three rows fit, the subtotal does not
    pages = paginate_section(section, toy(), body, CONTINUED)
    assert [b.row_index for b in pages[0].blocks] == [0, 1, 2]
    assert [b.kind for b in pages[1].blocks] == ["pillar_continued", "program", "pillar_subtotal",
                                                 "bureau_total"]
    carried = pages[1].blocks[1]
    assert carried.row_index == 3 and text(carried) == "施策00（続き）"


def test_a_pillar_heading_moves_to_the_next_page_with_its_first_row():
    section = section_of(publication([[[FOUR_LINES]], [[FOUR_LINES]]]))
    # pillar I, its row and subtotal, then pillar II's heading fits but not its row
    body = 3 * lines_height(1) + lines_height(4) + 20
    pages = paginate_section(section, toy(), body, CONTINUED)
    assert [b.kind for b in pages[0].blocks] == ["pillar", "program", "pillar_subtotal"]
    assert [b.kind for b in pages[1].blocks] == ["pillar", "program", "pillar_subtotal", "bureau_total"]
    assert text(pages[1].blocks[0]) == "II 柱1" and pages[1].bookmarks == [("II 柱1", 1)]
    assert pages[0].bookmarks == [("I 柱0", 1)]


def test_a_row_carried_with_a_total_takes_its_pillar_heading_along():
    """Once a bug (fixed): when a total does not fit, _carry_back moves the last program row (and the
    totals) to the next page but leaves a pillar heading directly above that row behind:
    the heading ends the page alone and the next page calls the pillar （続き）."""
    section = section_of(publication([[["概要"]], [["概要"]]]))
    body = 6 * lines_height(1) + 5  # all but the bureau total fit on one page
    pages = paginate_section(section, toy(), body, CONTINUED)
    assert pages[0].blocks[-1].kind != "pillar"
    second = next(p for p in pages if any(b.row_index == 4 for b in p.blocks))  # pillar II's row
    assert [b.kind for b in second.blocks][:2] == ["pillar", "program"]
    assert text(second.blocks[0]) == "II 柱1"


def test_a_bureau_total_on_its_own_page_has_no_pillar_heading():
    section = section_of(publication([[["概要"]]]))
    body = 3 * lines_height(1) + 5  # pillar, row and subtotal fill the page; one row cannot be carried
    pages = paginate_section(section, toy(), body, CONTINUED)
    assert [[b.kind for b in p.blocks] for p in pages] == [["pillar", "program", "pillar_subtotal"],
                                                          ["bureau_total"]]


def test_a_row_taller_than_a_page_is_split_line_by_line_and_nothing_is_lost():
    summary = "".join(chr(0x4E00 + i) for i in range(320))  # 40 lines
    section = section_of(publication([[[summary, "概要"]]]))
    body = 100.0  # 14 pt headings leave 86 pt: 7 lines a page
    pages = paginate_section(section, toy(), body, CONTINUED)
    fragments = [b for p in pages for b in p.blocks if b.row_index == 1]
    assert [len(b.cells[3].lines) for b in fragments] == [7, 7, 7, 7, 7, 5]
    assert all(not b.whole for b in fragments)
    assert "".join(line for b in fragments for line in b.cells[3].lines) == summary
    assert [p.blocks[0].kind for p in pages[1:]] == ["pillar_continued"] * (len(pages) - 1)
    assert [b.open_top_first_column for b in fragments] == [False] + [True] * 5
    assert all(sum(b.height for b in p.blocks) <= body for p in pages)
    assert row_blocks(pages[-1])[-1].kind == "bureau_total"
    next_row = next(b for p in pages for b in p.blocks if b.row_index == 2)
    assert next_row.whole


GIANT = "あ" * 400  # 50 lines of the toy summary column


def one_program(*programs) -> Publication:
    measure = Measure("施策00", tuple(programs))
    return Publication("表題", FiscalYears(2024, 2025), ("※注",),
                       (Bureau("企画局", (Pillar("I", "柱0", (measure,)),)),))


def test_the_last_fragment_of_a_split_row_is_only_as_tall_as_its_lines():
    """Every fragment used to be sized for the lines a page has room for, even the
    last one holding fewer; the blank space pushed the rows after it to another page."""
    summary = "".join(chr(0x4E00 + i) for i in range(320))  # 40 lines: 7 a page, 5 on the last
    section = section_of(publication([[[summary, "概要"]]]))
    pages = paginate_section(section, toy(), 100.0, CONTINUED)
    last = [b for p in pages for b in p.blocks if b.row_index == 1][-1]
    assert len(last.cells[3].lines) == 5
    assert last.height == lines_height(5)
    page = next(p for p in pages if last in p.blocks)
    used = sum(b.height for b in page.blocks)  # 14 + 62: the next row (14) would fit under it…
    assert used + lines_height(1) <= 100.0
    # …but its pillar subtotal would not, and a total never opens a page alone: both move on
    assert used + 2 * lines_height(1) > 100.0
    assert [b.row_index for b in pages[pages.index(page) + 1].blocks][1:3] == [2, 3]


def test_a_split_row_keeps_its_shrunken_amount_size():
    """Once a bug (fixed): _slice rebuilds the cells without `size`, so an amount that needs a smaller
    size to stay on one line is drawn at the body size in a row split across pages,
    overflowing its column."""
    section = section_of(one_program(program(1, GIANT, budgets=(1234567890123, 1000))))
    measurer = toy()
    whole_size = measurer.amount("1,234,567,890,123", 17)[1]
    assert whole_size is not None and whole_size < 10.0
    pages = paginate_section(section, measurer, 100.0, CONTINUED)
    amount = next(b for p in pages for b in p.blocks if b.row_index == 1).cells[17]
    assert amount.lines == ["1,234,567,890,123"]
    assert amount.size == whole_size


def test_a_split_row_keeps_its_change_highlight():
    """Once a bug (fixed): _slice rebuilds the cells without `highlight`, so a change report loses the
    highlighting of a changed cell in a row split across pages."""
    section = section_of(publication([[[GIANT]]]), highlights={("企画局", 1): frozenset({3, 17})})
    assert section.rows[1].cells[3].changed and section.rows[1].cells[17].changed
    pages = paginate_section(section, toy(), 100.0, CONTINUED)
    fragments = [b for p in pages for b in p.blocks if b.row_index == 1]
    assert len(fragments) > 1
    for fragment in fragments:
        assert fragment.cells[3].highlight and fragment.cells[17].highlight
        assert not fragment.cells[4].highlight


def test_a_changed_cell_is_highlighted_in_a_whole_row():
    section = section_of(publication([[["概要"]]]), highlights={("企画局", 1): frozenset({3})})
    row = paginate_section(section, toy(), 500.0, CONTINUED)[0].blocks[1]
    assert [c.first for c in row.cells if c.highlight] == [3]


def test_amount_cells_of_rows_and_totals_never_wrap_and_shrink_when_wide():
    pub = one_program(program(1, budgets=(-1234567890, 98765432109)), program(2, budgets=(None, 5)))
    pages = paginate_section(section_of(pub), toy(), 500.0, CONTINUED)
    amounts = [c for b in pages[0].blocks if b.kind != "pillar" for c in b.cells if c.first >= 17]
    expected = [["△1,234,567,890"], ["98,765,432,109"],  # program 1
                ["—"], ["5"],  # program 2: no R6 budget
                ["△1,234,567,890"], ["98,765,432,114"],  # pillar subtotal: only what exists
                ["△1,234,567,890"], ["98,765,432,114"]]  # bureau total
    assert [c.lines for c in amounts] == expected
    for cell in amounts:
        if len(cell.lines[0]) > 8:  # wider than the 8 em the column holds
            assert cell.size is not None and len(cell.lines[0]) * cell.size <= 80
        else:
            assert cell.size is None


# ---------------------------------------------------------------- paginate_section, properties

REAL = load_fonts()
CHARS = "あい漢字事業推進A1,5、。（）「」ー"


def squash(value: str) -> str:
    return value.replace(" ", "").replace("\n", "")


def check_invariants(section, pages, body_height: float, geometry: Geometry) -> None:
    rows = section.rows
    assert pages and all(p.bureau == section.bureau for p in pages)
    # page bodies are never overfilled; every block is as tall as its tallest cell
    for page in pages:
        assert sum(b.height for b in page.blocks) <= body_height + EPS
        for block in page.blocks:
            tallest = max([1] + [len(c.lines) for c in block.cells])
            needed = tallest * geometry.leading + 2 * geometry.padding
            if block.whole:
                assert abs(block.height - needed) < EPS
            else:  # (the last fragment's exact height: see the split-row test)
                assert block.height >= needed - EPS
    # every row exactly once and in order; only fragments of one row repeat, consecutively
    drawn = [b for p in pages for b in p.blocks if b.row_index >= 0]
    order = [b.row_index for i, b in enumerate(drawn) if i == 0 or b.row_index != drawn[i - 1].row_index]
    assert order == list(range(len(rows)))
    for block in drawn:
        if sum(1 for b in drawn if b.row_index == block.row_index) > 1:
            assert not block.whole and block.kind == "program"
    # nothing of a program's text is lost: its cells' lines, over its fragments, are the cell
    for index, row in enumerate(rows):
        if row.kind is RowKind.PROGRAM:
            parts = [b for b in drawn if b.row_index == index]
            for column in range(1, 19):
                joined = "".join(line for b in parts for line in b.cells[column].lines)
                assert squash(joined) == squash(row.cells[column].text)
    first_parts = {b.row_index: id(b) for b in reversed(drawn)}
    for index, row in enumerate(rows):  # a measure label, over a split row's fragments
        parts = [b for b in drawn if b.row_index == index]
        if row.kind is RowKind.PROGRAM and not parts[0].open_top_first_column:
            label = row.cells[0].text + ("" if row.measure_start else CONTINUED)
            assert squash("".join(line for b in parts for line in b.cells[0].lines)) == squash(label)
    for number, page in enumerate(pages):
        blocks = page.blocks
        # a continued pillar heading opens a later page, for the pillar of the row under it
        for position, block in enumerate(blocks):
            if block.kind == "pillar_continued":
                assert position == 0 and number > 0
                pillar = rows[blocks[1].row_index].pillar
                assert squash(text(block)) == squash(section.pillar_headings[pillar] + CONTINUED)
        first = row_blocks(page)[0]
        first_row = rows[first.row_index]
        if number > 0 and first_row.kind is not RowKind.PILLAR and first_row.pillar >= 0:
            assert blocks[0].kind == "pillar_continued"
        if first_row.kind is RowKind.PILLAR or first_row.pillar < 0:
            assert blocks[0].kind != "pillar_continued"
        for position, block in enumerate(blocks):
            row = rows[block.row_index] if block.row_index >= 0 else None
            if block.kind == "pillar":
                assert (block.bookmark, 1) in page.bookmarks and text(block) == row.label
            if block.kind == "program":
                previous = blocks[position - 1] if position > 0 else None
                same_measure = (previous is not None and previous.kind == "program"
                                and (rows[previous.row_index].pillar, rows[previous.row_index].measure)
                                == (row.pillar, row.measure))
                if first_parts[block.row_index] == id(block):
                    # the measure's name opens each page and measure; below it the cell stays open
                    assert block.open_top_first_column == same_measure
                    if same_measure:
                        assert block.cells[0].lines == []
                else:
                    assert block.open_top_first_column
            if block.kind in TOTALS:
                assert squash(text(block)) == squash(row.label)
            if block.kind == "program" or block.kind in TOTALS:
                amounts = [c for c in block.cells if c.first >= 17]
                assert [c.lines for c in amounts] == [[row.cells[17].text], [row.cells[18].text]] \
                    if block.kind == "program" else [[row.cells[1].text], [row.cells[2].text]]


@st.composite
def sections(draw, longest: int, longest_name: int = 40, per_measure: int = 4):
    summary = st.text(alphabet=CHARS, max_size=longest)
    pillars = draw(st.lists(st.lists(st.lists(summary, min_size=1, max_size=per_measure), min_size=1, max_size=3),
                            min_size=1, max_size=4))
    measure_names = [[draw(st.text(alphabet=CHARS, min_size=1, max_size=longest_name)) for _ in p]
                     for p in pillars]
    pillar_names = [draw(st.text(alphabet=CHARS, min_size=1, max_size=30)) for _ in pillars]
    subtotals = draw(st.sampled_from(["pillar", "measure"]))
    report = build_report(publication(pillars, measure_names, pillar_names), subtotals=subtotals)
    return report


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(sections(longest=60), st.integers(250, 1000))
def test_pagination_invariants_for_rows_smaller_than_a_page(report, body_height):
    geometry = geometry_for(report, "a3", REAL)
    section = report.sections[0]
    pages = paginate_section(section, Measurer(REAL, geometry), body_height, CONTINUED)
    check_invariants(section, pages, body_height, geometry)
    assert all(b.whole for p in pages for b in p.blocks)  # no row is split
    for page in pages:
        # a total never opens a page: a program row comes along with it
        assert row_blocks(page)[0].kind not in TOTALS


@PROPERTY
@given(sections(longest=1500), st.integers(100, 600))
def test_pagination_invariants_with_rows_taller_than_a_page(report, body_height):
    geometry = geometry_for(report, "a3", REAL)
    section = report.sections[0]
    measurer = Measurer(REAL, geometry)
    pages = paginate_section(section, measurer, body_height, CONTINUED)
    check_invariants(section, pages, body_height, geometry)
    # a row is split only when it fits on no page under a continued pillar heading
    for index in {b.row_index for p in pages for b in p.blocks if not b.whole}:
        row = section.rows[index]
        label = row.cells[0].text + ("" if row.measure_start else CONTINUED)
        lines = [len(measurer.lines(label, 0))] + [len(measurer.lines(c.text, i)) for i, c in
                                                   enumerate(row.cells) if 0 < i < 17]
        heading = measurer.height(len(measurer.lines(section.pillar_headings[row.pillar] + CONTINUED,
                                                     0, 18, bold=True)))
        assert measurer.height(max(lines)) + heading > body_height


@settings(PROPERTY, max_examples=300)
@given(sections(longest=12, longest_name=8, per_measure=2), st.integers(60, 300))
def test_a_pillar_heading_is_never_last_on_a_page(report, body_height):
    geometry = geometry_for(report, "a3", REAL)
    pages = paginate_section(report.sections[0], Measurer(REAL, geometry), body_height, CONTINUED)
    for page in pages:
        kinds = [b.kind for b in page.blocks]
        for position, kind in enumerate(kinds):
            if kind == "pillar":
                assert kinds[position + 1:position + 2] == ["program"]


def test_the_seed_keeps_the_invariants_on_a3_and_a4(seed_publication):
    for subtotals in ("pillar", "measure"):
        report = build_report(seed_publication, subtotals=subtotals)
        for paper in ("a3", "a4"):
            geometry = geometry_for(report, paper, REAL)
            measurer = Measurer(REAL, geometry)
            body = geometry.table_top - header_blocks(report, measurer).height - geometry.body_bottom
            section = report.sections[0]
            pages = paginate_section(section, measurer, body, CONTINUED)
            check_invariants(section, pages, body, geometry)
            programs = [b.row_index for p in pages for b in p.blocks if b.kind == "program"]
            assert len(programs) == len(seed_publication.programs) == 10


def test_a_total_after_a_row_taller_than_a_page_comes_with_its_last_line():
    """The row's last piece fills its page; the subtotal must not open the next page
    alone, so the piece's last line moves with it (the rest of the row stays)."""
    summary = "".join(chr(0x4E00 + i) for i in range(42 * 8))  # 42 lines: six full pieces of 7
    section = section_of(publication([[[summary]]]))
    pages = paginate_section(section, toy(), 100.0, CONTINUED)
    pieces = [b for p in pages for b in p.blocks if b.row_index == 1]
    assert [len(b.cells[3].lines) for b in pieces] == [7, 7, 7, 7, 7, 6, 1]
    assert "".join(line for b in pieces for line in b.cells[3].lines) == summary
    last_page = next(p for p in pages if pieces[-1] in p.blocks)
    assert [b.kind for b in last_page.blocks] == ["pillar_continued", "program", "pillar_subtotal", "bureau_total"]
    assert all(sum(b.height for b in p.blocks) <= 100.0 + EPS for p in pages)
    assert not any(p.blocks and p.blocks[0].kind in TOTALS for p in pages)
    assert not any(len(p.blocks) > 1 and p.blocks[0].kind == "pillar_continued" and p.blocks[1].kind in TOTALS
                   for p in pages)


@pytest.mark.parametrize("pub, options, body", [
    (publication([[["あ" * 40]]]), {}, 54.0),  # a two-line last piece on a page full to its padding
    (publication([[["あ" * 48]]]), {"subtotals": "measure"}, 68.0),
    (publication([[["", ""]]], [["あああああ"]], ["あ"]), {}, 60.0),  # the carried row regains its measure name
], ids=["last-line", "last-line-measure-subtotals", "carried-row-grows"])
def test_carrying_rows_to_a_totals_page_never_overfills_it(pub, options, body):
    """Whatever moves with a total must fit on the new page with it; when it
    would not, the total goes alone rather than run past the page's end."""
    section = section_of(pub, **options)
    pages = paginate_section(section, toy(), body, CONTINUED)
    assert all(sum(b.height for b in p.blocks) <= body + EPS for p in pages)
    lines = [line for p in pages for b in p.blocks if b.row_index >= 0 and b.kind == "program"
             for line in b.cells[3].lines]
    assert "".join(lines) == "".join(p.summary for p in pub.bureaus[0].programs)
