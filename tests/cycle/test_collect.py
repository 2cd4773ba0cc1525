"""The annual cycle end to end: roll forward, split, divisions edit, collect, print, diff."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from clients import soffice
from conftest import ROOT, SEED
from pypdf import PdfReader

import reportgen.model.columns as col
from reportgen import load
from reportgen.cycle.collect import collect
from reportgen.cycle.diff import compare
from reportgen.report.builder import build_report


def cli(*args):
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True, cwd=ROOT)
    return result


def program_rows(sheet) -> dict[int, int]:
    """Program number -> sheet row (column B holds the number)."""
    rows = {}
    for row in range(6, sheet.max_row + 1):
        value = sheet.cell(row=row, column=col.NUMBER + 1).value
        if value is not None and str(value).strip().isdigit():
            rows[int(value)] = row
    return rows


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cycle")
    draft = tmp / "draft.xlsx"
    assert cli("rollforward", str(SEED), "-o", str(draft), "-q").returncode == 0
    out = tmp / "divisions"
    result = cli("split", str(draft), "-o", str(out), "--format", "xlsx", "-q")
    assert result.returncode == 0, result.stderr
    return tmp, draft, out


def edit(path: Path, edits: dict[int, dict[int, object]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[book.sheetnames[-1]]
    rows = program_rows(sheet)
    for number, cells in edits.items():
        for column, value in cells.items():
            sheet.cell(row=rows[number], column=column + 1).value = value
    book.save(path)


EDITS = {
    "女性の働く社会推進室": {1: {col.MARK_SECOND: "●", col.BUDGET_SECOND: 2300}},
    "区政推進課": {2: {col.MARK_SECOND: "●", col.BUDGET_SECOND: 58000, col.SUMMARY: "証明書コンビニ交付を続ける。"}},
    "安全・安心推進課": {3: {col.MARK_SECOND: "●", col.BUDGET_SECOND: 40000},
                     5: {col.MARK_SECOND: "●", col.BUDGET_SECOND: 10100, 11: "R7年度比増"}},
    "地域振興課": {10: {col.MARK_SECOND: "●", col.BUDGET_SECOND: 30000}},
}


def test_division_workbooks_protect_the_settled_columns(cycle):
    _, _, out = cycle
    book = openpyxl.load_workbook(out / "総務市民局_地域振興課.xlsx")
    sheet = book["総務市民局"]
    assert sheet.protection.sheet and not sheet.protection.password
    row = program_rows(sheet)[10]
    locked = {c: sheet.cell(row=row, column=c + 1).protection.locked for c in range(col.COLUMN_COUNT)}
    assert not locked[col.BUDGET_SECOND] and not locked[col.MARK_SECOND] and not locked[col.SUMMARY]
    assert locked[col.NUMBER] and locked[col.NAME] and locked[col.BUDGET_FIRST] and locked[col.MARK_FIRST]
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    budget = next(dv for ref, dv in validations.items() if ref.startswith("S"))
    assert (budget.type, budget.operator, budget.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert sheet["E3"].value is None and sheet.cell(row=4, column=5).value == "R7"  # the draft's years


def test_edit_collect_print_and_diff(cycle, tmp_path):
    _, draft, out = cycle
    returned = tmp_path / "returned"
    returned.mkdir()
    for division, edits in EDITS.items():
        target = returned / f"総務市民局_{division}.xlsx"
        shutil.copy(out / f"総務市民局_{division}.xlsx", target)
        edit(target, edits)
    # one division saves through a real office suite
    resaved = tmp_path / "resaved"
    soffice(returned / "総務市民局_地域振興課.xlsx", "xlsx", resaved)
    shutil.copy(resaved / "総務市民局_地域振興課.xlsx", returned / "総務市民局_地域振興課.xlsx")

    merged = tmp_path / "merged.xlsx"
    result = cli("collect", str(returned), "--into", str(draft), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    assert "今回取り込んだ課 4、前回までに取り込み済み 0、未回収 0" in result.stdout
    again = tmp_path / "merged-again.xlsx"
    assert cli("collect", str(returned), "--into", str(merged), "-o", str(again)).returncode == 0
    assert load([str(again)]) == load([str(merged)])  # merging twice changes nothing

    edition = load([str(merged)])
    programs = {p.number: p for p in edition.programs}
    assert edition.years.codes == ("R7", "R8")
    assert programs[2].budgets[1].amount == 58000 and programs[2].summary == "証明書コンビニ交付を続ける。"
    assert programs[10].major == (True, True) and programs[10].budgets[1].amount == 30000
    assert programs[4].budgets[1].amount is None and programs[4].major == (True, False)

    pdf_dir = tmp_path / "pdf"
    assert cli("build", str(merged), "-o", str(pdf_dir), "--format", "pdf", "-q").returncode == 0
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf_dir / "主要事務事業_R7-R8.pdf").pages))
    assert "令和7年度・令和8年度" in text and "R8予算額(千円)" in text
    assert "2,129,365" not in text  # the R6 figures are gone; R7's moved first
    assert "2,423,778" in text and "58,000" in text and "30,000" in text

    changes = compare(load([str(draft)]), edition)
    got = sorted((c.number, c.kind, c.field, c.new) for c in changes.changes)
    assert got == sorted([
        (1, "mark", "R8", "●"), (1, "budget", "R8予算額(千円)", "2,300"),
        (2, "mark", "R8", "●"), (2, "budget", "R8予算額(千円)", "58,000"),
        (2, "text", "事業概要", "証明書コンビニ交付を続ける。"),
        (3, "mark", "R8", "●"), (3, "budget", "R8予算額(千円)", "40,000"),
        (5, "mark", "R8", "●"), (5, "budget", "R8予算額(千円)", "10,100"), (5, "text", "KPI① R8目標値", "R7年度比増"),
        (10, "mark", "R8", "●"), (10, "budget", "R8予算額(千円)", "30,000"),
    ])


def test_missing_division_is_listed(cycle, tmp_path):
    _, draft, out = cycle
    result = collect(load([str(draft)]), [str(out / "総務市民局_区政推進課.xlsx")])
    assert result.publication is not None
    assert sorted(d for _, d in result.missing) == sorted(["女性の働く社会推進室", "安全・安心推進課", "地域振興課"])


def hostile(cycle, tmp_path, division, edits):
    _, draft, out = cycle
    target = tmp_path / "back.xlsx"
    shutil.copy(out / f"総務市民局_{division}.xlsx", target)
    edit(target, edits)
    result = collect(load([str(draft)]), [str(target)])
    assert result.publication is None
    return [(f.field, f.message) for f in result.findings if f.severity.value == "error"]


def test_a_program_of_another_division(cycle, tmp_path):
    errors = hostile(cycle, tmp_path, "区政推進課", {2: {col.NUMBER: 3}})
    assert ("担当課", "事業番号 3 は 安全・安心推進課 の事業です") in errors
    assert any("事業番号 2" in m and "削除はできません" in m for _, m in errors)


def test_a_changed_settled_column(cycle, tmp_path):
    errors = hostile(cycle, tmp_path, "地域振興課", {8: {col.BUDGET_FIRST: 1}})
    assert errors == [("R7予算額(千円)", "事業番号 8 のR7予算額(千円)は変更できません（「2,423,778」→「1」）")]


def test_a_changed_settled_column_in_english(cycle, tmp_path):
    _, draft, out = cycle
    target = tmp_path / "back.xlsx"
    shutil.copy(out / "総務市民局_地域振興課.xlsx", target)
    edit(target, {8: {col.BUDGET_FIRST: 1}})
    result = collect(load([str(draft)]), [str(target)])
    [error] = [f for f in result.findings if f.severity.value == "error"]
    assert error.message_en == 'program 8: R7予算額(千円) cannot be changed ("2,423,778" → "1")'
    assert error.text("en").endswith(': error: R7予算額(千円) (Budget FY2025, JPY thousand): ' + error.message_en)


def test_text_in_a_budget_cell(cycle, tmp_path):
    errors = hostile(cycle, tmp_path, "地域振興課", {8: {col.BUDGET_SECOND: "未定"}})
    assert len(errors) == 1 and "未定" in errors[0][1] and errors[0][0] == "R8予算額(千円)"


@pytest.mark.parametrize("value", ["△500", -500, "1,000", "500"])
def test_a_return_budget_follows_the_workbooks_own_rule(cycle, tmp_path, value):
    """The division workbook's validation allows whole numbers ≥ 0 only; collect applies the same rule
    (a published text may say △500; a return may not)."""
    errors = hostile(cycle, tmp_path, "地域振興課", {8: {col.BUDGET_SECOND: value}})
    assert len(errors) == 1 and errors[0][0] == "R8予算額(千円)"
    assert "0 以上の整数" in errors[0][1] and f"「{value}」は使えません" in errors[0][1]


def test_a_workbook_for_the_wrong_division_twice(cycle, tmp_path):
    _, draft, out = cycle
    first = out / "総務市民局_区政推進課.xlsx"
    second = tmp_path / "copy.xlsx"
    shutil.copy(first, second)
    result = collect(load([str(draft)]), [str(first), str(second)])
    assert result.publication is None
    assert any("区政推進課 の回答が二つあります" in f.message for f in result.findings)


def test_a_returned_file_that_is_not_a_workbook(cycle, tmp_path):
    _, draft, _ = cycle
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"this is not a workbook")
    result = cli("collect", str(fake), "--into", str(draft), "-o", str(tmp_path / "merged.xlsx"))
    assert result.returncode == 1 and "fake.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "merged.xlsx").exists()


def test_a_workbook_of_another_edition(cycle, tmp_path):
    _, draft, _ = cycle
    other = tmp_path / "other"
    assert cli("split", str(SEED), "-o", str(other), "--format", "xlsx", "-q").returncode == 0
    result = collect(load([str(draft)]), [str(other / "総務市民局_地域振興課.xlsx")])
    assert result.publication is None
    assert [f.field for f in result.findings if f.severity.value == "error"] == ["年度"]


def test_a_changed_measure(cycle, tmp_path):
    errors = hostile(cycle, tmp_path, "安全・安心推進課", {3: {col.MEASURE: "別の施策"}})
    assert any(field == "主な施策" and "事業番号 3" in message and "別の施策" in message for field, message in errors)


def test_collect_takes_exactly_the_division_input_columns_the_workbook_leaves_open():
    """One definition (model/columns.DIVISION_INPUTS) for the division workbook's unlocked
    cells and for what collect takes from a return: a return that differs from the
    draft in every column gives a merge that takes exactly those columns."""
    from reportgen.cycle.collect import _merged
    from reportgen.model.publication import (
        BaselineYear,
        Budget,
        Bureau,
        FiscalYears,
        Kpi,
        Measure,
        Pillar,
        Program,
        ProgramName,
        Publication,
    )

    def program(tag: str, marks, budgets) -> Program:
        kpis = tuple(Kpi(f"{tag}目標{k}", f"{tag}基準{k}", BaselineYear(f"R{k + 3}" if tag == "前" else f"H{k + 20}", None),
                         (f"{tag}値{k}a", f"{tag}値{k}b")) for k in (1, 2))
        return Program(number=1, name=ProgramName(f"{tag}名", (f"{tag}名", f"{tag}名")), summary=f"{tag}概要",
                       major=marks, division="課", kpis=kpis, budgets=tuple(Budget(b) for b in budgets))

    def cells(p: Program) -> list[str]:
        pub = Publication("題", FiscalYears(2025, 2026), (), (Bureau("局", (Pillar("I", "柱", (Measure("施策", (p,)),)),)),))
        row = next(r for r in build_report(pub).sections[0].rows if r.kind.value == "program")
        return [c.text for c in row.cells]

    draft, back = program("前", (True, False), (100, None)), program("後", (False, True), (None, 200))
    merged = cells(_merged(draft, back))
    taken = {i for i, (m, d, b) in enumerate(zip(merged, cells(draft), cells(back))) if m == b != d}
    kept = {i for i, (m, d, b) in enumerate(zip(merged, cells(draft), cells(back))) if m == d}
    assert taken == set(col.DIVISION_INPUTS)
    assert kept | taken == set(range(col.COLUMN_COUNT))


def test_a_formula_in_a_return_is_refused_whatever_value_it_stores(cycle, tmp_path):
    """A forged cached value (=1+1 stored as 777) used to be merged as 777 without a word."""
    import re
    import zipfile
    _, draft, out = cycle
    source = out / "総務市民局_地域振興課.xlsx"
    back = tmp_path / "back.xlsx"
    sheet = openpyxl.load_workbook(source)["総務市民局"]
    row = program_rows(sheet)[8]
    cell = f"S{row}"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(back, "w", zipfile.ZIP_DEFLATED) as forged:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.startswith("xl/worksheets/") and f'r="{cell}"'.encode() in data:
                # the cell as XlsxWriter wrote it, empty (<c …/>) or with a value, made a formula
                data, count = re.subn(rf'<c r="{cell}"( [^>/]*)(?:/>|>.*?</c>)'.encode(),
                                      rf'<c r="{cell}"\1><f>1+1</f><v>777</v></c>'.encode(), data)
                assert count == 1
            forged.writestr(info, data)
    result = collect(load([str(draft)]), [str(back)])
    assert result.publication is None
    errors = [f for f in result.findings if f.severity.value == "error"]
    assert [(f.location.cell, "数式" in f.message) for f in errors] == [(cell, True)]
    # `check` of the same file (not a return) still reads it, with a notice naming the formula
    assert read_notices(back) and any("1+1" in m for m in read_notices(back))


def read_notices(path) -> list[str]:
    from reportgen import read
    return [f.message for f in read([str(path)]).findings if f.severity.value == "notice"]


def collection_rows(path: Path) -> dict[str, tuple]:
    """The draft's 回収状況 sheet: division -> (status, file, day)."""
    sheet = openpyxl.load_workbook(path)["回収状況"]
    rows = {}
    for row in sheet.iter_rows(min_row=1, values_only=True):
        if row[1] and row[0] != "局" and row[2] in ("回収済", "未回収"):
            rows[row[1]] = (row[2], row[3], row[4])
    return rows


