"""The command line, run as a user runs it (a subprocess)."""
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT, SEED
from textdoc import page, pillar_row, program_row


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8")


def test_build_csv_from_the_seed(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path), "--format", "csv", "--quiet")
    assert result.returncode == 0, result.stderr
    assert os.listdir(tmp_path) == ["主要事務事業_R6-R7.csv"]
    assert result.stderr == ""


def test_check_prints_notices_and_exits_zero():
    result = run("check", str(SEED))
    assert result.returncode == 0
    assert result.stderr.count(": notice: ") == 8
    assert "10 事業を検査: エラー 0 件、警告 0 件" in result.stdout


def test_bad_budget_exits_1_names_file_line_field_writes_nothing(tmp_path):
    source = tmp_path / "bad.txt"
    source.write_text(page([pillar_row("I 「稼げるまち」の実現"),
                            program_row("施策", 1, "一", budgets=("1,000", "2,0O0"))], bureau="企画局"),
                      encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(source), "-o", str(out))
    assert result.returncode == 1
    assert f"{source}:10: error: R7予算額(千円): 「2,0O0」は金額として読めません" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    check = run("check", str(source))
    assert check.returncode == 1 and f"{source}:10: error:" in check.stderr


def test_bad_input_does_not_replace_the_previous_edition(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(SEED), "-o", str(out), "--format", "csv").returncode == 0
    before = (out / "主要事務事業_R6-R7.csv").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED.read_text(encoding="utf-8").replace("59,052", "59,O52"), encoding="utf-8")
    assert run("build", str(bad), "-o", str(out), "--format", "csv", "--name", "主要事務事業_R6-R7").returncode == 1
    assert (out / "主要事務事業_R6-R7.csv").read_bytes() == before


def test_usage_errors_exit_2(tmp_path):
    assert run("build", "--paper", "b5").returncode == 2
    assert run("frobnicate").returncode == 2


def test_unknown_format_and_missing_source_exit_1(tmp_path):
    result = run("build", str(SEED), "--format", "docx", "-o", str(tmp_path / "o"))
    assert result.returncode == 1 and "docx" in result.stderr
    result = run("build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o"))
    assert result.returncode == 1 and "nope.txt" in result.stderr and "Traceback" not in result.stderr


def test_sources_default_to_the_project_seeds(tmp_path):
    result = run("check", "-q")
    assert result.returncode == 0 and "10 事業" in result.stdout


def test_python_api_build(tmp_path):
    import reportgen
    written, result = reportgen.build([str(SEED)], str(tmp_path), ["csv"])
    assert len(written) == 1 and result.publication.programs[0].number == 1
    assert reportgen.load(str(SEED)) == result.publication


def test_build_pdf_a4_with_the_shipped_font(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path), "--format", "pdf,csv", "--paper", "a4", "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == ["主要事務事業_R6-R7.csv", "主要事務事業_R6-R7.pdf"]
    assert (tmp_path / "主要事務事業_R6-R7.pdf").read_bytes().startswith(b"%PDF-")


def test_missing_font_file_exits_1_and_writes_nothing(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path / "o"), "--font", str(tmp_path / "none.ttf"))
    assert result.returncode == 1 and "none.ttf" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


