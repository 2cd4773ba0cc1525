"""Sources: files and folders, text and workbooks, in order."""
import pytest
from conftest import SEED

from reportgen import ReportgenError, read
from reportgen.pipeline import build
from reportgen.readers.sources import expand


def test_a_folder_gives_its_sources_in_name_order_without_excel_lock_files(tmp_path):
    for name in ("b.txt", "a.xlsx", "~$a.xlsx", "notes.md", "c.TSV"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.rsplit("/", 1)[1] for p in expand([str(tmp_path)])] == ["a.xlsx", "b.txt", "c.TSV"]


def test_missing_source_and_empty_folder(tmp_path):
    with pytest.raises(ReportgenError) as caught:
        expand([str(tmp_path / "nope.txt")])
    assert "nope.txt" in str(caught.value)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReportgenError):
        expand([str(tmp_path / "empty")])


def test_text_and_workbook_sources_in_one_book(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("総務市民局", "環境局"), encoding="utf-8")
    build([str(other)], str(tmp_path / "out"), ["xlsx"])
    result = read([str(SEED), str(tmp_path / "out" / "主要事務事業_R6-R7.xlsx")])
    assert not result.errors
    assert [b.name for b in result.publication.bureaus] == ["総務市民局", "環境局"]
    assert len(result.publication.programs) == 20
