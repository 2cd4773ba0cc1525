"""Checks across rows: marks against budgets, duplicate numbers."""
from textdoc import page, pillar_row, program_row

from reportgen import Severity, read

PILLAR = pillar_row("I 「稼げるまち」の実現")


def findings(tmp_path, rows):
    path = tmp_path / "doc.txt"
    path.write_text(page(rows, bureau="企画局"), encoding="utf-8")
    return [(f.severity, f.location.line, f.field) for f in read([str(path)]).findings]


def test_seed_has_no_errors_or_warnings(seed_publication):
    from conftest import SEED
    result = read([str(SEED)])
    assert [f for f in result.findings if f.severity is not Severity.NOTICE] == []


def test_mark_without_budget_is_a_warning(tmp_path):
    assert findings(tmp_path, [PILLAR, program_row("施策", 1, "一", budgets=("", "2,000"))]) == [
        (Severity.WARNING, 10, "R6予算額(千円)")]


def test_budget_without_mark_is_an_error(tmp_path):
    assert findings(tmp_path, [PILLAR, program_row("施策", 1, "一", marks=("", "●"))]) == [
        (Severity.ERROR, 10, "R6予算額(千円)")]


def test_program_in_no_year_is_a_warning(tmp_path):
    got = findings(tmp_path, [PILLAR, program_row("施策", 1, "一", marks=("", ""), budgets=("", ""))])
    assert got == [(Severity.WARNING, 10, "●")]


def test_duplicate_numbers_in_a_bureau(tmp_path):
    got = findings(tmp_path, [PILLAR, program_row("施策", 7, "一"), program_row("", 7, "二")])
    assert got == [(Severity.ERROR, 11, "事務事業番号")]


def test_spaces_around_a_division_or_measure_are_errors(tmp_path):
    got = findings(tmp_path, [PILLAR, program_row("施策 ", 1, "一", division="企画課 ")])
    assert sorted(got) == sorted([(Severity.ERROR, 10, "主な施策"), (Severity.ERROR, 10, "担当課")])


def test_control_characters_in_names_are_errors_shown_where_they_are(tmp_path):
    """A line break or U+2028 in a division or measure name (a workbook cell allows them)
    would make another division or break a mail header: refused at reading."""
    from books import bureau, program, publication

    from reportgen.readers.validation import validate
    for bad in ("地域\n振興課", "地域\u2028振興課", "地域\x85振興課", "地域\t振興課"):
        findings = validate(publication(bureau("総務市民局", program(1, division=bad))))
        errors = [f for f in findings if f.severity.value == "error"]
        assert [f.field for f in errors] == ["担当課"], bad
        assert "<U+" in errors[0].message and "地域" in errors[0].message
    measure = validate(publication(bureau("総務市民局", program(1), measure="施策\nA")))
    assert [f.field for f in measure if f.severity.value == "error"] == ["主な施策"]


def test_formula_like_texts_headed_for_the_csv_are_warned_about():
    from books import bureau, program, publication

    from reportgen.readers.validation import validate
    cases = {"=cmd|' /C calc'!A0": True, "@SUM(1)": True, "+cmd": True, "-x": True,
             "+81": False, "-5%": False, "62.8%": False, "R5年度比増加": False, "—": False}
    for text, warned in cases.items():
        findings = validate(publication(bureau("総務市民局", program(1, summary=text))))
        assert [f.field for f in findings if f.severity.value == "warning"] == (["CSV"] if warned else []), text


def test_a_division_name_over_the_limit_is_an_error_and_one_at_it_is_not(tmp_path):
    from reportgen.readers.validation import MAX_DIVISION_NAME
    at_limit = "課" * MAX_DIVISION_NAME
    assert findings(tmp_path, [PILLAR, program_row("施策", 1, "一", division=at_limit)]) == []
    over = at_limit + "課"
    assert findings(tmp_path, [PILLAR, program_row("施策", 1, "一", division=over)]) == [(Severity.ERROR, 10, "担当課")]