def test_the_draft_lists_every_division_as_not_yet_returned(cycle):
    _, draft, _ = cycle
    assert collection_rows(draft) == {d: ("未回収", None, None) for d in
                                      ("女性の働く社会推進室", "区政推進課", "安全・安心推進課", "地域振興課")}


def test_batches_remember_what_earlier_batches_merged(cycle, tmp_path):
    """collect b2 --into merged_after_b1.xlsx knows b1's division has returned."""
    _, draft, out = cycle
    first, second = tmp_path / "b1", tmp_path / "b2"
    for batch, division in ((first, "区政推進課"), (second, "地域振興課")):
        batch.mkdir()
        shutil.copy(out / f"総務市民局_{division}.xlsx", batch)
        edit(batch / f"総務市民局_{division}.xlsx", EDITS[division])
    after_first = tmp_path / "merged_after_b1.xlsx"
    result = cli("collect", str(first), "--into", str(draft), "-o", str(after_first))
    assert result.returncode == 0, result.stderr
    assert "今回取り込んだ課 1、前回までに取り込み済み 0、未回収 3" in result.stdout
    after_second = tmp_path / "merged_after_b2.xlsx"
    result = cli("collect", str(second), "--into", str(after_first), "-o", str(after_second))
    assert result.returncode == 0, result.stderr
    assert "今回取り込んだ課 1、前回までに取り込み済み 1、未回収 2" in result.stdout
    rows = collection_rows(after_second)
    assert rows["区政推進課"][:2] == ("回収済", "総務市民局_区政推進課.xlsx")
    assert rows["地域振興課"][:2] == ("回収済", "総務市民局_地域振興課.xlsx")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows["地域振興課"][2])
    assert rows["安全・安心推進課"] == ("未回収", None, None)
    merged = load([str(after_second)])
    by_number = {p.number: p for p in merged.programs}
    assert by_number[2].budgets[1].amount == 58000 and by_number[10].budgets[1].amount == 30000  # both batches
    status = cli("collect", "--into", str(after_second), "--status")
    assert status.returncode == 0, status.stderr
    assert "回収済  総務市民局 区政推進課（総務市民局_区政推進課.xlsx、" in status.stdout
    assert "未回収  総務市民局 安全・安心推進課" in status.stdout
    assert "回収済 2 課、未回収 2 課" in status.stdout


