"""A workbook's cost is decided from its zip and one streaming pass, before openpyxl loads it."""
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from conftest import WORKLOAD

from reportgen import load
from reportgen.readers import archive
from reportgen.readers.archive import check_archive
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import build_report

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import crafted


@pytest.fixture
def seed_file(tmp_path, seed_publication) -> Path:
    path = tmp_path / "seed.xlsx"
    path.write_bytes(render_xlsx(build_report(seed_publication)))
    return path


def saved(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("case", sorted(crafted.CASES))
def test_the_crafted_workbooks_are_refused_from_their_zip_and_one_pass(tmp_path, case):
    """Each of these cost openpyxl and the reader 12 s to 233 s and 0.5 to 4.5 GB; the
    benchmark (bench/run.py --crafted) records how fast they are now refused."""
    problem = check_archive(saved(tmp_path, f"{case}.xlsx", crafted.CASES[case]()))
    assert problem is not None
    if case.startswith("far_note"):
        assert "使用範囲が広すぎます" in problem and "99,999 行目" in problem and "局" in problem
    else:
        assert "圧縮率" in problem


def test_the_element_budget_stops_uncompressed_padding(tmp_path, monkeypatch):
    """Stored (uncompressed) near-empty sheets pass the ratio check; the element count stops them."""
    data = crafted.empty_rows(3, size=64 * 1024)
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as out:
        for info in original.infolist():
            out.writestr(info.filename, original.read(info.filename))
    path = saved(tmp_path, "stored.xlsx", stored.getvalue())
    assert check_archive(path) is None  # about 7,000 elements: well within the budget
    monkeypatch.setattr(archive, "MAX_ELEMENTS", 5_000)
    assert "XML 要素" in check_archive(path)


def grid_workbook(tmp_path, cells: list[tuple[str, int, int]]) -> str:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheets = {}
    for title, row, column in cells:
        sheet = sheets.get(title) or sheets.setdefault(title, workbook.add_worksheet(title))
        sheet.write(row - 1, column - 1, "x")
    workbook.close()
    return saved(tmp_path, "grid.xlsx", buffer.getvalue())


def test_the_grid_is_the_sum_of_the_used_ranges_and_names_the_sheet_that_crosses(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_GRID", 1000)
    assert check_archive(grid_workbook(tmp_path, [("局A", 20, 25), ("局B", 20, 25)])) is None  # 500 + 500
    problem = check_archive(grid_workbook(tmp_path, [("局A", 20, 25), ("局B", 21, 25)]))
    assert "シート「局B」" in problem and "21 行目・25 列目" in problem
    assert "sheet \"局B\"" in problem.en


def test_a_document_type_is_refused_before_any_entity_expands(tmp_path, seed_file):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    bomb = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(seed_file) as original, zipfile.ZipFile(bomb, "w") as out:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = laughs.encode() + re.sub(rb"^<\?xml[^>]*\?>", b"", data)
            out.writestr(info, data)
    assert "DOCTYPE" in check_archive(str(bomb))


def test_the_seed_workbook_and_a_large_book_pass(tmp_path, seed_file, monkeypatch):
    """A 2,000-program book is well inside the limits (a 10,000-program one is too: the benchmark)."""
    assert check_archive(str(seed_file)) is None
    source = tmp_path / "city.txt"
    source.write_bytes(subprocess.run([sys.executable, str(WORKLOAD), "--programs", "2000", "--bureaus", "20"],
                                      capture_output=True, check=True).stdout)
    book = saved(tmp_path, "city.xlsx", render_xlsx(build_report(load([str(source)]))))
    assert check_archive(book) is None
    counted = []
    real_spend = archive._Budget.spend

    def count(budget):
        counted.append(1)
        real_spend(budget)
    monkeypatch.setattr(archive._Budget, "spend", count)
    check_archive(book)
    assert 5 * 2000 < len(counted) < archive.MAX_ELEMENTS / 15  # so 10,000 programs stay well inside


def test_zip_level_problems(tmp_path, seed_file, monkeypatch):
    assert "zip" in check_archive(saved(tmp_path, "text.xlsx", b"not a zip")).en
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(seed_file) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, original.read(info.filename))
        out.writestr("xl/media/padding.bin", b"\0" * (4 * 1024 * 1024))  # ratio about 1000
    assert "圧縮率" in check_archive(str(bomb))
    monkeypatch.setattr(archive, "MAX_UNCOMPRESSED", 10_000)
    assert "展開後の大きさ" in check_archive(str(seed_file))
