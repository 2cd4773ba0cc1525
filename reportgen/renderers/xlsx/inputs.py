"""What a division's workbook tells the person filling it in, column by column: the input
message Excel and LibreOffice show when an input cell is selected (a title of at most 32
characters and a message of at most 255, as Excel allows)."""
from __future__ import annotations

from collections.abc import Callable

import reportgen.model.columns as col

MAX_TITLE, MAX_MESSAGE = 32, 255

# column -> the message ids of its prompt's title and text
_SUMMARY = ("xlsx.prompt_summary_title", "xlsx.prompt_summary")
_GOAL = ("xlsx.prompt_goal_title", "xlsx.prompt_goal")
_BASELINE = ("xlsx.prompt_baseline_title", "xlsx.prompt_baseline")
_BASELINE_YEAR = ("xlsx.prompt_baseline_year_title", "xlsx.prompt_baseline_year")
_TARGET = ("xlsx.prompt_target_title", "xlsx.prompt_target")
_PROMPTS = {
    col.SUMMARY: _SUMMARY,
    col.MARK_SECOND: ("xlsx.prompt_mark_title", "xlsx.prompt_mark"),
    col.KPI_STARTS[0]: _GOAL, col.KPI_STARTS[1]: _GOAL,
    col.KPI_STARTS[0] + 1: _BASELINE, col.KPI_STARTS[1] + 1: _BASELINE,
    col.KPI_STARTS[0] + 2: _BASELINE_YEAR, col.KPI_STARTS[1] + 2: _BASELINE_YEAR,
    col.KPI_STARTS[0] + 4: _TARGET, col.KPI_STARTS[1] + 4: _TARGET,
    col.BUDGET_SECOND: ("xlsx.prompt_budget_title", "xlsx.prompt_budget"),
}
assert set(_PROMPTS) == set(col.DIVISION_INPUTS)


def input_prompts(code: str, word: Callable[..., str]) -> dict[int, dict[str, str]]:
    """Each input column's XlsxWriter data-validation prompt options; `code` is the year the
    division fills in (R8), `word(message_id, **params)` the edition's language."""
    prompts = {}
    for column, (title_id, message_id) in _PROMPTS.items():
        title, message = word(title_id, code=code), word(message_id, code=code)
        assert len(title) <= MAX_TITLE and len(message) <= MAX_MESSAGE, message_id
        prompts[column] = {"input_title": title, "input_message": message}
    return prompts