@pytest.mark.parametrize("name,data,words", [
    ("総務市民局_地域振興課.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "ブックを開けません"),
    ("回答.pdf", b"%PDF-1.7\n", "表のファイルではありません（PDF）"),
    ("回答.csv", "局,担当課\n".encode(), "送ったブック（.xlsx）のはずですが、これは .csv です"),
    ("写真.png", b"\x89PNG\r\n\x1a\n", "表のファイルではありません（PNG）"),
])
def test_every_file_in_a_returns_folder_is_read_or_refused_by_name(cycle, tmp_path, name, data, words):
    """Nothing in the folder is passed over: a file that is not a workbook stops the merge."""
    _, draft, out = cycle
    returned = tmp_path / "returned"
    returned.mkdir()
    shutil.copy(out / "総務市民局_区政推進課.xlsx", returned)
    (returned / name).write_bytes(data)
    (returned / "~$総務市民局_区政推進課.xlsx").write_bytes(b"lock")  # Excel's lock file: not a return
    result = cli("collect", str(returned), "--into", str(draft), "-o", str(tmp_path / "merged.xlsx"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{returned / name}: error: source: " in result.stderr and words in result.stderr
    assert "byte offset" not in result.stderr and "文字コード" not in result.stderr
    assert not (tmp_path / "merged.xlsx").exists()


def test_returns_saved_as_xlsx_xls_and_ods_in_one_folder_are_all_merged(cycle, tmp_path):
    """Divisions save in Excel 97-2003 or LibreOffice's own format; every edit arrives."""
    _, draft, out = cycle
    edited = tmp_path / "edited"
    edited.mkdir()
    for division, edits in EDITS.items():
        shutil.copy(out / f"総務市民局_{division}.xlsx", edited)
        edit(edited / f"総務市民局_{division}.xlsx", edits)
    returned = tmp_path / "returned"
    returned.mkdir()
    saved_as = {"女性の働く社会推進室": "xls", "区政推進課": "ods", "安全・安心推進課": "ods", "地域振興課": "xlsx"}
    for division, kind in saved_as.items():
        source = edited / f"総務市民局_{division}.xlsx"
        if kind == "xlsx":
            shutil.copy(source, returned)
        else:
            soffice(source, kind, returned)
    assert sorted(p.suffix for p in returned.iterdir() if p.is_file()) == [".ods", ".ods", ".xls", ".xlsx"]
    merged = tmp_path / "merged.xlsx"
    result = cli("collect", str(returned), "--into", str(draft), "-o", str(merged))
    assert result.returncode == 0, result.stderr
    assert "今回取り込んだ課 4、前回までに取り込み済み 0、未回収 0" in result.stdout
    # the .xls return says that its formulas could not be checked; an .ods names its formulas
    assert result.stderr.count("数式のセルを見分けられない") == 1 and "女性の働く社会推進室.xls" in result.stderr
    programs = {p.number: p for p in load([str(merged)]).programs}
    for edits in EDITS.values():
        for number, cells in edits.items():
            program = programs[number]
            for column, value in cells.items():
                if column == col.BUDGET_SECOND:
                    assert program.budgets[1].amount == value, (number, column)
                elif column == col.MARK_SECOND:
                    assert program.major[1] is True
                elif column == col.SUMMARY:
                    assert program.summary == value
                else:
                    assert value in [c for k in program.kpis for c in k.cells], (number, column)
    rows = collection_rows(merged)
    assert {d: r[1] for d, r in rows.items()} == {
        d: f"総務市民局_{d}.{kind}" for d, kind in saved_as.items()}


def test_a_fraction_in_a_text_cell_of_an_ods_return_is_asked_for_as_text(cycle, tmp_path):
    """calamine cannot tell 0.5 shown as 50% from 0.5: the reader says so instead of guessing."""
    _, draft, out = cycle
    source = tmp_path / "総務市民局_地域振興課.xlsx"
    shutil.copy(out / source.name, source)
    edit(source, {10: {11: 0.5}})  # R8 target typed as a number
    returned = tmp_path / "returned"
    returned.mkdir()
    soffice(source, "ods", returned)
    result = cli("collect", str(returned), "--into", str(draft), "-o", str(tmp_path / "merged.xlsx"))
    assert result.returncode == 1 and "数値 0.5 が入っています" in result.stderr
    assert re.search(r"総務市民局_地域振興課\.ods:総務市民局!L\d+: error:", result.stderr), result.stderr


def test_a_formula_in_an_ods_return_is_refused_as_in_an_xlsx(cycle, tmp_path):
    """LibreOffice keeps a typed formula as a formula: the return takes values only."""
    _, draft, out = cycle
    source = tmp_path / "総務市民局_地域振興課.xlsx"
    shutil.copy(out / source.name, source)
    edit(source, {10: {col.BUDGET_SECOND: "=20000+10000"}})
    returned = tmp_path / "returned"
    returned.mkdir()
    soffice(source, "ods", returned)
    result = cli("collect", str(returned), "--into", str(draft), "-o", str(tmp_path / "merged.xlsx"))
    assert result.returncode == 1, result.stdout
    assert re.search(r"総務市民局_地域振興課\.ods:総務市民局!S\d+: error: .*数式", result.stderr), result.stderr
