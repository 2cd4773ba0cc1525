"""Small publications and workbook helpers shared by the workbook tests (the
renderer's and the reader's): build a Publication in a line, find a program's row."""
from __future__ import annotations

import io

import openpyxl

import reportgen.model.columns as col
from reportgen.model.publication import (
    BaselineYear,
    Budget,
    Bureau,
    FiscalYears,
    Kpi,
    Measure,
    Pillar,
    Program,
    Publication,
)
from reportgen.readers.text import split_name

SHEET = "総務市民局"
SUMMARY = "総括"
HEADER_ROW, FIRST_ROW = 4, 6


# ---------------------------------------------------------------- building publications

YEARS = FiscalYears(2024, 2025)
TITLE = "新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度)"


def program(number: int, name: str = "事業", budgets=(1000, 2000), major=(True, True),
            summary: str = "概要", division: str = "企画課", kpis=None, codes=("R6", "R7")) -> Program:
    if kpis is None:
        kpis = (Kpi("目標", "10件", BaselineYear("R5", 2023), ("12件", "14件")),)
    return Program(number=number, name=split_name(name, codes), summary=summary, major=major,
                   division=division, kpis=tuple(kpis), budgets=tuple(Budget(b) for b in budgets))


def publication(*bureaus: Bureau, years: FiscalYears = YEARS, title: str = TITLE,
                footnotes=("※注記",)) -> Publication:
    return Publication(title, years, tuple(footnotes), tuple(bureaus))


def bureau(name: str = SHEET, *programs: Program, measure: str = "施策A") -> Bureau:
    programs = programs or (program(1),)
    return Bureau(name, (Pillar("I", "「稼げるまち」の実現", (Measure(measure, tuple(programs)),)),))


def workbook(data: bytes, data_only: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


def program_rows(ws) -> dict[int, int]:
    """Program number -> sheet row, found by content (the number column)."""
    rows = {}
    for row in range(FIRST_ROW, ws.max_row + 1):
        value = ws.cell(row=row, column=col.NUMBER + 1).value
        if isinstance(value, int):
            rows[value] = row
    return rows


