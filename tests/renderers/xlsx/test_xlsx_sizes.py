"""Measuring and checking for the workbook (xlsx_sizes): text units, wrapped
line counts, column widths, row heights, sheet names and characters Excel
refuses. Widths are Excel character units; a full-width character is 2.
The rendered workbook's widths and heights are in test_xlsx.py."""
import functools
import math
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

import reportgen.model.columns as col
from reportgen import load
from reportgen.model.amounts import format_amount
from reportgen.model.findings import english
from reportgen.model.glossary import sheet_name
from reportgen.renderers.xlsx.sizes import (
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    ONE_LINE_HEADER,
    ROW_PADDING,
    RowHeights,
    column_widths,
    illegal_character,
    line_count,
    sheet_name_problems,
    text_units,
)
from reportgen.report.builder import Cell, Row, RowKind, build_report

TEXT = st.text(st.sampled_from(list("abcXYZ09 ,.-あい漢字●①ｱ△\n")), max_size=80)
WIDTHS = st.floats(1.0, 60.0).map(lambda w: round(w, 1))

# ---------------------------------------------------------------- text_units


def test_ascii_counts_one_unit_per_character():
    assert text_units("R6 budget (JPY)") == 15


def test_full_width_characters_count_two_units():
    assert text_units("予算額") == 6
    assert text_units("ＡＢ１") == 6  # full-width Latin and digits
    assert text_units("R6予算額(千円)") == 14


def test_ambiguous_marks_count_two_and_half_width_katakana_one():
    """● ① △ are drawn full-width by Japanese fonts; ｱ is half-width."""
    assert [text_units(ch) for ch in "●①△ｱ"] == [2, 2, 2, 1]


@given(TEXT, TEXT)
def test_units_add_up_and_lie_between_one_and_two_per_character(a, b):
    assert text_units(a + b) == text_units(a) + text_units(b)
    assert len(a) <= text_units(a) <= 2 * len(a)


# ---------------------------------------------------------------- line_count
# usable width = column width - 0.5 units of cell margin

def test_text_that_fits_is_one_line():
    assert line_count("事業概要", 9.5) == 1
    assert line_count("", 5.0) == 1


def test_each_newline_starts_a_line():
    assert line_count("a\nb\nc", 20.0) == 3
    assert line_count("a\n", 20.0) == 2


def test_japanese_wraps_between_characters():
    # 10 usable units: 5 full-width characters per line
    assert line_count("あ" * 10, 10.5) == 2
    assert line_count("あ" * 11, 10.5) == 3


def test_words_move_whole_to_the_next_line():
    # 20 units would fill exactly two lines of 10 if words could be cut
    assert line_count("aaaaaa bbbbbb cccccc", 10.5) == 3


def test_a_word_longer_than_a_line_breaks_anywhere():
    # 'a' on line 1; 25 x's cannot fit one line: lines 2-4 (10, 10, 5)
    assert line_count("a " + "x" * 25, 10.5) == 4


def test_a_word_exactly_filling_its_lines_adds_no_empty_line():
    """Once a bug (fixed): 'a' on line 1, then 20 x's fill lines 2 and 3 exactly: 3 lines.
    _word_lines counts 4 (the word's remainder 0 is put on a fourth line), while
    the same 20 x's without the 'a ' count 2."""
    assert line_count("x" * 20, 10.5) == 2
    assert line_count("a " + "x" * 20, 10.5) == 3


def test_full_width_characters_are_never_split_across_lines():
    """Once a bug (fixed): the summary column is 33.0 wide (32.5 usable units), so a line holds
    16 full-width characters (32 units): 65 of them need 5 lines. Text without
    spaces is counted as ceil(130 / 32.5) = 4, as if a character could straddle
    two lines; with a space after it the same characters count 5. The row is a
    line short and the cell's last line is cut off."""
    assert line_count("あ" * 65 + " ", 33.0) == 5
    assert line_count("あ" * 65, 33.0) == 5


@given(TEXT, WIDTHS)
def test_any_text_needs_at_least_one_line_and_no_line_holds_more_than_it_can(text, width):
    lines = line_count(text, width)
    assert lines >= 1
    usable = max(width - 0.5, 1.0)  # spaces may hang past a line's end; nothing else may
    # a character wider than the whole line still takes one line (Excel clips it), no more
    needed = [sum(min(text_units(c), usable) for c in part.replace(" ", "")) for part in text.split("\n")]
    assert lines >= sum(max(1, math.ceil(units / usable)) for units in needed)


