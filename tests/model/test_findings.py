"""Findings in Japanese and English: every message has both, and each command prints the one asked for."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SEED
from textdoc import page, pillar_row, program_row

from reportgen import ReportgenError, Severity, read
from reportgen.delivery.address_book import parse_address_book
from reportgen.model.findings import (
    Finding,
    Text,
    english,
    field_label,
    message_language,
)
from reportgen.model.glossary import load_glossary
from reportgen.model.publication import Location
from reportgen.readers.decoding import decode, read_lines
from reportgen.report.templating import render

PILLAR = pillar_row("I 「稼げるまち」の実現")


def run(*args):
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


def write(tmp_path, text: str, name: str = "table.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def only_error(result) -> Finding:
    [finding] = result.errors
    return finding


# ---------------------------------------------------------------- the Finding itself
def test_a_finding_renders_in_japanese_or_english():
    finding = Finding(Severity.ERROR, Location("a.txt", 10), "「x」は金額として読めません", "R7予算額(千円)",
                      '"x" is not an amount')
    assert str(finding) == finding.text("ja") == "a.txt:10: error: R7予算額(千円): 「x」は金額として読めません"
    assert finding.text("en") == 'a.txt:10: error: R7予算額(千円) (Budget FY2025, JPY thousand): "x" is not an amount'
    assert finding.text("ja+en") == str(finding)  # bilingual publications print their messages in Japanese


def test_a_finding_without_english_falls_back_to_japanese():
    finding = Finding(Severity.ERROR, Location("font.ttf"), "フォントファイルがありません", "font")
    assert finding.text("en") == "font.ttf: error: font: フォントファイルがありません"
    assert ReportgenError(finding).text("en") == "font.ttf: error: font: フォントファイルがありません"


def test_a_text_brings_its_english_into_a_finding():
    finding = Finding(Severity.ERROR, Location("a.txt"), Text("空です", "empty"), "")
    assert type(finding.message) is str and finding.message == "空です" and finding.message_en == "empty"
    assert english(ValueError(Text("空です", "empty"))) == "empty"
    assert english(ValueError("plain")) == "plain"


def test_plain_errors_carry_english():
    error = ReportgenError("出力は .xlsx のファイル名にしてください", "the output must be an .xlsx file name")
    assert str(error) == error.text("ja") == "出力は .xlsx のファイル名にしてください"
    assert error.text("en") == "the output must be an .xlsx file name"
    assert ReportgenError("日本語だけ").text("en") == "日本語だけ"  # never empty


def test_field_names_keep_the_document_heading():
    assert field_label("R7予算額(千円)", "ja") == "R7予算額(千円)"
    assert field_label("KPI (成果指標②) R6目標値", "en") == "KPI (成果指標②) R6目標値 (KPI 2 Target FY2024)"
    assert field_label("KPI① R7目標値", "en") == "KPI① R7目標値 (KPI 1 Target FY2025)"
    assert field_label("担当課", "en") == "担当課 (Division in charge)"
    assert field_label("encoding", "en") == "encoding"
    assert message_language("ja+en") == "ja" and message_language("en") == "en"


# ---------------------------------------------------------------- one error of each module, in English
def test_bad_budget(tmp_path):
    path = write(tmp_path, page([PILLAR, program_row("施策A", 1, "一", budgets=("1,000", "2,0O0"))], bureau="企画局"))
    finding = only_error(read([path]))
    assert finding.message_en == ('"2,0O0" is not an amount (use whole numbers, optional 3-digit commas, '
                                  "△ for negative, — for none)")
    assert finding.text("en") == f"{path}:10: error: R7予算額(千円) (Budget FY2025, JPY thousand): " + finding.message_en


def test_header_mismatch(tmp_path):
    text = page([PILLAR, program_row("施策A", 1, "一")], bureau="企画局").replace("担当課", "所管課", 1)
    finding = only_error(read([write(tmp_path, text)]))
    assert (finding.location.line, finding.field) == (7, "header")
    assert finding.message_en == 'column 7 of the header is "所管課" (expected "担当課")'


def test_undecodable_file():
    with pytest.raises(ReportgenError) as caught:
        decode(b"\x82\xa0\x85\x40", "bad.txt")
    [finding] = caught.value.findings
    assert finding.message_en == ("unknown text encoding: invalid byte at offset 0 for UTF-8 "
                                  "and at offset 2 for CP932 (Shift_JIS)")
    assert caught.value.text("en") == "bad.txt: error: encoding: " + finding.message_en


def test_control_character(tmp_path):
    path = tmp_path / "control.txt"
    path.write_bytes("主な施策\ta\x07b\n".encode("utf-8"))
    with pytest.raises(ReportgenError) as caught:
        read_lines(str(path))
    [finding] = caught.value.findings
    assert (finding.location.line, finding.field) == (1, "text")
    assert finding.message_en == "control character U+0007 in column 2 (character 7 of the line)"


def test_duplicate_number(tmp_path):
    path = write(tmp_path, page([PILLAR, program_row("施策A", 1, "一"), program_row("施策A", 1, "二")], bureau="企画局"))
    finding = only_error(read([path]))
    assert (finding.location.line, finding.field) == (11, "事務事業番号")
    assert finding.message_en == f"program number 1 is used twice in 企画局 (first at {path}:10)"


def test_glossary_typo(tmp_path):
    typo = tmp_path / "typo.toml"
    typo.write_text('[labels.nmae]\nen = "x"\n', encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        load_glossary(str(typo))
    assert caught.value.text("en") == f"{typo}: error: glossary: unknown label labels.nmae (check the spelling)"


def test_template_undefined_variable(tmp_path):
    (tmp_path / "note.txt.j2").write_text("{{ nope }}", encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        render("note.txt.j2", str(tmp_path))
    [finding] = caught.value.findings
    assert finding.message_en == "the template uses an undefined value: 'nope' is undefined"


def test_xlsx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_text("主な施策\t事務事業番号\n", encoding="utf-8")
    finding = only_error(read([str(path)]))
    assert finding.message_en == ("not an Excel workbook (.xlsx): the file is not a zip archive "
                                  "(password-protected workbooks and old .xls files cannot be read)")


def test_address_book_two_mailboxes():
    book = parse_address_book('局,担当課,email,cc\n総務市民局,総務課,"a@x.jp, b@x.jp",\n', "book.csv")
    [finding] = book.findings
    assert finding.text("en") == 'book.csv:2: error: email: "a@x.jp, b@x.jp": only one address is allowed here (2 given)'


# ---------------------------------------------------------------- the command line
def test_build_with_lang_en_prints_english(tmp_path):
    source = write(tmp_path, page([PILLAR, program_row("施策", 1, "一", budgets=("1,000", "2,0O0"))], bureau="企画局"),
                   "bad.txt")
    out = tmp_path / "out"
    result = run("build", source, "-o", str(out), "--lang", "en")
    assert result.returncode == 1
    assert (f'{source}:10: error: R7予算額(千円) (Budget FY2025, JPY thousand): "2,0O0" is not an amount'
            in result.stderr)
    assert "Nothing was written because of the errors." in result.stderr
    assert "Traceback" not in result.stderr and "金額" not in result.stderr
    assert not out.exists()
    japanese = run("build", source, "-o", str(out), "--lang", "en", "--messages", "ja")
    assert f"{source}:10: error: R7予算額(千円): 「2,0O0」は金額として読めません" in japanese.stderr
    bilingual = run("build", source, "-o", str(out), "--lang", "ja+en")
    assert "エラーのため、ファイルは何も書き出していません。" in bilingual.stderr


def test_messages_option_for_commands_without_lang(tmp_path):
    for args in (("--messages", "en", "rollforward", str(SEED), "-o", "draft.csv"),
                 ("rollforward", str(SEED), "-o", "draft.csv", "--messages", "en")):
        result = run(*args)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines() == ["-o draft.csv: the output must be an .xlsx file name",
                                              "Nothing was written because of the errors."]


def test_check_summary_in_english():
    result = run("check", str(SEED), "--messages", "en", "-q")
    assert result.returncode == 0 and result.stdout == "checked 10 programs: 0 errors, 0 warnings\n"