def test_a_budget_without_its_mark_in_a_workbook_points_at_the_mark_cell(tmp_path, seed_publication):
    """Not the whole row and no 'shifted columns' (which cannot happen in a workbook)."""
    import openpyxl

    from reportgen.renderers.xlsx.workbook import render_xlsx
    from reportgen.report.builder import build_report
    path = tmp_path / "return.xlsx"
    path.write_bytes(render_xlsx(build_report(seed_publication)))
    book = openpyxl.load_workbook(path)
    sheet = book["総務市民局"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == 3)
    assert sheet.cell(row, 6).value == "●"
    sheet.cell(row, 6).value = None  # the R7 ● removed, the R7 budget left
    book.save(path)
    [finding] = [f for f in read([str(path)]).findings if f.severity is Severity.ERROR]
    assert (finding.location.sheet, finding.location.cell, finding.field) == ("総務市民局", f"F{row}", "R7")
    assert f"R7予算額（S{row}）に 57,740 と入力されていますが、R7欄（F{row}）に「●」がありません" in finding.message
    assert "列ずれ" not in finding.message and f"F{row} に「●」を入力" in finding.message


def test_a_draft_says_which_divisions_have_not_returned(tmp_path, seed_publication):
    from dataclasses import replace

    from reportgen.cycle.rollforward import roll_forward
    from reportgen.model.publication import Returned
    from reportgen.renderers.xlsx.workbook import render_xlsx
    from reportgen.report.builder import build_report
    draft, _ = roll_forward(seed_publication)
    draft = replace(draft, returned=(Returned("総務市民局", "区政推進課", "a.xlsx", "2026-12-01"),))
    path = tmp_path / "draft.xlsx"
    path.write_bytes(render_xlsx(build_report(draft)))
    from reportgen.readers.validation import not_returned
    publication = read([str(path)]).publication
    assert not [f for f in read([str(path)]).findings if f.field == "回収状況"]  # split and collect: no noise
    [warning] = not_returned(publication)
    assert warning.severity is Severity.WARNING
    assert "まだ回収していない課が 3 課" in warning.message and "総務市民局 地域振興課" in warning.message
    assert "区政推進課" not in warning.message
    import subprocess
    import sys
    built = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(path), "-o", str(tmp_path / "out")],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0 and "まだ回収していない課が 3 課" in built.stderr


def _table_without_a_mark(seed_publication):
    """The seed's open-data table with one program's R7 ● taken away, its R7 budget left."""
    import csv
    import io

    from reportgen.renderers.csv import render_csv
    rows = list(csv.reader(io.StringIO(render_csv(seed_publication).decode("utf-8-sig"), newline="")))
    header = rows[0]
    mark, budget = header.index("R7"), header.index("R7予算額(千円)")
    index = next(i for i, r in enumerate(rows) if i and r[mark] == "●" and r[budget])
    rows[index][mark] = ""
    return rows, index, mark, rows[index][budget]


def test_a_budget_without_its_mark_in_a_table_of_programs_points_at_the_mark_not_at_shifted_columns(
        tmp_path, seed_publication):
    """A table finds its columns by their headers: nothing is shifted, and the finding is
    on the ● cell (the CSV's line, the sheet's cell, the DataFrame's row and column)."""
    import csv

    import openpyxl
    from openpyxl.utils import get_column_letter

    from reportgen import read_frame, to_frame
    rows, index, mark, budget = _table_without_a_mark(seed_publication)
    number = int(rows[index][3])
    expected = (f"事業番号 {number}: R7予算額が {budget} ですが、R7の「●」の欄が空です。"
                "R7年度の主要事務事業ならその欄に「●」を入力し、そうでなければR7予算額を消してください")
    with open(tmp_path / "t.csv", "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    book.active.title = "一覧"
    book.save(tmp_path / "t.xlsx")
    for path, where in ((tmp_path / "t.csv", f"{tmp_path / 't.csv'}:{index + 1}"),
                        (tmp_path / "t.xlsx", f"{tmp_path / 't.xlsx'}:一覧!{get_column_letter(mark + 1)}{index + 1}")):
        [finding] = read([str(path)]).errors
        assert (str(finding.location), finding.field, finding.message) == (where, "R7", expected)
    frame = to_frame(seed_publication)
    frame.loc[index - 1, "R7"] = False
    [finding] = read_frame(frame).errors
    typed = expected.replace(f"が {budget} です", f"が {int(budget):,} です")  # a number, as the frame holds it
    assert (str(finding.location), finding.field, finding.message) == (f"DataFrame.loc[{index - 1}, 'R7']", "R7",
                                                                        typed)


def test_a_text_layout_still_hears_its_columns_may_be_shifted(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(page([PILLAR, program_row("施策", 1, "一", marks=("", "●"))], bureau="企画局"), encoding="utf-8")
    [finding] = read([str(path)]).errors
    assert "列ずれの可能性" in finding.message
