"""Japanese line breaking (JIS X 4051 kinsoku) measured with a font's advance widths.

Each cell is measured and wrapped once, with cumulative widths and a binary
search per line, so wrapping 10,000 programs stays linear and fast. Rules:
no line starts with closing brackets, 、。 and small kana; none ends with an
opening bracket; a run of Latin letters and digits ('5,000', '62.8%', 'R5')
is never split unless it alone is wider than the line, and an English word that
is gets a hyphen where it is cut ('Administra-' / 'tion').
"""
from __future__ import annotations

import functools
from bisect import bisect_right
from itertools import accumulate

CANNOT_START = frozenset(
    "、。，．,.・：；？！!?:;)）]］}｝」』】〕〉》〙〗〟’”»"
    "ゝゞヽヾ々〻ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "‐゠–〜～%％℃°′″‰")
CANNOT_END = frozenset("(（[［{｛「『【〔〈《〘〖〝‘“«")
# Characters that stick together in a run: Latin letters, digits and the
# separators inside numbers. Full-width digits too ('１２３').
WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz,.%+-/#&@_'"
                 "０１２３４５６７８９△▲")  # △ stays with the digits of its negative amount


def can_break_before(text: str, index: int) -> bool:
    previous, current = text[index - 1], text[index]
    if previous == " " or current == " ":
        return True
    if current in CANNOT_START or previous in CANNOT_END:
        return False
    return not (previous in WORD and current in WORD)


def break_lines(text: str, width: float, widths: dict[str, float], default: float) -> list[str]:
    """Lines of `text` that each fit in `width` (same units as `widths`).

    '\n' in the text is a forced break. A line holds at least one character,
    so a column narrower than a glyph still makes progress.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_break_paragraph(paragraph, width, widths, default))
    return lines


def _break_paragraph(text: str, width: float, widths: dict[str, float], default: float) -> list[str]:
    length = len(text)
    cumulative = list(accumulate((widths.get(c, default) for c in text), initial=0.0))
    if cumulative[-1] <= width:
        return [text]
    lines = []
    start = 0
    while start < length:
        if cumulative[length] - cumulative[start] <= width:
            lines.append(text[start:].rstrip(" "))
            break
        end = bisect_right(cumulative, cumulative[start] + width) - 1
        end = max(end, start + 1)
        cut = end
        while cut > start and not can_break_before(text, cut):
            cut -= 1
        if cut == start:  # one unbreakable run wider than the line: cut it where it overflows
            cut = end
            hyphenated = _hyphen_cut(text, start, end, cumulative, width, widths.get("-", default))
            if hyphenated is not None:  # an English word is never cut without its hyphen
                lines.append(text[start:hyphenated] + "-")
                start = hyphenated
                continue
        lines.append(text[start:cut].rstrip(" "))
        start = cut
        while start < length and text[start] == " ":
            start += 1
    return lines or [""]


LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
MIN_PART = 2  # letters kept on each side of a hyphen ('Administra-' / 'tion', never 'n-' / 'o')


def _hyphen_cut(text: str, start: int, end: int, cumulative: list[float], width: float,
                hyphen: float) -> int | None:
    """Where to cut a word wider than the line so that it and a hyphen fit: at the last
    syllable break that fits (pyphen's English patterns: 'Administra-' / 'tion'), else at
    the last letter that fits. None when the cut is not inside a word of letters (a long
    number or code is cut as it is)."""
    cut = end
    while cut > start and cumulative[cut] - cumulative[start] + hyphen > width:
        cut -= 1
    word_start, word_end = cut, cut
    while word_start > start and text[word_start - 1] in LETTERS:
        word_start -= 1
    while word_end < len(text) and text[word_end] in LETTERS:
        word_end += 1
    if (cut - start < MIN_PART or word_end - cut < MIN_PART
            or not all(c in LETTERS for c in text[cut - MIN_PART:cut + MIN_PART])):
        return None
    syllables = [word_start + p for p in _hyphenator().positions(text[word_start:word_end])
                 if start < word_start + p <= cut]
    return max(syllables) if syllables else cut


@functools.cache
def _hyphenator():
    import pyphen  # only when a word must be cut: most editions never need it
    return pyphen.Pyphen(lang="en_US")


def text_width(text: str, widths: dict[str, float], default: float) -> float:
    return sum(widths.get(c, default) for c in text)
