"""A cell's value as the model reads it: text for a text column, a Budget for a
budget column. Shared by every reader whose cells are typed (workbooks, .xls/.ods,
DataFrames): numbers a spreadsheet made of typed text become that text again,
and nothing is guessed (a date, a boolean or an unformatted fraction in a text
column is a CellProblem naming the value)."""
from __future__ import annotations

import datetime
import re

from reportgen.messages import say
from reportgen.model.amounts import (
    MAX_DIGITS,
    RETURNED_BUDGET_MINIMUM,
    AmountError,
    format_amount,
    parse_amount,
)
from reportgen.model.findings import Text
from reportgen.model.publication import Budget
from reportgen.readers.spreadsheets import UNKNOWN_FORMAT

GENERAL = "General"  # the number format of a cell that has none (CSV, DataFrame)


class CellProblem(Exception):
    """A cell whose value cannot be read; the message (a Text: Japanese and English) names what is wrong."""

    def __init__(self, message: Text):
        super().__init__(message)

    @property
    def message(self) -> Text:
        return self.args[0]


def as_text(value, number_format: str) -> str:
    """A text column's cell as text; numbers Excel made of typed text become it again."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise CellProblem(say("workbook.boolean_not_text", value=value))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        raise CellProblem(say("workbook.date_not_text", value=value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if number_format == UNKNOWN_FORMAT:  # .xls/.ods: 0.5 may print as 50%, 0.50 or ½
            raise CellProblem(say("spreadsheet.fraction_in_text", value=value))
        if "%" in number_format:
            decimals = len(number_format.split("%")[0].rpartition(".")[2]) if "." in number_format else 0
            return f"{value * 100:.{decimals}f}%"
        return str(int(value)) if value.is_integer() else repr(value)
    raise CellProblem(say("workbook.value_not_text", value=value))


def as_budget(value, returned: bool = False) -> Budget:
    """A budget cell: an integer, text in the money grammar, or empty (none). In a division's
    return the rule is the one its workbook's validation states: a whole number ≥ 0 or empty."""
    if value is None:
        return Budget(None, "")
    if returned and (isinstance(value, (bool, str)) or (isinstance(value, (int, float)) and value < RETURNED_BUDGET_MINIMUM)):
        raise CellProblem(say("workbook.return_budget_rule", value=value))
    if isinstance(value, bool):
        raise CellProblem(say("workbook.boolean_not_amount", value=value))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellProblem(say("workbook.amount_not_whole", value=value))
        value = int(value)
    if isinstance(value, int):
        digits = len(str(abs(value)))
        if digits > MAX_DIGITS:
            raise CellProblem(say("amounts.too_many_digits", count=digits, limit=MAX_DIGITS))
        return Budget(value, format_amount(value))
    if isinstance(value, str):
        try:
            return Budget(parse_amount(value), value)
        except AmountError as exc:
            raise CellProblem(exc.args[0]) from None
    raise CellProblem(say("workbook.value_not_amount", value=value))


def joined_name(text: str, codes: tuple[str, str]) -> str:
    """The renamed-program cell 'A(R6)\\nB(R7)' is the model's 'A(R6)B(R7)'."""
    pattern = (rf"(?P<a>.+[(（]{re.escape(codes[0])}[)）])\n"
               rf"(?P<b>.+[(（]{re.escape(codes[1])}[)）])")
    match = re.fullmatch(pattern, text)
    return match["a"] + match["b"] if match else text
