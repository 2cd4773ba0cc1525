"""Page breaks of a printed bureau sheet, from declared row heights: between blocks, never through one that fits."""
from reportgen.renderers.xlsx.pages import SAFETY, page_breaks, print_scale, printable


def capacity(scale: int, paper: str = "a3") -> float:
    return printable(paper)[1] * 100 / scale * SAFETY


def test_a_block_that_would_cross_the_foot_goes_whole_to_the_next_page():
    room = capacity(100)
    heights = {1: 20.0, 2: 20.0, 3: 20.0} | {row: 100.0 for row in range(4, 40)}
    blocks = [(4, 5), (6, 8), (9, 11), (12, 14)]  # 200, 300, 300, 300 points
    breaks = page_breaks(blocks, heights, 3, (2, 3), 100, "a3")
    used, expected = 60.0, []
    for first, last in blocks:
        needed = 100.0 * (last - first + 1)
        if used + needed > room:
            expected.append(first)
            used = 40.0
        used += needed
    assert breaks == expected and breaks  # at least one break, each before a block


def test_a_block_taller_than_a_page_breaks_between_its_rows():
    heights = {row: 100.0 for row in range(1, 60)}
    breaks = page_breaks([(4, 40)], heights, 3, (2, 3), 100, "a3")
    per_page = int((capacity(100) - 200.0) // 100)  # rows after the repeated two
    assert breaks and all(first < second for first, second in zip(breaks, breaks[1:]))
    assert breaks[1] - breaks[0] == per_page


def test_the_scale_fits_the_columns_and_no_more():
    widths = [20.0] * 19
    scale = print_scale(widths, "a3")
    points = sum((int(w * 7 + 0.5) + 5) * 0.75 for w in widths)
    assert points * scale / 100 <= printable("a3")[0] < points * (scale + 2) / 100
    assert print_scale([1.0], "a4") == 100  # never enlarged
