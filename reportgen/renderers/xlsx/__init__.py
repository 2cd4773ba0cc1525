"""The Excel workbook (XlsxWriter): workbook.py writes, styles.py holds the cell
formats, sizes.py measures widths and heights and checks what Excel can store."""
from reportgen.renderers.xlsx.workbook import render_xlsx

__all__ = ["render_xlsx"]
