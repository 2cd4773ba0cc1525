"""Workbooks saved as .xls or .ods read as their .xlsx does, through python-calamine."""
import shutil

import pytest
from clients import soffice

import reportgen.readers.archive as archive
from reportgen import load, read
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import build_report


@pytest.fixture(scope="module")
def saved(tmp_path_factory, ):
    """The seed book as reportgen writes it, and as LibreOffice saves it in .xls and .ods."""
    from conftest import SEED
    folder = tmp_path_factory.mktemp("saved")
    book = folder / "seed.xlsx"
    book.write_bytes(render_xlsx(build_report(load([str(SEED)]))))
    return {kind: book if kind == "xlsx" else soffice(book, kind, folder) for kind in ("xlsx", "xls", "ods")}


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_the_same_publication_from_every_format(saved, kind):
    expected = load([str(saved["xlsx"])])
    got = read([str(saved[kind])])
    assert got.errors == [] and got.publication == expected
    assert [p.budgets for p in got.publication.programs] == [p.budgets for p in expected.programs]


def test_a_hidden_sheet_stays_refused(saved, tmp_path):
    import openpyxl
    book = openpyxl.load_workbook(saved["xlsx"])
    book["総括"].sheet_state = "hidden"
    hidden = tmp_path / "hidden.xlsx"
    book.save(hidden)
    ods = soffice(hidden, "ods", tmp_path)
    errors = read([str(ods)]).errors
    assert [(e.location.sheet, "非表示" in e.message) for e in errors] == [("総括", True)]


def test_the_grid_limit_holds_for_xls_and_ods(saved, monkeypatch, tmp_path):
    monkeypatch.setattr(archive, "MAX_GRID", 50)
    import reportgen.readers.spreadsheets as spreadsheets
    monkeypatch.setattr(spreadsheets, "MAX_GRID", 50)
    copy = tmp_path / "seed.ods"
    shutil.copy(saved["ods"], copy)
    [error] = read([str(copy)]).errors
    assert "使用範囲が広すぎます" in error.message
