"""Finding the columns of a table of programs by their headers.

Offices keep the table in their own spreadsheets, typed with the document's
headers or with the variants people write: 事業番号 for 事務事業番号,
予算額（R6） or 令和6年度予算額 for R6予算額(千円), ＫＰＩ① 事業目標, full-width or
half-width, with or without spaces, in one header row or the document's two
(KPI groups above their five sub-headings). The English edition's own headers
(Strategy, No., Program (FY2024), Budget FY2024 (JPY thousand) …) are known too,
so its open-data CSV reads back. Headers are compared after NFKC
(full-width → half-width, ① → 1) with spaces removed; the data itself is never
normalised. A column whose header means nothing here is reported and not read;
a column the table needs and does not have is an error naming it.

A header in yen (予算額(円)) is not a budget in thousands: it is not recognised,
so the table is refused rather than read a thousand times too large.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import reportgen.model.program_table as table
from reportgen.model import era
from reportgen.model.publication import FiscalYears


# a year as headers write it: R6, 令和6年度, R元, H30, and the English edition's FY2024
def _year_group(name: str = "year") -> str:
    return rf"(?P<{name}>(?:[RHS]|令和|平成|昭和)(?:元|[0-9]{{1,2}})(?:年度?)?|FY[0-9]{{4}})"


_YEAR, _YEAR2, _YEAR3 = _year_group(), _year_group("year2"), _year_group("year3")
_NAME = r"(?:主要事務事業名|事務事業名|主要事業名|事業名|Program)"
_BUDGET = r"(?:予算額|予算|当初予算額|Budget)"
_KPI_WORDS = {"事業目標": 0, "基準値": 1, "基準年度": 2, "INDICATOR": 0, "BASELINE": 1, "BASELINEYEAR": 2}
_KPI_SUB = (rf"(?P<sub>事業目標|基準値|基準年度|Indicator|Baseline|Baselineyear|{_YEAR}目標値?"
            rf"|目標値\({_YEAR2}\)|Target{_YEAR3})")
_KPI_NUMBER = (r"(?:KPI\(成果指標(?P<k1>[12])\)|KPI\((?P<k2>[12])\)|KPI(?P<k3>[12])|成果指標(?P<k4>[12])"
               r"|KPI(?P<k7>[12])\(outcomeindicator\))")

_PLAIN = {  # one header, one field, no year
    table.BUREAU: r"局|局名|所管局|担当局|Bureau",
    table.PILLAR: r"重点戦略|重点戦略名|戦略|Strategy",
    table.MEASURE: r"主な施策|施策|施策名|Measure",
    table.NUMBER: r"事務事業番号|事業番号|番号|NO\.?",
    table.NAME: _NAME,
    table.SUMMARY: r"事業概要|概要|Summary",
    table.DIVISION: r"担当課|担当課名|所管課|課名|Divisionincharge",
}
_PLAIN_PATTERNS = [(re.compile(f"(?:{pattern})", re.IGNORECASE), position) for position, pattern in _PLAIN.items()]
_BY_YEAR = [  # (pattern, kind): a field of one of the edition's two years
    (re.compile(rf"{_NAME}\({_YEAR}\)|{_YEAR2}{_NAME}", re.IGNORECASE), "name"),
    (re.compile(rf"{_YEAR}(?:欄)?|主要事務事業\({_YEAR2}\)|{_YEAR3}主要", re.IGNORECASE), "mark"),
    (re.compile(rf"{_YEAR}{_BUDGET}|{_BUDGET}\({_YEAR2}\)|{_BUDGET}{_YEAR3}", re.IGNORECASE), "budget"),
]
_KPI = [re.compile(pattern, re.IGNORECASE) for pattern in (
    rf"{_KPI_NUMBER}[-_:・]?{_KPI_SUB}",
    rf"{_KPI_SUB}(?P<k5>[12])",
    rf"{_KPI_SUB}\((?:KPI|成果指標)?(?P<k6>[12])\)",
)]
_SUB_ONLY = re.compile(rf"{_KPI_SUB}", re.IGNORECASE)
_UNITS = re.compile(r"\(千円\)$|千円$|\(単位:千円\)$|\(JPYthousand\)$", re.IGNORECASE)


def normalized(header: str) -> str:
    """The header as compared: NFKC, no spaces, a trailing thousand-yen unit dropped."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", header))
    return _UNITS.sub("", text)