def lines_walked(text: str, width: float) -> int:
    """The rule, one character at a time: a line takes characters while they fit in
    its whole units; one wider than an empty line still takes it."""
    per_line = max(int(max(width - 0.5, 1.0)), 1)
    lines, used = 1, 0
    for ch in text:
        if used and used + text_units(ch) > per_line:
            lines, used = lines + 1, 0
        used += text_units(ch)
    return lines


UNBROKEN = st.text(st.sampled_from(list("ab09,.-あい漢字●①ｱ△é€→　")), max_size=300)


@given(UNBROKEN, WIDTHS)
def test_text_without_spaces_is_counted_as_laid_out_character_by_character(text, width):
    """line_count lays text out by runs of full-width and other characters: it must
    agree with the character-by-character rule, full-width characters at a line's
    end and columns narrower than one character included."""
    assert line_count(text, width) == lines_walked(text, width)


@given(UNBROKEN, st.integers(0, 300), WIDTHS)
def test_text_beyond_the_basic_plane_is_counted_by_the_same_rule(text, at, width):
    """A character beyond the Basic Multilingual Plane (𠮟, full width) anywhere in the
    text: counted character by character, with the same result."""
    text = text[:at] + "\U00020B9F" + text[at:]
    assert line_count(text, width) == lines_walked(text, width)


def test_a_long_run_of_full_width_characters_fills_whole_lines():
    """A line of 32.5 usable units holds 16 full-width characters: 100 of them and a
    digit need 7 lines (6 × 16 + 4, then the digit beside them)."""
    assert line_count("あ" * 100 + "1", 33.0) == 7
    assert line_count("あ" * 96 + "12", 33.0) == 7  # 6 full lines, the digits on the seventh


@given(TEXT, TEXT, WIDTHS)
def test_more_text_never_needs_fewer_lines(a, b, width):
    assert line_count(a + b, width) >= line_count(a, width)


@given(TEXT, WIDTHS, st.floats(0.0, 30.0).map(lambda d: round(d, 1)))
def test_a_wider_column_never_needs_more_lines(text, width, extra):
    assert line_count(text, width + extra) <= line_count(text, width)


@given(TEXT, TEXT, WIDTHS)
def test_a_newline_adds_the_lines_of_both_parts(a, b, width):
    assert line_count(a + "\n" + b, width) == line_count(a, width) + line_count(b, width)


# ---------------------------------------------------------------- column_widths

@functools.cache
def report(lang: str = "ja"):
    return build_report(load([str(SEED)]), lang=lang)


def test_a_column_widens_to_its_longest_english_word():
    """Excel and LibreOffice cut a word wider than its column between two letters, without a
    hyphen: 'Ward Administration Division' must keep 'Administration' on one line."""
    english, japanese = column_widths(report("en")), column_widths(report("ja"))
    assert english[col.DIVISION] >= len("Administration") + 1 > japanese[col.DIVISION]
    assert line_count("Ward Administration Division", english[col.DIVISION]) == 3
    very_long = replace(report("en"), sections=tuple(
        replace(s, rows=tuple(replace(r, cells=r.cells[:col.DIVISION] + (Cell("x" * 200),) + r.cells[col.DIVISION + 1:])
                              if r.kind is RowKind.PROGRAM else r for r in s.rows)) for s in report("en").sections))
    base = column_widths(replace(very_long, sections=()))[col.DIVISION]
    assert column_widths(very_long)[col.DIVISION] <= 2 * base  # a URL-like run does not widen it without end


def with_programs(amounts, number: str = "1", grand_total=None):
    """The seed report with one section of program rows carrying `amounts` (first year)."""
    base = report()
    section = base.sections[0]
    template = next(r for r in section.rows if r.kind is RowKind.PROGRAM)
    cells = list(template.cells)
    cells[col.NUMBER] = replace(cells[col.NUMBER], text=number)
    rows = tuple(replace(template, cells=tuple(cells), amounts=(a, None)) for a in amounts)
    total = None if grand_total is None else Row(RowKind.GRAND_TOTAL, (Cell("総計"),), pillar=-1,
                                                 amounts=(None, grand_total))
    return replace(base, sections=(replace(section, rows=rows),), grand_total=total)


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_every_column_is_at_least_its_weighted_width(lang):
    widths = column_widths(report(lang))
    assert len(widths) == col.COLUMN_COUNT
    for width, weight in zip(widths, report(lang).column_weights):
        assert width >= round(weight * 11, 1)


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_short_headers_stay_on_one_line(lang):
    top, sub = report(lang).labels.header_rows
    widths = column_widths(report(lang))
    for index, width in enumerate(widths):
        header = sub[index] or (top[index] if index in (col.BUDGET_FIRST, col.BUDGET_SECOND) else "")
        if header and text_units(header) + 1.5 <= ONE_LINE_HEADER:
            assert line_count(header, width) == 1, header


