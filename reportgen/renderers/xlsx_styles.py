"""The workbook's named styles, fills and borders, shared by every sheet (and built
once per process by the light writer): BIZ UDゴシック everywhere, thin grid lines,
amounts as #,##0 with △ for negatives."""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils.indexed_list import IndexedList

from ..layout import Align

FONT_NAME = "BIZ UDゴシック"
FONT_SIZE = 10
AMOUNT_FORMAT = '#,##0;"△"#,##0'

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
PILLAR_FILL = PatternFill("solid", fgColor="EDEDED")
TOTAL_FILL = PatternFill("solid", fgColor="F5F5F5")
CHANGED_FILL = PatternFill("solid", fgColor="FFEE8C")
CHANGE_LIST_SHEET = "変更一覧"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()


def _style(name: str, *, size: float = FONT_SIZE, bold: bool = False, horizontal: str = "left",
           vertical: str = "top", fill: PatternFill | None = None, border: Border = GRID,
           number_format: str = "General", wrap: bool = True) -> NamedStyle:
    style = NamedStyle(name=f"reportgen {name}")
    style.font = Font(name=FONT_NAME, size=size, bold=bold)
    style.alignment = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)
    style.border = border
    style.number_format = number_format
    if fill is not None:
        style.fill = fill
    return style


# Every cell gets one of these shared named styles: no style objects per cell.
STYLES = {
    "title": dict(size=14, bold=True, border=NO_BORDER, vertical="center"),
    "bureau": dict(size=12, bold=True, border=NO_BORDER, vertical="center", wrap=False),
    "unit": dict(horizontal="right", border=NO_BORDER, vertical="bottom", wrap=False),
    "header": dict(bold=True, horizontal="center", vertical="center", fill=HEADER_FILL),
    "pillar": dict(bold=True, vertical="center", fill=PILLAR_FILL),
    # table cells are centred vertically, as in the PDF
    "left": dict(vertical="center"),
    "center": dict(horizontal="center", vertical="center"),
    "right": dict(horizontal="right", vertical="center"),
    "amount": dict(horizontal="right", vertical="center", number_format=AMOUNT_FORMAT),
    "total label": dict(bold=True, horizontal="right", vertical="center", fill=TOTAL_FILL),
    "total amount": dict(bold=True, horizontal="right", vertical="center", fill=TOTAL_FILL,
                         number_format=AMOUNT_FORMAT),
    "note title": dict(bold=True, border=NO_BORDER, wrap=False),
    "note": dict(border=NO_BORDER),
}

_ALIGN_STYLE = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


def _add_styles(wb: Workbook) -> None:
    """The face as the default font and in the Normal style, and STYLES as named styles."""
    # the default font (new cells typed in Excel) and the Normal style are the face too
    wb._fonts = IndexedList([Font(name=FONT_NAME, size=FONT_SIZE)])
    wb._named_styles["Normal"].font = Font(name=FONT_NAME, size=FONT_SIZE)
    for name, options in STYLES.items():
        wb.add_named_style(_style(name, **options))


