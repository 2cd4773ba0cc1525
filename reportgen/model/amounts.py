"""The money grammar: budgets in thousands of yen, as printed in Japanese documents.

Accepted: ASCII or full-width digits, optional thousands separators in groups
of three (',' or '，'), a leading negative sign (△ ▲ − － -), surrounding
spaces. A lone dash (or an empty cell) means "none", which is not zero.
Anything else raises AmountError: nothing is guessed, rounded or dropped.
"""
from __future__ import annotations

import re

from reportgen.messages import say

NONE_MARKS = frozenset({"", "—", "―", "-", "－", "‐", "–", "−", "ー"})
NEGATIVE_SIGNS = "△▲−－-"
_FULLWIDTH = str.maketrans("０１２３４５６７８９，", "0123456789,")
_AMOUNT = re.compile(r"^(?P<sign>[△▲−－-])?(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)$")
_SPACES = " \u3000"
MAX_DIGITS = 15  # thousands of yen: far above any budget, and what a workbook keeps exactly
# A budget a division types into its workbook: a whole number of at least this. The
# workbook's validation and collect's reader both apply this one rule.
RETURNED_BUDGET_MINIMUM = 0


class AmountError(ValueError):
    """A budget cell that does not follow the money grammar; its argument is a `Text`
    (Japanese, with the English in `.en`)."""


def parse_amount(text: str) -> int | None:
    """Integer thousands of yen, or None for an empty cell or a lone dash."""
    stripped = text.strip(_SPACES)
    if stripped in NONE_MARKS:
        return None
    match = _AMOUNT.match(stripped.translate(_FULLWIDTH))
    if not match:
        raise AmountError(say("amounts.not_an_amount", text=text))
    digits = match["digits"].replace(",", "")
    if len(digits) > MAX_DIGITS:  # Excel keeps 15 significant digits; longer is never a budget
        raise AmountError(say("amounts.too_many_digits", count=len(digits), limit=MAX_DIGITS))
    value = int(digits)
    return -value if match["sign"] else value


def format_amount(value: int | None, none: str = "—") -> str:
    """'4,359'; '△1,200' for a decrease; `none` for no budget."""
    if value is None:
        return none
    if value < 0:
        return f"△{-value:,}"
    return f"{value:,}"


def format_plain(value: int | None) -> str:
    """Open-data form: '4359', '-1200', '' for none."""
    return "" if value is None else str(value)


def sum_existing(values) -> int | None:
    """Sum of the budgets that exist; None when none does (never a fake 0)."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None
