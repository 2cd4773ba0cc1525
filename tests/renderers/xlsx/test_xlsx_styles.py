"""The workbook's cell formats (xlsx_styles), as a spreadsheet reads them back:
one face everywhere, thin grid lines on the table, table cells centred vertically,
amounts as #,##0 with △ for negatives. The whole rendered workbook is tested in
test_xlsx.py."""
import io

import openpyxl
import pytest
import xlsxwriter

from reportgen.model.amounts import format_amount
from reportgen.renderers.xlsx.styles import (
    ALIGN_STYLE,
    AMOUNT_FORMAT,
    CHANGED_FILL,
    DEFAULT_FORMAT,
    FONT_NAME,
    STYLES,
    format_properties,
)
from reportgen.report.builder import Align

TABLE = ("header", "pillar", "left", "center", "right", "amount", "total label", "total amount",
         "missing")  # "missing": a division not yet returned, in a draft's 回収状況
FURNITURE = ("title", "bureau", "unit", "note title", "note")  # around the table, not in it
AMOUNTS = ("amount", "total amount")


def written(**variant) -> tuple[dict, openpyxl.Workbook]:
    """One cell per style, written by XlsxWriter and read back by openpyxl: {style: cell}."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_format_properties": dict(DEFAULT_FORMAT)})
    sheet = workbook.add_worksheet()
    names = list(STYLES)
    for row, name in enumerate(names):
        sheet.write_number(row, 0, -1200, workbook.add_format(format_properties(name, **variant)))
    workbook.close()
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    return {name: book.active.cell(row + 1, 1) for row, name in enumerate(names)}, book


@pytest.fixture(scope="module")
def styles():
    return written()[0]


def named(styles, name):
    return styles[name]


def has_grid(style) -> bool:
    sides = [getattr(style.border, side) for side in ("left", "right", "top", "bottom")]
    return all(s is not None and s.style == "thin" and s.color.rgb[-6:] == "000000" for s in sides)


def has_no_border(style) -> bool:
    sides = [getattr(style.border, side) for side in ("left", "right", "top", "bottom")]
    return all(s is None or s.style is None for s in sides)


def fill_colour(style) -> str | None:
    return style.fill.fgColor.rgb[-6:] if style.fill.fill_type == "solid" else None


def test_every_style_is_table_or_furniture():
    assert set(STYLES) == set(TABLE + FURNITURE)


def test_every_style_uses_the_face(styles):
    assert {style.font.name for style in styles.values()} == {FONT_NAME} == {"BIZ UDゴシック"}


def test_the_title_is_14pt_the_bureau_12pt_everything_else_10pt(styles):
    sizes = {name: named(styles, name).font.sz for name in TABLE + FURNITURE}
    assert sizes.pop("title") == 14 and sizes.pop("bureau") == 12
    assert set(sizes.values()) == {10}


def test_the_normal_style_and_the_default_font_are_the_face_too():
    """What a user types into a new cell in Excel appears in the same face."""
    _, book = written()
    empty = book.active.cell(100, 5)  # a cell no one wrote: the workbook's default font
    assert (empty.font.name, empty.font.sz) == (FONT_NAME, 10)


def test_table_cells_have_thin_black_grid_lines_on_all_four_sides(styles):
    assert [name for name in TABLE if not has_grid(named(styles, name))] == []


def test_title_unit_and_notes_have_no_border(styles):
    assert [name for name in FURNITURE if not has_no_border(named(styles, name))] == []


def test_table_cells_are_centred_vertically(styles):
    assert {named(styles, name).alignment.vertical for name in TABLE} == {"center"}


def test_horizontal_alignment_of_table_cells(styles):
    horizontal = {name: named(styles, name).alignment.horizontal for name in TABLE}
    assert horizontal == {"header": "center", "pillar": "left", "left": "left", "center": "center",
                          "right": "right", "amount": "right", "total label": "right",
                          "total amount": "right", "missing": "center"}


def test_each_layout_alignment_has_a_style_aligned_that_way(styles):
    assert set(ALIGN_STYLE) == set(Align)
    for align, name in ALIGN_STYLE.items():
        assert named(styles, name).alignment.horizontal == align.value


def test_the_unit_sits_bottom_right_on_one_line(styles):
    unit = named(styles, "unit").alignment
    # bottom is OOXML's default vertical alignment, so it may be left unsaid
    assert (unit.horizontal, unit.vertical or "bottom", bool(unit.wrap_text)) == ("right", "bottom", False)


def test_text_wraps_except_in_the_one_line_headings(styles):
    no_wrap = {name for name in TABLE + FURNITURE if not named(styles, name).alignment.wrap_text}
    assert no_wrap == {"bureau", "unit", "note title"}


def test_amounts_and_only_amounts_carry_the_amount_format(styles):
    formats = {name: named(styles, name).number_format for name in TABLE + FURNITURE}
    assert {name for name, fmt in formats.items() if fmt == AMOUNT_FORMAT} == set(AMOUNTS)
    assert {fmt for name, fmt in formats.items() if name not in AMOUNTS} == {"General"}


def test_input_cells_are_unlocked_and_changed_cells_filled():
    unlocked, _ = written(unlocked=True)
    changed, _ = written(changed=True)
    locked, _ = written()
    assert all(not cell.protection.locked for cell in unlocked.values())
    assert all(cell.protection.locked for cell in locked.values())
    assert {fill_colour(cell) for cell in changed.values()} == {CHANGED_FILL[1:]}


def test_the_amount_format_is_thousands_separated_with_a_triangle_for_negatives():
    """Excel's sections: positive;negative. The negative section shows the absolute
    value after its literal, so -1200 prints as △1,200, as the PDF prints it."""
    positive, negative = AMOUNT_FORMAT.split(";")
    assert positive == "#,##0"  # thousands separator, no decimals
    assert negative == '"△"#,##0'
    assert format_amount(-1200) == "△1,200" and format_amount(1234567) == "1,234,567"


def test_headers_pillars_and_totals_are_filled_and_body_cells_are_not(styles):
    fills = {name: fill_colour(named(styles, name)) for name in TABLE + FURNITURE}
    assert fills == {"header": "DDE4EE", "pillar": "EDEDED", "total label": "F5F5F5",
                     "total amount": "F5F5F5", "left": None, "center": None, "right": None,
                     "amount": None, "title": None, "bureau": None, "unit": None,
                     "note title": None, "note": None, "missing": "FCE4D6"}


def test_headings_and_totals_are_bold_body_cells_are_not(styles):
    bold = {name for name in TABLE + FURNITURE if named(styles, name).font.b}
    assert bold == {"title", "bureau", "header", "pillar", "total label", "total amount", "note title", "missing"}