@dataclass(frozen=True)
class Meaning:
    """What a header says: a field (`position` in the table of programs) or, for the
    fields of a year, the kind and the year; KPI fields carry their KPI (0, 1) and
    part (0-4: goal, baseline, base year, first and second year's target)."""

    position: int | None = None
    kind: str = ""  # name | mark | budget | target, for a field of a year
    year: int | None = None
    kpi: int | None = None
    part: int | None = None


def meaning(header: str) -> Meaning | None:
    text = normalized(header)
    if not text:
        return None
    for pattern, position in _PLAIN_PATTERNS:
        if pattern.fullmatch(text):
            return Meaning(position)
    for pattern, kind in _BY_YEAR:
        match = pattern.fullmatch(text)
        if match:
            year = _year(match)
            return Meaning(kind=kind, year=year) if year else None
    for pattern in _KPI:
        match = pattern.fullmatch(text)
        if match:
            kpi = int(next(v for k, v in match.groupdict().items() if k.startswith("k") and v)) - 1
            sub = match["sub"]
            part = _KPI_WORDS.get(sub, _KPI_WORDS.get(sub.upper()))
            if part is not None:
                return Meaning(kpi=kpi, part=part)
            year = _year(match)
            return Meaning(kind="target", year=year, kpi=kpi) if year else None
    return None


def is_sub_heading(header: str) -> bool:
    """A cell of the document's second header row (事業目標, 基準値, 基準年度, R6目標値)."""
    return bool(_SUB_ONLY.fullmatch(normalized(header)))


def _year(match: re.Match) -> int | None:
    found = next((v for k, v in match.groupdict().items() if k.startswith("year") and v), None)
    if not found:
        return None
    return int(found[2:]) if found.upper().startswith("FY") else era.parse_year(found.upper())


def combined_headers(first: list[str], second: list[str] | None) -> list[str]:
    """One header per column. Under the document's two rows a sub-heading takes the
    group heading above it or to its left (KPI (成果指標①) spans five columns)."""
    if second is None:
        return list(first)
    headers, group = [], ""
    for top, sub in zip(first, second + [""] * (len(first) - len(second))):
        if top.strip():
            group = top
        headers.append(f"{group} {sub}" if sub.strip() else top)
    return headers


@dataclass(frozen=True)
class Columns:
    """Where each field of the table of programs is: position in the table -> column index."""

    years: FiscalYears
    at: dict[int, int]
    unknown: tuple[int, ...]  # columns whose header names no field
    repeated: tuple[tuple[int, int, int], ...]  # (position, first column, repeating column)


def years_of(meanings: list[Meaning | None]) -> list[int]:
    return sorted({m.year for m in meanings if m is not None and m.year is not None})


def columns_of(headers: list[str], years: FiscalYears) -> Columns:
    """Each header's field, for an edition of `years` (a year header of another year is unknown)."""
    at: dict[int, int] = {}
    unknown, repeated = [], []
    for index, header in enumerate(headers):
        found = meaning(header)
        position = _position(found, years) if found is not None else None
        if position is None:
            if header.strip():
                unknown.append(index)
            continue
        if position in at:
            repeated.append((position, at[position], index))
            continue
        at[position] = index
    return Columns(years, at, tuple(unknown), tuple(repeated))


def _position(found: Meaning, years: FiscalYears) -> int | None:
    if found.position is not None:
        return found.position
    if found.kpi is not None and found.part is not None:
        return table.KPI_FIRST + 5 * found.kpi + found.part
    if found.year not in (years.first, years.second):
        return None
    second = found.year == years.second
    if found.kind == "target":
        return table.KPI_FIRST + 5 * found.kpi + 3 + second
    return {"name": (table.NAME_FIRST, table.NAME_SECOND), "mark": (table.MARK_FIRST, table.MARK_SECOND),
            "budget": (table.BUDGET_FIRST, table.BUDGET_SECOND)}[found.kind][second]


def is_header_row(cells: list[str]) -> bool:
    """A table of programs' header row names its pillar and its programs' numbers: the
    document's own layout has no 重点戦略 column (its pillars are rows)."""
    positions = {m.position for m in map(meaning, cells) if m is not None}
    return table.PILLAR in positions and table.NUMBER in positions