def test_english_pdf_and_html_headings(tmp_path):
    import io
    import re

    from pypdf import PdfReader
    result = run("build", str(SEED), "-o", str(tmp_path), "--format", "pdf,html,csv", "--lang", "en", "-q")
    assert result.returncode == 0, result.stderr
    pdf = PdfReader(io.BytesIO((tmp_path / "Major-Programs_FY2024-FY2025.pdf").read_bytes()))
    text = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    for heading in ("Major Programs under the Main Measures of the New Vision (FY2024/FY2025)",
                    "General Affairs and Citizens Bureau", "Unit: JPY thousand", "Indicator", "Baseline"):
        assert heading in text
    html = (tmp_path / "Major-Programs_FY2024-FY2025.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and ">Budget FY2025 (JPY thousand)</th>" in html
    csv_header = (tmp_path / "Major-Programs_FY2024-FY2025.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert csv_header.startswith("Bureau,Strategy,Measure,No.,Program,")
    both = tmp_path / "both"
    assert run("build", str(SEED), "-o", str(both), "--format", "pdf", "--lang", "ja+en", "-q").returncode == 0
    bilingual = both / "主要事務事業_R6-R7_Major-Programs_FY2024-FY2025.pdf"
    text = re.sub(r"\s+", "", PdfReader(io.BytesIO(bilingual.read_bytes())).pages[0].extract_text())
    for heading in ("主要事務事業名/Program", "総務市民局/GeneralAffairsandCitizensBureau", "単位：千円/Unit:JPYthousand"):
        assert heading in text


def test_check_lists_untranslated_names_for_english():
    result = run("check", str(SEED), "--lang", "en")
    assert result.returncode == 0
    assert "no English translation for 「防犯カメラ運用事業」: it prints in Japanese" in result.stderr
    japanese = run("check", str(SEED), "--lang", "en", "--messages", "ja")
    assert "英訳がありません: 「防犯カメラ運用事業」" in japanese.stderr


def test_two_builds_give_identical_checksums(tmp_path):
    sums = []
    for name in ("first", "second"):
        result = run("build", str(SEED), "-o", str(tmp_path / name), "--format", "pdf,html,csv", "--checksums", "-q")
        assert result.returncode == 0, result.stderr
        sums.append((tmp_path / name / "SHA256SUMS").read_text(encoding="utf-8"))
    assert sums[0] == sums[1]
    assert [line.split("  ")[1] for line in sums[0].splitlines()] == sorted(
        ["主要事務事業_R6-R7.csv", "主要事務事業_R6-R7.html", "主要事務事業_R6-R7.pdf"])
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "first", capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_defusedxml_is_required_at_start_up(monkeypatch, capsys):
    import openpyxl

    import reportgen.cli.commands as cli
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    assert cli.main(["check", str(SEED)]) == 1
    assert "defusedxml" in capsys.readouterr().err


# ---------------------------------------------------------------- the parser speaks the messages' language

ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "invalid choice",
                    "the following arguments are required", "unrecognized arguments", "expected one argument",
                    "error:")
COMMAND_NAMES = ("build", "split", "mail", "rollforward", "collect", "diff", "check")


@pytest.mark.parametrize("command", ("",) + COMMAND_NAMES)
def test_every_help_is_japanese_by_default_and_english_with_messages_en(command):
    words = [command] if command else []
    japanese = run(*words, "--help")
    assert japanese.returncode == 0 and "使い方:" in japanese.stdout
    assert not [w for w in ARGPARSE_ENGLISH if w in japanese.stdout], japanese.stdout
    english = run("--messages", "en", *words, "--help") if not command else run(*words, "--messages", "en", "--help")
    assert english.returncode == 0 and "usage:" in english.stdout
    assert not re.search(r"[\u3040-\u30ff]", english.stdout.replace("R6/R7 → R7/R8", "")), english.stdout


@pytest.mark.parametrize("arguments,japanese,english", [
    (["build", "--paper", "b5"], "'b5' は選べません", "invalid choice: 'b5'"),
    ([], "次の引数が必要です: COMMAND", "the following arguments are required: COMMAND"),
    (["collect"], "次の引数が必要です: --into", "the following arguments are required: --into"),
    (["build", "--zz"], "知らない引数があります: --zz", "unrecognized arguments: --zz"),
    (["build", "--paper"], "--paper: 値を一つ指定してください", "--paper: expected one argument"),
])
def test_usage_errors_in_the_messages_language(arguments, japanese, english):
    result = run(*arguments)
    assert result.returncode == 2 and japanese in result.stderr and "使い方:" in result.stderr
    assert not [w for w in ARGPARSE_ENGLISH if w in result.stderr], result.stderr
    result = run("--messages", "en", *arguments) if not arguments else run(*arguments, "--messages", "en")
    assert result.returncode == 2 and english in result.stderr and not re.search(r"[\u3040-\u30ff]", result.stderr)


def test_check_refuses_what_build_would_refuse(tmp_path):
    """check is build without writing: a character the shipped font lacks passes the
    reader but not the PDF; check must say so, with exit 1, as build does."""
    path = tmp_path / "glyph.txt"
    path.write_text(page([pillar_row("I 「稼げるまち」の実現"), program_row("施策", 1, "𠮷野家支援事業")], "総務市民局"),
                    encoding="utf-8")
    checked = run("check", str(path))
    built = run("build", str(path), "-o", str(tmp_path / "out"))
    assert checked.returncode == built.returncode == 1
    assert "𠮷" in checked.stderr and "フォント" in checked.stderr and "エラー 1 件" in checked.stdout
    assert not (tmp_path / "out").exists()


def test_the_open_data_csv_builds_the_same_edition_in_every_format(tmp_path):
    assert run("build", str(SEED), "-o", str(tmp_path / "seed"), "-q").returncode == 0
    csv_path = tmp_path / "seed" / "主要事務事業_R6-R7.csv"
    result = run("build", str(csv_path), "-o", str(tmp_path / "again"), "-q")
    assert result.returncode == 0, result.stderr
    names = sorted(os.listdir(tmp_path / "seed"))
    assert names == sorted(os.listdir(tmp_path / "again")) and len(names) == 4
    for name in names:
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "seed" / name).read_bytes(), name


def test_a_table_missing_columns_exits_1_naming_them_and_writes_nothing(tmp_path):
    source = tmp_path / "table.csv"
    source.write_text("局,重点戦略,主な施策,事業番号,事業名,R6,R7,メモ\n総務局,I 戦略,施策,1,事業,●,●,\n",
                      encoding="utf-8")
    result = run("build", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    kpi = "、".join(f"「KPI (成果指標{n}) {h}」" for n in "①②" for h in ("事業目標", "基準値", "基準年度", "R6目標値", "R7目標値"))
    assert f"{source}:1: error: header: 必要な列が 14 列ありません: 「事業概要」、「担当課」、{kpi}、「R6予算額(千円)」、" \
           f"「R7予算額(千円)」。見出しをこの名前にしてください" in result.stderr.splitlines()
    assert not (tmp_path / "out").exists()
    checked = run("check", str(source))  # check lists the notices beside the errors
    assert checked.returncode == 1
    assert f"{source}:1: notice: header: 列「メモ」は主要事務事業の表の列ではないので読みません" in checked.stderr
