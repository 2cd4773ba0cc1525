"""A draft's 回収状況 sheet read back; what the tool did not write there is an error at its cell."""
import openpyxl
import pytest

from reportgen import load, read
from reportgen.cycle.rollforward import roll_forward
from reportgen.model.publication import Returned
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import build_report


@pytest.fixture
def draft(tmp_path, seed_publication):
    publication, _ = roll_forward(seed_publication)
    from dataclasses import replace
    publication = replace(publication, returned=(Returned("総務市民局", "区政推進課", "総務市民局_区政推進課.xlsx",
                                                          "2026-12-01"),))
    path = tmp_path / "draft.xlsx"
    path.write_bytes(render_xlsx(build_report(publication)))
    return path


def test_the_sheet_round_trips(draft):
    assert load([str(draft)]).returned == (Returned("総務市民局", "区政推進課", "総務市民局_区政推進課.xlsx",
                                                    "2026-12-01"),)


def test_a_publication_that_is_not_a_draft_has_none(seed_publication, tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(render_xlsx(build_report(seed_publication)))
    assert "回収状況" not in openpyxl.load_workbook(path).sheetnames
    assert load([str(path)]).returned is None


@pytest.mark.parametrize("column,value,cell,words", [(3, "済み", "C", "「回収済」か「未回収」"),
                                                      (5, "12月1日", "E", "YYYY-MM-DD")])
def test_an_edited_row_is_an_error_at_its_cell(draft, column, value, cell, words):
    book = openpyxl.load_workbook(draft)
    sheet = book["回収状況"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "区政推進課")
    sheet.cell(row, column).value = value
    book.save(draft)
    [error] = read([str(draft)]).errors
    assert (error.location.sheet, error.location.cell) == ("回収状況", f"{cell}{row}") and words in error.message
