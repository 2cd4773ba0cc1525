"""Measuring and checking for the workbook: column widths that fit full-width text,
row heights that show wrapped text, sheet names and characters Excel refuses.

Widths are in Excel character units (the width of '0'); a full-width character
counts as 2 units, because Excel's own width under-measures CJK text."""
from __future__ import annotations

import functools
import math
import re
import unicodedata

import reportgen.model.columns as col
from reportgen.messages import say
from reportgen.messages.text import Text
from reportgen.model.amounts import format_amount
from reportgen.report.builder import Report, RowKind

MAX_SHEET_NAME = 31
FORBIDDEN_SHEET_CHARS = "[]:*?/\\"
MAX_ROW_HEIGHT = 409.0  # points, Excel's limit
UNITS_PER_WEIGHT = 11.0
CELL_PADDING = 0.5  # units lost to the cell's left and right margins
LINE_HEIGHT = 13.0  # points per wrapped line for the 10pt face (its line is 1 em)
TITLE_LINE_HEIGHT = 19.0  # points per line of the 14pt title
ROW_PADDING = 4.0  # points above and below the text
ONE_LINE_HEADER = 16.0  # a column widens to keep a header this wide (units) on one line

# ---------------------------------------------------------------- measuring

def text_units(text: str) -> int:
    """Width of a line in Excel character units: full-width (and ambiguous,
    e.g. ● ①, which Japanese fonts draw full-width) 2, others 1."""
    if text.isascii():
        return len(text)
    return len(text.translate(_UNITS))


