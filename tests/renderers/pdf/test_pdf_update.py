"""The incremental update that carries a tagged PDF's structure: read back by readers we
did not write (qpdf through pikepdf and its command line, poppler), with ReportLab's
bytes left as they were."""
from __future__ import annotations

import io
import subprocess

import pikepdf
import pytest
from conftest import SEED
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from reportgen import load
from reportgen.renderers.pdf.document import render_pdf
from reportgen.renderers.pdf.update import OBJECTS_PER_STREAM, append_update, text_string
from reportgen.report.builder import build_report


def small_pdf(pages: int = 2) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for number in range(pages):
        canvas.drawString(72, 720, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_objects_written_plain_and_packed_read_back():
    data = small_pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        catalog = pdf.Root.objgen[0]
        first = int(pdf.trailer.Size)
        kept = f"/Root {catalog} 0 R/Info {pdf.trailer.Info.objgen[0]} 0 R"
        first_id = bytes(pdf.trailer.ID[0])
        pdf.Root.Marker = pikepdf.Name.Changed
        plain = {catalog: pdf.Root.unparse(resolved=True)}
    count = OBJECTS_PER_STREAM * 2 + 7  # three object streams, the last one short
    packed = ((first + i, f"<</Index {i}/Next {first + i + 1} 0 R>>") for i in range(count))
    updated = append_update(data, plain, packed, first + count, kept, first_id)
    assert updated.startswith(data)  # ReportLab's bytes as they were
    with pikepdf.open(io.BytesIO(updated)) as pdf:
        assert pdf.Root.Marker == "/Changed"
        assert bytes(pdf.trailer.ID[0]) == first_id and bytes(pdf.trailer.ID[1]) != first_id  # a changed file
        for i in range(count - 1):
            found = pdf.get_object((first + i, 0))
            assert int(found.Index) == i and found.Next.objgen == (first + i + 1, 0)
        assert pdf.get_warnings() == []
        assert len(pdf.pages) == 2


def test_qpdf_and_poppler_read_a_tagged_book_without_a_complaint(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(render_pdf(build_report(load([str(SEED)])), tagged=True))
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout, checked.stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert info.stderr == "" and "Tagged:          yes" in info.stdout
    rendered = subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "page")],
                              capture_output=True, text=True, check=True)
    assert rendered.stderr == ""


def test_an_object_is_written_once():
    with pytest.raises(ValueError, match="both"):
        append_update(small_pdf(), {9: b"<<>>"}, [(9, "<<>>")], 10, "", b"0")


def test_an_update_needs_the_files_startxref():
    with pytest.raises(ValueError, match="startxref"):
        append_update(b"%PDF-1.4\n", {1: b"<<>>"}, [], 10, "", b"0")


@given(st.text(max_size=40))
def test_a_text_string_reads_back_as_written(text):
    assert str(pikepdf.Object.parse(text_string(text).encode("ascii"))) == text


def test_plain_ascii_stays_readable_and_the_rest_is_utf16():
    assert text_string("t1-c5") == "(t1-c5)"
    assert text_string("ja") == "(ja)"
    assert text_string("該当") == "<FEFF8A725F53>"
    assert text_string("a(b)").startswith("<FEFF")
