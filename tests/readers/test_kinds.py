"""A source no reader takes is named for what it is, with how to save it, before any reader tries it."""
import io
import zipfile

import pytest

from reportgen.readers.kinds import unreadable_kind


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name,data,expected", [
    ("renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "名前が .xlsx"),  # the bytes decide
    ("renamed.xlsx", zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "名前が .xlsx"),
    ("a.xls", "局,担当課\n".encode(), "表計算のファイルではありません"),
    ("a.xlsx", zipped({"word/document.xml": b"<w/>"}), "Word (.docx)"),
    ("a.pdf", b"%PDF-1.4", "（PDF）"),
    ("a.jpg", b"\xff\xd8\xff\xe0", "（JPEG）"),
    ("a.xlsm", zipped({"[Content_Types].xml": b"<x/>"}), "マクロ有効ブック"),
])
def test_what_no_reader_takes(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    problem = unreadable_kind(str(path))
    assert problem is not None and expected in problem and problem.en


def test_what_the_readers_take_passes(tmp_path, seed_text):
    text = tmp_path / "seed.txt"
    text.write_text(seed_text, encoding="utf-8")
    book = tmp_path / "book.xlsx"
    book.write_bytes(zipped({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}))
    table = tmp_path / "programs.csv"  # a table of programs: readers/delimited reads it
    table.write_text("局,重点戦略,事務事業番号\n", encoding="utf-8")
    assert unreadable_kind(str(text)) is None and unreadable_kind(str(book)) is None
    assert unreadable_kind(str(table)) is None
    assert unreadable_kind(str(book), returned=True) is None
    assert "これは .txt です" in unreadable_kind(str(text), returned=True)  # a return is the workbook sent
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest")
    ods = tmp_path / "lo.ods"
    ods.write_bytes(zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}))
    assert unreadable_kind(str(xls), returned=True) is None and unreadable_kind(str(ods), returned=True) is None