def test_the_baseline_year_header_widens_its_narrow_column():
    widths = column_widths(report("ja"))
    assert text_units("基準年度") + 0.5 > round(0.6 * 11, 1)  # the weighted width would wrap it
    for index in (9, 14):
        assert report("ja").labels.header_rows[1][index] == "基準年度"
        assert text_units("基準年度") + 0.5 <= widths[index] <= ONE_LINE_HEADER


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_headers_never_widen_a_column_beyond_one_line_header_width(lang):
    widths = column_widths(report(lang))
    for index, (width, weight) in enumerate(zip(widths, report(lang).column_weights)):
        if index not in (col.NUMBER, col.BUDGET_FIRST, col.BUDGET_SECOND):
            assert width <= max(round(weight * 11, 1), ONE_LINE_HEADER)


def test_a_long_budget_header_wraps_instead_of_widening():
    """'Budget FY2024 (JPY thousand)' is 28 units: wider than a one-line header may be."""
    widths = column_widths(report("en"))
    assert [widths[col.BUDGET_FIRST], widths[col.BUDGET_SECOND]] == [12.1, 12.1]


def test_long_program_numbers_widen_the_number_column():
    assert column_widths(with_programs([1], number="1"))[col.NUMBER] == round(0.55 * 11, 1)
    assert column_widths(with_programs([1], number="1234567"))[col.NUMBER] >= 7 + 2


def test_the_negative_triangle_counts_full_width_in_the_budget_column():
    amount = -123_456_789_012  # '△123,456,789,012': 2 + 15 units
    widths = column_widths(with_programs([amount]))
    assert text_units(format_amount(amount)) == 17
    assert widths[col.BUDGET_FIRST] >= 17 + 2 and widths[col.BUDGET_SECOND] >= 17 + 2


def test_the_grand_total_widens_the_budget_columns():
    small = column_widths(with_programs([600_000_000_000]))
    big = column_widths(with_programs([600_000_000_000], grand_total=1_200_000_000_000))
    assert small[col.BUDGET_FIRST] < 17 + 2 <= big[col.BUDGET_FIRST]  # '1,200,000,000,000' is 17 units


@settings(max_examples=60)
@given(st.lists(st.one_of(st.none(), st.integers(-(10 ** 15 - 1), 10 ** 15 - 1)), min_size=1, max_size=6))
def test_budget_columns_fit_every_amount_and_are_never_wider_than_needed(amounts):
    widths = column_widths(with_programs(amounts))
    longest = max([text_units(format_amount(a)) for a in amounts if a is not None], default=1)
    for index in (col.BUDGET_FIRST, col.BUDGET_SECOND):
        assert widths[index] >= longest + 2  # no ###: the number and the cell's margins fit
        assert widths[index] <= max(round(1.1 * 11, 1), ONE_LINE_HEADER, longest + 3)


# ---------------------------------------------------------------- row heights

def apply(heights: RowHeights) -> dict[int, float]:
    return heights.resolve()


def lines_height(lines: int) -> float:
    return lines * LINE_HEIGHT + ROW_PADDING


def test_a_row_is_as_tall_as_its_tallest_cell():
    heights = RowHeights()
    heights.need(5, 5, 2)
    heights.need(5, 5, 4)
    heights.need(5, 5, 1)
    assert apply(heights) == {5: 4 * 13.0 + 4.0}


def test_a_merged_cell_spreads_its_missing_height_over_its_rows():
    heights = RowHeights()
    heights.need(6, 6, 3)
    heights.need(6, 8, 9)  # rows 7 and 8 hold nothing else: one line each
    result = apply(heights)
    assert sum(result.values()) == pytest.approx(lines_height(9), abs=0.02)  # rounded to 0.01 each
    assert result[6] > lines_height(3) and result[7] == result[8] > lines_height(1)


def test_a_merged_cell_that_already_fits_changes_nothing():
    heights = RowHeights()
    heights.need(6, 6, 3)
    heights.need(7, 7, 3)
    heights.need(6, 7, 2)
    assert apply(heights) == {6: lines_height(3), 7: lines_height(3)}


def test_no_row_is_taller_than_excel_allows():
    heights = RowHeights()
    heights.need(1, 1, 100)
    heights.need(2, 3, 200)
    assert set(apply(heights).values()) == {MAX_ROW_HEIGHT} == {409.0}


NEEDS = st.lists(st.tuples(st.integers(1, 8), st.integers(0, 3), st.integers(0, 12)), max_size=12)


