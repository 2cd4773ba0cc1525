"""The 19 logical columns of the 主要事務事業 table and their two header rows.

The document's header text is the contract: loaders check it, renderers print
it. Year columns carry the edition's era codes (R6/R7, next year R7/R8).
"""
from __future__ import annotations

COLUMN_COUNT = 19

MEASURE, NUMBER, NAME, SUMMARY, MARK_FIRST, MARK_SECOND, DIVISION = range(7)
KPI_STARTS = (7, 12)  # KPI ① and ② each span five columns
KPI_WIDTH = 5
BUDGET_FIRST, BUDGET_SECOND = 17, 18

KPI_GROUP_LABELS = ("KPI (成果指標①)", "KPI (成果指標②)")

# A total row's label spans the columns before the budgets (0-16).
TOTAL_LABEL_COLUMNS = BUDGET_FIRST

# What a division fills in when it gets its sheet: the summary, the KPIs' goal, baseline
# and base year, and everything of the second year (●, targets, budget). The first
# year is settled. The division workbook leaves exactly these cells unlocked, and
# `collect` takes exactly these from a return and refuses a change anywhere else.
DIVISION_INPUTS = (SUMMARY, MARK_SECOND,
                   KPI_STARTS[0], KPI_STARTS[0] + 1, KPI_STARTS[0] + 2, KPI_STARTS[0] + 4,
                   KPI_STARTS[1], KPI_STARTS[1] + 1, KPI_STARTS[1] + 2, KPI_STARTS[1] + 4,
                   BUDGET_SECOND)


def kpi_column_labels(codes: tuple[str, str]) -> tuple[str, ...]:
    return ("事業目標", "基準値", "基準年度", f"{codes[0]}目標値", f"{codes[1]}目標値")


def budget_label(code: str) -> str:
    return f"{code}予算額(千円)"


def header_rows(codes: tuple[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two header rows exactly as the document prints them (19 cells each)."""
    first = ("主な施策", "事務事業番号", "主要事務事業名", "事業概要", codes[0], codes[1], "担当課",
             KPI_GROUP_LABELS[0], "", "", "", "", KPI_GROUP_LABELS[1], "", "", "", "",
             budget_label(codes[0]), budget_label(codes[1]))
    second = ("",) * 7 + kpi_column_labels(codes) * 2 + ("", "")
    return first, second


def flat_headers(codes: tuple[str, str]) -> tuple[str, ...]:
    """One header per column, KPI columns prefixed by their group: 'KPI (成果指標①) 事業目標'."""
    return flatten(header_rows(codes))


def flatten(rows: tuple[tuple[str, ...], tuple[str, ...]]) -> tuple[str, ...]:
    """Two header rows as one: each KPI sub-heading prefixed by its group's heading."""
    first, second = rows
    result = []
    group = ""
    for index, (top, sub) in enumerate(zip(first, second)):
        if index in KPI_STARTS:
            group = top
        result.append(f"{group} {sub}" if sub else top)
    return tuple(result)
