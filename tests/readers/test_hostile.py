"""Hostile input, one fixture per trap, each with its exact expected outcome (DESIGN.md §6).

Workbook, mail and archive traps live beside their modules' tests; this file
covers the text sources and the PDF, HTML and CSV outputs.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest
from conftest import ROOT, SEED
from pypdf import PdfReader
from textdoc import page, pillar_row, program_row

from reportgen import load, read

MARKUP = ['<b>太字</b>', 'R&D', '<link href="http://x.example">x</link>', 'a<b', '&amp;', '=HYPERLINK("x")',
          '+81', '-5%', '@SUM(1)', '#N/A', '"quoted", comma']


def cli(*args):
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True, cwd=ROOT)


def write(tmp_path, text: str, name="doc.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def markup_source(tmp_path):
    rows = [pillar_row("I 「稼げるまち」の実現")]
    for number, text in enumerate(MARKUP, start=1):
        rows.append(program_row(f"施策{text}", number, f"事業{text}", summary=f"概要{text}",
                                division=f"課{text}", kpi1=(f"目標{text}", text, "R5", text, text)))
    return write(tmp_path, page(rows, bureau="企画局"))


def test_markup_in_every_text_column_prints_literally(tmp_path, markup_source):
    out = tmp_path / "out"
    result = cli("build", str(markup_source), "-o", str(out), "--format", "pdf,html,csv", "-q")
    assert result.returncode == 0, result.stderr
    pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out / "主要事務事業_R6-R7.pdf").pages))
    html = (out / "主要事務事業_R6-R7.html").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO((out / "主要事務事業_R6-R7.csv").read_text(encoding="utf-8-sig"))))[1:]
    for number, text in enumerate(MARKUP, start=1):
        for column in ("施策", "事業", "概要", "課", "目標"):
            assert re.sub(r"\s+", "", column + text) in pdf_text
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
        assert f"事業{escaped}" in html, text
        row = rows[number - 1]
        assert row[2:10] == [f"施策{text}", str(number), f"事業{text}", f"事業{text}", f"事業{text}", f"概要{text}",
                             "●", "●"]
        assert row[11:13] == [f"目標{text}", text]
    assert "<b>" not in html and "<link" not in html
    assert all("/Annots" not in p for p in PdfReader(out / "主要事務事業_R6-R7.pdf").pages)


def test_cp932_with_circled_digits_rare_kanji_and_wave_dash(tmp_path):
    row = program_row("施策①", 1, "髙橋～事業", summary="①②③ 髙 ～ ―")
    path = write(tmp_path, page([pillar_row("I 「稼げるまち」の実現"), row], bureau="企画局").replace("\n", "\r\n"),
                 encoding="cp932")
    program = load([str(path)]).programs[0]
    assert program.name.text == "髙橋～事業" and program.summary == "①②③ 髙 ～ ―"  # never NFKC-folded
    out = tmp_path / "out"
    assert cli("build", str(path), "-o", str(out), "--format", "pdf", "-q").returncode == 0
    text = "".join(p.extract_text() for p in PdfReader(out / "主要事務事業_R6-R7.pdf").pages)
    assert "髙橋～事業" in text and "①②③" in text


@pytest.mark.parametrize("budget,amount", [("１２，３４５", 12345), ("△500", -500), ("▲1,000", -1000)])
def test_budget_forms_that_parse(tmp_path, budget, amount):
    path = write(tmp_path, page([pillar_row("I 「稼げるまち」の実現"),
                                 program_row("施策", 1, "事業", budgets=(budget, "1"))], bureau="企画局"))
    assert load([str(path)]).programs[0].budgets[0].amount == amount


def test_budget_12_3a4_is_an_error_naming_line_and_field(tmp_path):
    path = write(tmp_path, page([pillar_row("I 「稼げるまち」の実現"),
                                 program_row("施策", 1, "事業", budgets=("12,3a4", "1"))], bureau="企画局"))
    result = cli("build", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{path}:10: error: R6予算額(千円): 「12,3a4」は金額として読めません" in result.stderr
    assert not (tmp_path / "out").exists() and "Traceback" not in result.stderr


def test_forty_thousand_characters_print_whole(tmp_path):
    long_text = "長" * 40000
    path = write(tmp_path, page([pillar_row("I 「稼げるまち」の実現"),
                                 program_row("施策", 1, "事業", summary=long_text)], bureau="企画局"))
    out = tmp_path / "out"
    assert cli("build", str(path), "-o", str(out), "--format", "pdf,html,csv", "-q").returncode == 0
    pages = PdfReader(out / "主要事務事業_R6-R7.pdf").pages
    assert "".join(p.extract_text() for p in pages).count("長") == 40000
    assert (out / "主要事務事業_R6-R7.html").read_text(encoding="utf-8").count("長") == 40000
    assert (out / "主要事務事業_R6-R7.csv").read_text(encoding="utf-8-sig").count("長") == 40000


@pytest.mark.parametrize("content,message", [
    (b"", "ファイルが空です"),
    (b"\n\n  \n", "ファイルが空です"),
    (bytes(range(256)) * 4, "文字コードを判別できません"),
    ("見出しのない文書\tです\n".encode("utf-8"), "表が見つかりません"),
])
def test_empty_binary_and_headerless_files(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    result = cli("build", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_fifty_megabyte_file_gives_a_bounded_clean_error(tmp_path):
    path = tmp_path / "big.txt"
    line = ("ごみ\t" * 30 + "\n").encode("utf-8")
    with open(path, "wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line)):
            handle.write(line)
    assert path.stat().st_size > 49 * 1024 * 1024
    result = cli("check", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") < 150  # capped, not a million lines
    assert "このファイルの残りは読みません" in result.stderr or "表が見つかりません" in result.stderr


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    import reportgen.readers.decoding as source_text
    monkeypatch.setattr(source_text, "MAX_SOURCE_BYTES", 1000)
    path = write(tmp_path, SEED.read_text(encoding="utf-8"))
    result = read([str(path)])
    assert [f.field for f in result.errors] == ["size"]


def test_control_character_is_reported_with_its_position(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("防犯灯設置事業", "防犯灯\x07設置事業")
    result = read([str(write(tmp_path, text))])
    assert [str(f) for f in result.errors] == [f"{tmp_path / 'doc.txt'}:13: error: text: 制御文字 U+0007 が 3 列目（行の 7 文字目）にあります"]


def test_formula_totals_without_cached_values_are_recomputed_not_lost(tmp_path):
    """openpyxl (like pandas' writers) saves formulas without their values: the totals
    are recomputed from the program rows, and no program row is dropped."""
    import openpyxl

    from reportgen.report.builder import build_report
    out = tmp_path / "out"
    assert cli("build", str(SEED), "-o", str(out), "--format", "xlsx", "-q").returncode == 0
    path = out / "主要事務事業_R6-R7.xlsx"
    book = openpyxl.load_workbook(path)  # formulas kept, cached values dropped on save
    book.save(path)
    with __import__("zipfile").ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert "<f>" in sheet_xml and "SUBTOTAL" in sheet_xml
    reread = load([str(path)])
    assert reread == load([str(SEED)])
    assert build_report(reread).sections[0].total == (2548267, 2878000)
