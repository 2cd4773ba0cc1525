"""The workbook's cell formats, as XlsxWriter format properties: BIZ UDゴシック
everywhere (the workbook's default font too, so what a user types in Excel is the
same face), thin grid lines, amounts as #,##0 with △ for negatives."""
from __future__ import annotations

from reportgen.report.builder import Align

FONT_NAME = "BIZ UDゴシック"
FONT_SIZE = 10
AMOUNT_FORMAT = '#,##0;"△"#,##0'

HEADER_FILL = "#DDE4EE"
PILLAR_FILL = "#EDEDED"
TOTAL_FILL = "#F5F5F5"
CHANGED_FILL = "#FFEE8C"  # a changed cell in a change report
INPUT_FILL = "#FFFBE6"  # a division's input cell: a light fill that prints as near white
MISSING_FILL = "#FCE4D6"  # a division that has not returned (a draft's 回収状況)

DEFAULT_FORMAT = {"font_name": FONT_NAME, "font_size": FONT_SIZE}


def _style(*, size: float = FONT_SIZE, bold: bool = False, horizontal: str = "left",
           vertical: str = "top", fill: str | None = None, border: bool = True,
           number_format: str | None = None, wrap: bool = True) -> dict:
    properties = {"font_name": FONT_NAME, "font_size": size, "align": horizontal,
                  "valign": "vcenter" if vertical == "center" else vertical}
    if bold:
        properties["bold"] = True
    if wrap:
        properties["text_wrap"] = True
    if border:
        properties.update(border=1, border_color="#000000")
    if fill is not None:
        properties.update(pattern=1, bg_color=fill)
    if number_format is not None:
        properties["num_format"] = number_format
    return properties


# Every cell is written in one of these formats (one XlsxWriter format each per workbook).
STYLES = {
    "title": _style(size=14, bold=True, border=False, vertical="center"),
    "bureau": _style(size=12, bold=True, border=False, vertical="center", wrap=False),
    "unit": _style(horizontal="right", border=False, vertical="bottom", wrap=False),
    "header": _style(bold=True, horizontal="center", vertical="center", fill=HEADER_FILL),
    "pillar": _style(bold=True, vertical="center", fill=PILLAR_FILL),
    # table cells are centred vertically, as in the PDF
    "left": _style(vertical="center"),
    "center": _style(horizontal="center", vertical="center"),
    "missing": _style(bold=True, horizontal="center", vertical="center", fill=MISSING_FILL),  # 未回収
    "right": _style(horizontal="right", vertical="center"),
    "amount": _style(horizontal="right", vertical="center", number_format=AMOUNT_FORMAT),
    "total label": _style(bold=True, horizontal="right", vertical="center", fill=TOTAL_FILL),
    "total amount": _style(bold=True, horizontal="right", vertical="center", fill=TOTAL_FILL,
                           number_format=AMOUNT_FORMAT),
    "note title": _style(bold=True, border=False, wrap=False),
    "note": _style(border=False),
}

# Styles that draw nothing on an empty cell (no border, no fill): a range merged in
# one of them needs only its first cell written.
BARE_STYLES = frozenset(name for name, properties in STYLES.items()
                        if "border" not in properties and "bg_color" not in properties)

ALIGN_STYLE = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


def format_properties(style: str, *, unlocked: bool = False, changed: bool = False) -> dict:
    """The properties of `style`, unlocked for a division's input cell, or filled
    to mark a change."""
    properties = dict(STYLES[style])
    if unlocked:
        properties.update(locked=False, pattern=1, bg_color=INPUT_FILL)
    if changed:
        properties.update(pattern=1, bg_color=CHANGED_FILL)
    return properties
