"""Recognising a table of programs' columns by their headers, as offices write them."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reportgen.model.columns as col
import reportgen.model.program_table as table
from reportgen.model.glossary import table_words
from reportgen.model.publication import FiscalYears
from reportgen.readers.program_headers import columns_of, combined_headers, is_header_row, meaning

YEARS = FiscalYears(2024, 2025)
OPEN_DATA = table_words(YEARS).open_data_headers

VARIANTS = {
    table.NUMBER: ["事務事業番号", "事業番号", "番号", "No.", "ＮＯ．"],
    table.NAME: ["主要事務事業名", "事務事業名", "事業名"],
    table.NAME_FIRST: ["主要事務事業名(R6)", "事業名（Ｒ６）", "R6事業名"],
    table.MARK_SECOND: ["R7", "Ｒ７", "R7欄", "令和7年度"],
    table.DIVISION: ["担当課", "所管課", "担当課名"],
    table.KPI_FIRST: ["KPI (成果指標①) 事業目標", "ＫＰＩ①　事業目標", "KPI1事業目標", "成果指標①事業目標", "事業目標①"],
    table.KPI_FIRST + 3: ["KPI (成果指標①) R6目標値", "KPI① 目標値（R6）", "R6目標値1"],
    table.KPI_FIRST + 7: ["KPI (成果指標②) 基準年度", "KPI② 基準年度", "基準年度(2)"],
    table.BUDGET_FIRST: ["R6予算額(千円)", "R6予算額", "予算額（R6）", "令和6年度予算額", "予算額(R6)(千円)",
                         "R6予算額（単位：千円）"],
    table.BUDGET_SECOND: ["R7予算額(千円)", "予算額R7", "令和７年度予算額"],
}


@pytest.mark.parametrize("position,header", [(p, h) for p, hs in VARIANTS.items() for h in hs])
def test_a_headers_variants_name_its_column(position, header):
    assert columns_of([header], YEARS).at == {position: 0}


def test_every_open_data_header_names_its_own_column():
    assert columns_of(list(OPEN_DATA), YEARS).at == {p: p for p in range(table.COLUMN_COUNT)}


FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})


@given(st.sampled_from(OPEN_DATA), st.booleans(), st.booleans())
def test_full_width_forms_and_spaces_do_not_matter(header, full_width, spaced):
    written = header.translate(FULLWIDTH) if full_width else header
    if spaced:
        written = " ".join(written)
    assert meaning(written) == meaning(header) is not None


def test_a_budget_in_yen_is_not_taken_for_thousands():
    assert meaning("R6予算額(円)") is None
    assert columns_of(["R6予算額(円)"], YEARS).unknown == (0,)


def test_a_year_outside_the_edition_is_not_its_column():
    assert columns_of(["R8予算額(千円)"], YEARS).at == {}


def test_a_column_named_twice_is_reported_with_both():
    columns = columns_of(["事業番号", "事務事業番号"], YEARS)
    assert columns.at == {table.NUMBER: 0} and columns.repeated == ((table.NUMBER, 0, 1),)


def test_the_documents_two_header_rows_combine_into_the_flat_headers():
    first, second = col.header_rows(YEARS.codes)
    assert combined_headers(list(first), list(second)) == list(col.flat_headers(YEARS.codes))


def test_a_header_row_names_the_pillar_and_the_number():
    assert is_header_row(["重点戦略", "事業番号", "事業名"])
    assert not is_header_row(list(col.header_rows(YEARS.codes)[0]))  # the document's own layout


def test_the_english_editions_headers_name_their_columns():
    english = table_words(YEARS, "en").open_data_headers
    assert columns_of(list(english), YEARS).at == {p: p for p in range(table.COLUMN_COUNT)}
    assert meaning("Budget FY2025 (JPY thousand)").year == 2025
