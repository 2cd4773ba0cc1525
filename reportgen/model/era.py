"""Japanese era years and fiscal-year labels.

Years are stored as Western years (2024); the era forms (R6, 令和6年度) are
derived for display. Parsing is strict: text that is not an era or Western
year is left as text by the caller, never guessed.
"""
from __future__ import annotations

import re

# era code -> (kanji name, Western year of the era's first year, last year or None)
_ERAS = {
    "R": ("令和", 2019, None),
    "H": ("平成", 1989, 2019),
    "S": ("昭和", 1926, 1989),
}
_KANJI_TO_CODE = {kanji: code for code, (kanji, _, _) in _ERAS.items()}

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_ERA_YEAR = re.compile(r"^(?P<era>[RHS]|令和|平成|昭和)(?P<n>元|[0-9０-９]{1,2})(?:年度?)?$")
_WESTERN_YEAR = re.compile(r"^(?P<y>[0-9０-９]{4})(?:年度?)?$")


def parse_year(text: str) -> int | None:
    """Western year for an era code such as R5, H25, R元, 令和6年度 or 2023.

    Returns None for anything else (e.g. '—', '調整中'): the caller keeps the
    verbatim text in any case.
    """
    stripped = text.strip()
    match = _ERA_YEAR.match(stripped)
    if match:
        era = match["era"]
        code = _KANJI_TO_CODE.get(era, era)
        _, first, last = _ERAS[code]
        n = 1 if match["n"] == "元" else int(match["n"].translate(_FULLWIDTH_DIGITS))
        year = first + n - 1
        if n < 1 or (last is not None and year > last):
            return None
        return year
    match = _WESTERN_YEAR.match(stripped)
    if match:
        return int(match["y"].translate(_FULLWIDTH_DIGITS))
    return None


def has_era(year: int) -> bool:
    """Whether a fiscal year can be written in an era (Shōwa onwards): an edition's years must."""
    return year >= _ERAS["S"][1]


def _era_of(year: int) -> tuple[str, str, int]:
    """(code, kanji, n) of the era a fiscal year belongs to."""
    for code, (kanji, first, last) in _ERAS.items():
        if year >= first and (last is None or year < last):
            return code, kanji, year - first + 1
    raise ValueError(f"year {year} is before the Shōwa era")


def era_code(year: int) -> str:
    """'R6' for 2024, 'R元' is written 'R1' in column headers."""
    code, _, n = _era_of(year)
    return f"{code}{n}"


def era_name(year: int) -> str:
    """'令和6年度' for 2024; '令和元年度' for 2019."""
    _, kanji, n = _era_of(year)
    return f"{kanji}{'元' if n == 1 else n}年度"


def era_name_with_western(year: int) -> str:
    """'令和6年度(2024年度)'."""
    return f"{era_name(year)}({year}年度)"


def fiscal_label_en(year: int) -> str:
    """'FY2024'."""
    return f"FY{year}"
