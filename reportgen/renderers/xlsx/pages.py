"""Where a printed bureau sheet's pages break: never through a measure's merged 主な施策
cell when the measure fits on a page (Excel and LibreOffice would cut its name in two).

Excel ignores manual page breaks on a sheet printed "fit to width", so the sheet gets a
fixed print scale instead, computed to fit the columns across the page the way Excel
measures them (XlsxWriter's pixel widths for a 7-pixel digit: LibreOffice measures
the same columns narrower and so fits them too). Rows have the heights the workbook
declares, so the page capacity is the same in both; the breaks go before each block
(a measure with its programs, a pillar row with what follows it, a total row) that
would cross the foot of a page. A block taller than a page is broken between its rows,
and the workbook repeats the measure's name at the top of each page it runs onto.
"""
from __future__ import annotations

# Sheet geometry of a bureau sheet, 1-based as Excel shows it (the loader finds
# everything by content).
TITLE_ROW = 1
BUREAU_ROW = 2
HEADER_ROW = 4  # header rows 4 and 5
FIRST_ROW = HEADER_ROW + 2

PAPER_SIZES = {"a3": 8, "a4": 9}  # Excel's paper codes
INCH = 72.0
PAPER_POINTS = {"a3": (1190.55, 841.89), "a4": (841.89, 595.28)}  # landscape: width, height
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6}  # inches (page_setup uses these)
DEFAULT_ROW_HEIGHT = 15.0  # points: a row whose height the workbook does not declare
SAFETY = 0.96  # of a page: room for rounding in the applications' own layout
MAX_BREAKS = 1023  # Excel's limit of manual breaks per sheet


def printable(paper: str) -> tuple[float, float]:
    width, height = PAPER_POINTS[paper]
    return (width - (MARGINS["left"] + MARGINS["right"]) * INCH,
            height - (MARGINS["top"] + MARGINS["bottom"]) * INCH)


def print_scale(widths: list[float], paper: str) -> int:
    """The whole-percent scale at which the columns fit the page's width in Excel."""
    points = sum((int(width * 7 + 0.5) + 5) * 0.75 for width in widths)
    return max(10, min(100, int(printable(paper)[0] / points * 100) - 1))


def page_breaks(blocks: list[tuple[int, int]], heights: dict[int, float], top_rows: int, repeated: tuple[int, int],
                scale: int, paper: str) -> list[int]:
    """The rows (1-based) to break the pages before. `blocks`: row ranges to keep on one page,
    in order; `top_rows`: the rows above the first block; `repeated`: the rows printed at the
    top of every page."""
    def height(first: int, last: int) -> float:
        return sum(heights.get(row, DEFAULT_ROW_HEIGHT) for row in range(first, last + 1))

    capacity = printable(paper)[1] * 100 / scale * SAFETY
    repeat = height(*repeated)
    used = height(1, top_rows)
    breaks: list[int] = []
    for first, last in blocks:
        needed = height(first, last)
        if needed <= capacity - repeat:  # fits a page: on this one, or whole on the next
            if used + needed > capacity and used > repeat:
                breaks.append(first)
                used = repeat
            used += needed
            continue
        for row in range(first, last + 1):  # taller than a page: broken between its rows
            if used + height(row, row) > capacity and used > repeat:
                breaks.append(row)
                used = repeat
            used += height(row, row)
    return breaks[:MAX_BREAKS]