def _char_units(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "FWA" else 1


_FIRST_HALF, _SECOND_HALF = "\ue000", "\ue001"  # private-use characters count as full-width anyway


class _Units(dict):
    """str.translate table: a full-width character becomes two characters (its
    two units, the second of them _SECOND_HALF), any other stays as it is;
    filled as characters are met."""

    def __missing__(self, code: int):
        if len(self) >= 65536:  # bounded, whatever text passes through
            self.clear()
        value = self[code] = _FIRST_HALF + _SECOND_HALF if _char_units(chr(code)) == 2 else code
        return value


_UNITS = _Units()


def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell needs in a column `width` units wide.

    Japanese breaks between any two characters; text with spaces (English,
    or Japanese mixed with words) breaks at the spaces, so whole words move
    to the next line and leave the end of a line empty."""
    usable = max(width - CELL_PADDING, 1.0)
    lines = 0
    for part in text.split("\n"):
        if " " not in part:
            lines += _character_lines(part, usable)
        elif text_units(part) <= usable:
            lines += 1
        else:
            lines += _word_lines(part, usable)
    return lines


def line_units(width: float) -> int:
    """Whole units one line of a column `width` units wide holds: a text of at most
    this many units is one line, with or without spaces."""
    return max(int(max(width - CELL_PADDING, 1.0)), 1)


def _character_lines(part: str, usable: float) -> int:
    """Lines of text that breaks between any two characters; a character is
    never cut, so a line ends where the next one would not fit.

    The text is taken as runs of full-width and of other characters, each laid out
    a whole line at a time: a summary of 100 characters is a handful of runs. (A walk
    over every character was a tenth of a 10,000-program workbook's cost.)"""
    per_line = max(int(usable), 1)  # whole units a line holds
    if part.isascii():
        return max(1, math.ceil(len(part) / per_line))
    if per_line < 2 or _BEYOND_BMP.search(part):
        return _character_lines_walked(part, per_line)
    lines, used = 1, 0
    for run in _width_runs().finditer(part):
        unit = 2 if run.lastindex == 1 else 1
        left = run.end() - run.start()
        room = (per_line - used) // unit  # what the current line still takes of this run
        if left <= room:
            used += left * unit
            continue
        left -= room
        per = per_line // unit  # what a whole line takes
        whole = (left - 1) // per  # lines filled before the last one this run reaches
        lines += 1 + whole
        used = (left - whole * per) * unit
    return lines


def _character_lines_walked(part: str, per_line: int) -> int:
    """_character_lines character by character: for text beyond the Basic Multilingual
    Plane, which _width_runs does not cover, and lines narrower than one full-width
    character."""
    units = part.translate(_UNITS)  # one character per unit
    if len(units) <= per_line:
        return 1
    lines, start = 0, 0
    while start < len(units):
        stop = start + per_line
        if stop < len(units) and units[stop] == _SECOND_HALF:
            stop -= 1  # that character starts the next line
            if stop == start:  # a character wider than the line still takes one
                stop += 2
        lines, start = lines + 1, stop
    return lines


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _width_runs() -> re.Pattern:
    """A run of full-width characters (group 1) or of other characters (group 2), for the
    Basic Multilingual Plane, by the same rule as _char_units: made once, when first
    needed (about 20 ms)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x80, 0x10000):
        if _char_units(chr(code)) == 2:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    wide = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return re.compile(f"([{wide}]+)|([^{wide}]+)")


_TOKENS = re.compile(r"[!-~]+ *| +|.")  # an ASCII word with its spaces, spaces, or one character


def _word_lines(part: str, usable: float) -> int:
    lines, used = 1, 0.0
    for token in _TOKENS.findall(part):
        word = token.rstrip(" ")
        width = text_units(word)
        if used > 0 and used + width > usable:
            lines, used = lines + 1, 0.0
        if width > usable:  # a word longer than the line breaks anywhere, a character at a time
            for ch in word:
                if used and used + 1 > usable:
                    lines, used = lines + 1, 0.0
                used += 1
        else:
            used += width
        used += len(token) - len(word)
    return lines


def _height(lines: int) -> float:
    return lines * LINE_HEIGHT + ROW_PADDING


def column_widths(report: Report) -> list[float]:
    """Widths from the shared weights, widened so that no number shows ###."""
    widths = [round(weight * UNITS_PER_WEIGHT, 1) for weight in report.column_weights]
    numbers = [row.cells[col.NUMBER].text for s in report.sections for row in s.rows
               if row.kind is RowKind.PROGRAM]
    widths[col.NUMBER] = max(widths[col.NUMBER], max((len(n) for n in numbers), default=1) + 2)
    amounts = [a for s in report.sections for row in s.rows for a in row.amounts]
    if report.grand_total is not None:
        amounts.extend(report.grand_total.amounts)
    longest = max((text_units(format_amount(a)) for a in amounts if a is not None), default=1)
    top, sub = report.labels.header_rows
    for index in (col.BUDGET_FIRST, col.BUDGET_SECOND):
        widths[index] = max(widths[index], longest + 2.5)
    # Short headers stay on one line ('R6予算額(千円)' keeps its unit beside
    # the year, '基準年度' does not lose its last character to a second line);
    # long ones (a bilingual edition's) wrap within the weighted width.
    for index, text in enumerate(sub):
        units = text_units(text or top[index]) + 1.5
        if (text or index in (col.BUDGET_FIRST, col.BUDGET_SECOND)) and units <= ONE_LINE_HEADER:
            widths[index] = max(widths[index], units)
    for index, units in _longest_words(report).items():
        widths[index] = max(widths[index], min(units + 2 * CELL_PADDING + 0.5, widths[index] * MAX_WIDENING))
    return widths


MAX_WIDENING = 2.0  # a column grows to fit its longest word up to twice its width (a URL would not fit anyway)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{7,}")  # shorter words fit every column as it is


def _longest_words(report: Report) -> dict[int, int]:
    """Per text column, the width of its longest English word: Excel and LibreOffice wrap a
    word wider than its column between two letters, with no hyphen, so the column widens."""
    texts: dict[int, set[str]] = {index: set() for index in _WORDY_COLUMNS}
    for section in report.sections:
        for row in section.rows:
            if row.kind is RowKind.PROGRAM:
                cells = row.cells
                for index in _WORDY_COLUMNS:
                    texts[index].add(cells[index].text)  # KPI phrases and names repeat: each is looked at once
    longest = {}
    for index, column in texts.items():
        words = _LATIN_WORD.findall("\n".join(column))
        if words:
            longest[index] = max(map(len, words))
    return longest


_WORDY_COLUMNS = tuple(i for i in range(col.COLUMN_COUNT)
                       if i not in (col.NUMBER, col.MARK_FIRST, col.MARK_SECOND, col.BUDGET_FIRST, col.BUDGET_SECOND))


class RowHeights:
    """Row heights from the lines each cell needs; a merged cell's need is
    spread over the rows it spans after the single-row needs are met."""

    def __init__(self) -> None:
        self.single: dict[int, int] = {}
        self.spans: list[tuple[int, int, int]] = []

    def need(self, first: int, last: int, lines: int) -> None:
        if first == last:
            self.single[first] = max(self.single.get(first, 1), lines)
        else:
            self.spans.append((first, last, lines))

    def resolve(self) -> dict[int, float]:
        """Row -> height in points, for every row that needs one."""
        heights = {row: _height(lines) for row, lines in self.single.items()}
        for first, last, lines in self.spans:
            rows = range(first, last + 1)
            for row in rows:
                heights.setdefault(row, _height(1))
            deficit = _height(lines) - sum(heights[row] for row in rows)
            if deficit > 0:
                for row in rows:
                    heights[row] += deficit / len(rows)
        return {row: round(min(height, MAX_ROW_HEIGHT), 2) for row, height in heights.items()}


# ---------------------------------------------------------------- checking

def sheet_name_problems(names: list[str]) -> list[tuple[str, Text]]:
    """(name, message) for every sheet name Excel would refuse or confuse."""
    problems = []
    seen: dict[str, str] = {}
    for name in names:
        bad = sorted({ch for ch in name if ch in FORBIDDEN_SHEET_CHARS})
        if not name.strip():
            problems.append((name, say("xlsx.sheet_name_empty")))
        elif bad:
            problems.append((name, say("xlsx.sheet_name_forbidden", chars=" ".join(bad))))
        elif len(name) > MAX_SHEET_NAME:
            problems.append((name, say("xlsx.sheet_name_too_long", length=len(name), limit=MAX_SHEET_NAME)))
        elif name.startswith("'") or name.endswith("'"):
            problems.append((name, say("xlsx.sheet_name_apostrophe")))
        elif name.casefold() == "history":
            problems.append((name, say("xlsx.sheet_name_reserved")))
        elif illegal_character(name):
            problems.append((name, say("xlsx.sheet_name_illegal", character=illegal_character(name))))
        key = unicodedata.normalize("NFKC", name).casefold()
        if key in seen:
            problems.append((name, say("xlsx.sheet_name_duplicate", other=seen[key])))
        else:
            seen[key] = name
    return problems


# C0/C1 control characters but tab and newline (Excel cannot store them, and a
# carriage return would not survive the round trip), surrogates, U+FFFE/FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def storable(text: str) -> bool:
    """Whether Excel can store every character of `text` (one scan for many cells)."""
    return _ILLEGAL.search(text) is None


def illegal_character(text: str) -> Text | None:
    """A description of the first character Excel cannot store, or None."""
    match = _ILLEGAL.search(text)
    if match is None:
        return None
    return say("xlsx.illegal_character", code=ord(match.group()), position=match.start() + 1)