@given(NEEDS)
def test_every_row_and_every_merged_range_gets_the_height_its_lines_need(needs):
    heights = RowHeights()
    for first, span, lines in needs:
        heights.need(first, first + span, lines)
    result = apply(heights)
    for first, span, lines in needs:
        rows = range(first, first + span + 1)
        wanted = min(lines_height(max(lines, 1)), MAX_ROW_HEIGHT)
        assert sum(result[r] for r in rows) >= wanted - 0.005 * len(rows)  # heights are rounded to 0.01
    assert all(0 < h <= MAX_ROW_HEIGHT for h in result.values())


# ---------------------------------------------------------------- sheet names

def messages(names):
    return [(name, str(message)) for name, message in sheet_name_problems(names)]


def test_japanese_names_up_to_31_characters_are_accepted():
    assert messages(["総括", "総務市民局", "こども未来局", "あ" * 31, "O'Neil局", "Summary (総括)"]) == []


def test_a_name_over_31_characters_is_refused():
    [(name, message)] = messages(["あ" * 32])
    assert name == "あ" * 32 and "32 文字" in message and "31 文字まで" in message


@pytest.mark.parametrize("char", list("[]:*?/\\"))
def test_each_character_excel_forbids_is_refused(char):
    [(name, message)] = messages([f"総務{char}市民局"])
    assert name == f"総務{char}市民局" and char in message and "使えない文字" in message


@pytest.mark.parametrize("name", ["'総務市民局", "総務市民局'", "'"])
def test_a_leading_or_trailing_apostrophe_is_refused(name):
    [(refused, message)] = messages([name])
    assert refused == name and "アポストロフィ" in message


def test_an_empty_name_is_refused():
    [(name, message)] = messages([""])
    assert name == "" and "空" in message


@pytest.mark.parametrize("name", ["History", "history", "HISTORY"])
def test_history_is_reserved_in_any_case(name):
    [(refused, message)] = messages([name])
    assert refused == name and "予約" in message


def test_names_merely_containing_history_are_accepted():
    assert messages(["Histories", "History局"]) == []


def test_names_equal_but_for_case_are_duplicates():
    [(name, message)] = messages(["ABC局", "abc局"])
    assert name == "abc局" and "「ABC局」" in message


def test_names_equal_but_for_full_and_half_width_are_duplicates():
    [(name, message)] = messages(["ABC局", "ＡＢＣ局"])
    assert name == "ＡＢＣ局" and "「ABC局」" in message


def test_a_bureau_named_like_the_summary_sheet_is_a_duplicate():
    assert [name for name, _ in messages(["総括", "総務市民局", "総括"])] == ["総括"]


def test_a_control_character_in_a_name_is_refused_with_its_position():
    [(name, message)] = messages(["総務\x01局"])
    assert "U+0001" in message and "3 文字目" in message


def test_every_sheet_name_problem_has_an_english_message():
    names = ["", "a/b", "あ" * 32, "'x", "History", "a\x02", "ABC", "abc"]
    problems = sheet_name_problems(names)
    assert len(problems) == len(names) - 1
    assert all(english(m) and english(m) != str(m) for _, m in problems)


def test_the_summary_label_takes_full_width_forms_of_forbidden_characters():
    assert sheet_name("総括 / Summary") == "総括 ／ Summary"
    assert sheet_name("a[b]:c*d?e\\f") == "a［b］：c＊d？e＼f"


@given(st.text(max_size=31))
def test_any_summary_label_becomes_a_name_without_forbidden_characters(label):
    name = sheet_name(label)
    assert len(name) == len(label)
    assert not set(name) & set("[]:*?/\\")


# ---------------------------------------------------------------- characters Excel cannot store

def test_tab_newline_and_ordinary_text_are_storable():
    assert illegal_character("事業\t概要\n２行目 ①●△ — 𠮷") is None


@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
                         + ["\ud800", "\udfff", "\ufffe", "\uffff"])
def test_characters_xml_cannot_carry_are_reported(char):
    assert illegal_character(f"ab{char}") is not None


def test_a_carriage_return_is_reported_because_it_would_come_back_as_a_newline():
    assert illegal_character("課\r") is not None


def test_the_report_names_the_first_bad_character_and_its_position():
    found = illegal_character("ab\x02c\x01")
    assert "U+0002" in found and "3 文字目" in found
    assert english(found) == "the character U+0002 (position 3), which cannot be stored"


def xml_round_trip(text: str) -> bool:
    element = ET.Element("t")
    element.text = text
    try:
        return (ET.fromstring(ET.tostring(element, encoding="utf-8")).text or "") == text
    except (ET.ParseError, UnicodeError):
        return False


ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\ufffe", "\uffff", "\r"])),
                   max_size=12)


@settings(max_examples=300)
@given(ANY_TEXT)
def test_text_with_no_reported_character_survives_the_xml_round_trip(text):
    if illegal_character(text) is None:
        assert xml_round_trip(text)
