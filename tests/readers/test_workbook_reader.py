"""Reading workbooks back: the round trip, a division's edits, and hostile files."""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
import pytest
from books import SHEET, bureau, program, program_rows, publication
from clients import soffice
from conftest import SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportgen.model.columns as col
import reportgen.readers.workbook as xlsx_loader
from reportgen import Severity, load
from reportgen.model.divisions import split_publication
from reportgen.model.era import parse_year
from reportgen.model.findings import errors_in
from reportgen.model.publication import (
    BaselineYear,
    Budget,
    Bureau,
    FiscalYears,
    Kpi,
    Measure,
    Pillar,
    Program,
    Publication,
    empty_kpi,
)
from reportgen.readers.text import split_name
from reportgen.readers.tree import PublicationTree
from reportgen.readers.workbook import load_xlsx_files
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import build_report
from reportgen.report.labels import labels_for


def read_back(*paths) -> tuple[Publication | None, list]:
    tree, findings = PublicationTree(), []
    load_xlsx_files([str(p) for p in paths], tree, findings)
    return (tree.build() if tree.years else None), findings


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def seed():
    return load([str(SEED)])


@pytest.fixture
def seed_file(tmp_path, seed) -> Path:
    return write(tmp_path / "seed.xlsx", render_xlsx(build_report(seed)))


def errors(findings) -> list:
    return errors_in(findings)


# ---------------------------------------------------------------- round trip

@pytest.mark.parametrize("subtotals", ["pillar", "measure"])
def test_seed_round_trip_is_equal(tmp_path, seed, subtotals):
    path = write(tmp_path / "seed.xlsx", render_xlsx(build_report(seed, subtotals)))
    result, findings = read_back(path)
    assert findings == []
    assert result == seed
    program9 = [p for p in result.programs if p.number == 9][0]
    assert program9.name.text == "多世代が参加・交流できる自治会活動支援事業(R6)協働による地域の活性化支援事業(R7)"
    assert program9.name.renamed
    assert result.footnotes == seed.footnotes and result.title == seed.title
    assert program9.source.sheet == SHEET and program9.source.cell.startswith("A")


def test_division_workbooks_read_back_under_their_bureau(tmp_path, seed):
    for index, part in enumerate(split_publication(seed)):
        report = build_report(part.publication, division=part.division)
        assert report.sections[0].heading == f"{SHEET}　{part.division}"
        path = write(tmp_path / f"part{index}.xlsx", render_xlsx(report))
        result, findings = read_back(path)
        assert findings == [] and result == part.publication


def test_years_come_from_the_header(tmp_path):
    years = FiscalYears(2025, 2026)
    prog = program(1, name="旧名(R7)新名(R8)", codes=("R7", "R8"))
    pub = publication(bureau(SHEET, prog), years=years, title="令和7年度・令和8年度の主要事務事業")
    path = write(tmp_path / "next.xlsx", render_xlsx(build_report(pub)))
    ws = openpyxl.load_workbook(path)[SHEET]
    assert (ws["E4"].value, ws["F4"].value) == ("R7", "R8")
    result, findings = read_back(path)
    assert findings == [] and result == pub
    assert result.years == years and result.programs[0].name.by_year == ("旧名", "新名")


def test_several_bureaus_and_files(tmp_path):
    first = publication(bureau("政策局", program(1), program(2)), bureau("総務市民局", program(1)))
    path = write(tmp_path / "city.xlsx", render_xlsx(build_report(first)))
    result, findings = read_back(path)
    assert findings == [] and result == first
    # the same bureau in two files is an error of the tree, named by sheet
    again = write(tmp_path / "again.xlsx", render_xlsx(build_report(publication(bureau("政策局")))))
    _, findings = read_back(path, again)
    assert [(f.location.sheet, f.field) for f in errors(findings)] == [("政策局", "局")]


# ---------------------------------------------------------------- a division's edits

def insert_row(ws, at: int) -> None:
    """Insert a sheet row as Excel does: merges below it move down, and a
    merge that spans it grows (openpyxl's insert_rows moves neither)."""
    moved = []
    for merged in list(ws.merged_cells.ranges):
        if merged.max_row >= at:
            moved.append((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
            ws.unmerge_cells(merged.coord)
    ws.insert_rows(at)
    for min_row, min_col, max_row, max_col in moved:
        ws.merge_cells(start_row=min_row + (1 if min_row >= at else 0), start_column=min_col,
                       end_row=max_row + 1, end_column=max_col)


def fill_program(ws, row: int, values: dict[int, object]) -> None:
    for index, value in values.items():
        ws.cell(row=row, column=index + 1, value=value)


def change_program(pub: Publication, number: int, **changes) -> Publication:
    def fix(p: Program) -> Program:
        return replace(p, **changes) if p.number == number else p
    return _map_measures(pub, lambda m: replace(m, programs=tuple(fix(p) for p in m.programs)))


def add_after(pub: Publication, number: int, new: Program) -> Publication:
    def add(m: Measure) -> Measure:
        programs = []
        for p in m.programs:
            programs.append(p)
            if p.number == number:
                programs.append(new)
        return replace(m, programs=tuple(programs))
    return _map_measures(pub, add)


def _map_measures(pub: Publication, fn) -> Publication:
    return replace(pub, bureaus=tuple(
        replace(b, pillars=tuple(replace(p, measures=tuple(fn(m) for m in p.measures)) for p in b.pillars))
        for b in pub.bureaus))


def test_edited_workbook_reads_exactly_the_edits(tmp_path, seed, seed_file):
    wb = openpyxl.load_workbook(seed_file)
    ws = wb[SHEET]
    rows = program_rows(ws)
    ws.cell(rows[2], col.BUDGET_SECOND + 1).value = 60000  # a value changed
    ws.cell(rows[4], col.BUDGET_FIRST + 1).value = "△1,200"  # typed as text in the money grammar
    ws.cell(rows[1], col.MARK_FIRST + 1).value = None  # a ● removed
    ws.cell(rows[5], 12).value = "R6年度比増加（修正）"  # KPI ① R7 target (column L)
    # a program added below the last one, its measure cell left blank (continues the measure above)
    insert_row(ws, rows[10] + 1)
    fill_program(ws, rows[10] + 1, {1: 11, 2: "新規事業", 3: "新しい概要", 5: "●", 6: "地域振興課",
                                    7: "新しい目標", 8: "10件", 9: "R6", 11: "20件", 18: 1234})
    # a program added inside a merged measure cell (Excel grows the merge over it)
    insert_row(ws, rows[3] + 1)
    fill_program(ws, rows[3] + 1, {1: "１２", 2: "防犯事業", 3: "概要", 4: "●", 6: "安全・安心推進課", 17: 5})
    assert f"A{rows[3]}:A{rows[3] + 2}" in {str(r) for r in ws.merged_cells.ranges}
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    result, findings = read_back(edited)
    assert findings == []
    codes = ("R6", "R7")
    by_number = {p.number: p for p in seed.programs}
    expected = change_program(seed, 2, budgets=(by_number[2].budgets[0], Budget(60000)))
    expected = change_program(expected, 4, budgets=(Budget(-1200), by_number[4].budgets[1]))
    expected = change_program(expected, 1, major=(False, True))
    kpi5 = by_number[5].kpis[0]
    expected = change_program(expected, 5, kpis=(replace(kpi5, targets=(kpi5.targets[0], "R6年度比増加（修正）")),))
    expected = add_after(expected, 10, Program(
        11, split_name("新規事業", codes), "新しい概要", (False, True), "地域振興課",
        (Kpi("新しい目標", "10件", BaselineYear("R6", 2024), ("", "20件")),), (Budget(None), Budget(1234))))
    expected = add_after(expected, 3, Program(
        12, split_name("防犯事業", codes), "概要", (True, False), "安全・安心推進課", (), (Budget(5), Budget(None))))
    assert result == expected
    pillar = result.bureaus[0].pillars[2]
    assert [[p.number for p in m.programs] for m in pillar.measures] == [[3, 12, 4], [5, 6], [7, 8], [9, 10, 11]]


def test_kpi_typed_as_a_percentage_reads_as_the_text_shown(tmp_path, seed_file):
    wb = openpyxl.load_workbook(seed_file)
    ws = wb[SHEET]
    cell = ws.cell(program_rows(ws)[1], 9)  # KPI ① baseline '62.8%'
    cell.value, cell.number_format = 0.628, "0.0%"
    wb.save(tmp_path / "typed.xlsx")
    result, findings = read_back(tmp_path / "typed.xlsx")
    assert findings == []
    assert result.programs[0].kpis[0].baseline == "62.8%"


def test_a_workbook_saved_by_libreoffice_reads_back_equal(tmp_path, seed, seed_file):
    """LibreOffice rewrites everything (shared strings, merges, styles) and
    caches formula results: a formula typed into a budget cell is read from
    its cached value, with a notice."""
    wb = openpyxl.load_workbook(seed_file)
    ws = wb[SHEET]
    row = program_rows(ws)[2]
    ws.cell(row, col.BUDGET_FIRST + 1).value = "=59000+52"  # the same 59,052
    source = tmp_path / "in" / "edited.xlsx"
    source.parent.mkdir()
    wb.save(source)
    soffice(source, "xlsx", tmp_path)
    result, findings = read_back(tmp_path / "edited.xlsx")
    assert result == seed
    assert [(f.severity, f.location.cell) for f in findings] == [(Severity.NOTICE, f"R{row}")]
    assert "=59000+52" in findings[0].message


# ---------------------------------------------------------------- bad cells

def edited(tmp_path, seed_file, edit) -> list:
    wb = openpyxl.load_workbook(seed_file)
    edit(wb[SHEET], program_rows(wb[SHEET]))
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    _, findings = read_back(path)
    return errors(findings)


def test_formula_without_a_cached_value_is_an_error_naming_the_cell(tmp_path, seed_file):
    def edit(ws, rows):
        ws.cell(rows[2], col.BUDGET_FIRST + 1).value = "=R7*2"
    [error] = edited(tmp_path, seed_file, edit)
    assert (error.location.sheet, error.location.cell, error.field) == (SHEET, "R10", "R6予算額(千円)")
    assert "計算済みの値がありません" in error.message and "=R7*2" in error.message
    assert str(error).startswith(f"{tmp_path / 'bad.xlsx'}:{SHEET}!R10: error: R6予算額(千円):")


def test_error_values_and_bad_budgets_are_errors_naming_cell_and_header(tmp_path, seed_file):
    def edit(ws, rows):
        ws.cell(rows[1], col.BUDGET_FIRST + 1).value = "#N/A"  # openpyxl stores a real error value
        assert ws.cell(rows[1], col.BUDGET_FIRST + 1).data_type == "e"
        ws.cell(rows[2], col.BUDGET_SECOND + 1).value = "約5万"
        ws.cell(rows[3], col.BUDGET_SECOND + 1).value = 1.5
        ws.cell(rows[4], col.MARK_SECOND + 1).value = "○"
        ws.cell(rows[5], col.NUMBER + 1).value = "五"
        ws.cell(rows[6], col.DIVISION + 1).value = None
        ws.cell(rows[7], 8).value = "#DIV/0!"
    found = {(e.location.cell, e.field) for e in edited(tmp_path, seed_file, edit)}
    assert found == {("R7", "R6予算額(千円)"), ("S10", "R7予算額(千円)"), ("S13", "R7予算額(千円)"),
                     ("F14", "R7"), ("B15", "事務事業番号"), ("G16", "担当課"),
                     ("H17", "KPI (成果指標①) 事業目標")}


def test_merged_cell_in_a_program_row_is_an_error(tmp_path, seed_file):
    def edit(ws, rows):
        ws.merge_cells(f"H{rows[2]}:I{rows[2]}")
    [error] = edited(tmp_path, seed_file, edit)
    assert error.location.cell == "H10" and "H10:I10" in error.message


def test_rows_and_sheets_that_are_not_table_rows(tmp_path, seed_file):
    wb = openpyxl.load_workbook(seed_file)
    wb.create_sheet("メモ")["A1"] = "確認済み"
    wb.save(tmp_path / "extra.xlsx")
    result, findings = read_back(tmp_path / "extra.xlsx")
    # a sheet that is not a table is an error naming it, never silently left out
    assert [(f.severity, f.location.sheet) for f in findings] == [(Severity.ERROR, "メモ")]
    assert "削除" in findings[0].message
    # a sheet of our own making without a table at all: a clear error
    empty = openpyxl.Workbook()
    empty.active["A1"] = "なにもない"
    empty.save(tmp_path / "empty.xlsx")
    _, findings = read_back(tmp_path / "empty.xlsx")
    assert [f.severity for f in findings] == [Severity.ERROR] and "表が見つかりません" in findings[0].message


# ---------------------------------------------------------------- hostile files

def test_defusedxml_is_installed_and_used_by_openpyxl():
    import defusedxml  # noqa: F401
    assert openpyxl.DEFUSEDXML is True


def test_not_a_zip_or_not_a_workbook(tmp_path):
    text = tmp_path / "table.xlsx"
    text.write_text("主な施策\t事務事業番号\n", encoding="utf-8")
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    for path, words in ((text, "zip 形式ではありません"), (other, "xl/workbook.xml")):
        _, findings = read_back(path)
        [finding] = findings
        assert finding.severity is Severity.ERROR and words in finding.message
        assert finding.location.file == str(path)


def test_a_refused_archive_is_one_finding_naming_the_file(tmp_path, seed_file):
    """What may be opened is decided in readers.archive (tests/readers/test_archive.py)."""
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(seed_file) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, original.read(info.filename))
        out.writestr("xl/media/padding.bin", b"\0" * (4 * 1024 * 1024))  # ratio about 1000
    _, findings = read_back(bomb)
    [finding] = findings
    assert finding.severity is Severity.ERROR and "圧縮率" in finding.message
    assert finding.location.file == str(bomb)


def test_sheets_over_the_row_cap_are_refused(tmp_path, seed_file, monkeypatch):
    monkeypatch.setattr(xlsx_loader, "MAX_ROWS", 10)
    _, findings = read_back(seed_file)
    assert [f.location.sheet for f in errors(findings)] == ["総括", SHEET]
    assert "大きすぎます" in findings[0].message


# ---------------------------------------------------------------- generated publications

MARKUP = "<>&\"'=+-@#%;/\\*?[]:{}"
TEXT = st.text(alphabet=st.sampled_from(list("あいう漢字事業課ＡＢ① abcXYZ0189、。「」・—●") + list(MARKUP)),
               min_size=1, max_size=12)
LINE = TEXT.map(str.strip).filter(bool)
MULTILINE = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
BUDGET = st.one_of(st.none(), st.integers(-10 ** 12, 10 ** 12)).map(Budget)
NUMERALS = ("I", "II", "III", "IV", "V")


def _sheet_name_ok(name: str) -> bool:
    return (not any(ch in "[]:*?/\\" for ch in name) and not name.startswith("'")
            and not name.endswith("'") and name.casefold() != "history" and name != "総括")


BUREAU_NAME = LINE.filter(lambda s: len(s) <= 31).filter(_sheet_name_ok)


@st.composite
def kpis(draw):
    def kpi():
        year = draw(st.sampled_from(["R5", "H25", "R元", "—", "", "2023", "=R5"]))
        return Kpi(draw(st.sampled_from(["", "—"]) | MULTILINE), draw(st.just("") | LINE),
                   BaselineYear(year, parse_year(year)), (draw(st.just("") | LINE), draw(st.just("") | LINE)))
    count = draw(st.integers(0, 2))
    result = [kpi() for _ in range(count)]
    if count == 2 and draw(st.booleans()):
        result[0] = empty_kpi()  # KPI ② without KPI ①
    while result and result[-1] == empty_kpi():
        result.pop()
    return tuple(result)


@st.composite
def programs(draw, codes):
    if draw(st.booleans()):
        text = f"{draw(LINE)}({codes[0]}){draw(LINE)}({codes[1]})"  # renamed in the second year
    else:
        text = draw(LINE)
    name = split_name(text, codes)
    return Program(draw(st.integers(0, 10 ** 6)), name, draw(st.just("") | MULTILINE),
                   (draw(st.booleans()), draw(st.booleans())), draw(LINE), draw(kpis()),
                   (draw(BUDGET), draw(BUDGET)))


@st.composite
def publications(draw):
    first = draw(st.integers(2019, 2035))
    years = FiscalYears(first, first + 1)
    codes = years.codes
    labels = labels_for(years)
    names = draw(st.lists(BUREAU_NAME, min_size=1, max_size=3,
                          unique_by=lambda s: unicodedata.normalize("NFKC", s).casefold()))
    bureaus = []
    for name in names:
        pillars = []
        for numeral in NUMERALS[:draw(st.integers(1, 3))]:
            measure_names = draw(st.lists(LINE, min_size=1, max_size=3))
            # two neighbouring measures of one name are one merged cell: one measure
            measure_names = [m for i, m in enumerate(measure_names) if i == 0 or m != measure_names[i - 1]]
            measures = tuple(Measure(m, tuple(draw(st.lists(programs(codes), min_size=1, max_size=3))))
                             for m in measure_names)
            pillars.append(Pillar(numeral, draw(LINE), measures))
        bureaus.append(Bureau(name, tuple(pillars)))
    notes = st.sampled_from(["※注記", "※R6欄に「●」"]) | LINE.filter(
        lambda s: s != labels.notes_title and s not in labels.legend)
    footnotes = tuple(draw(st.lists(notes, min_size=1, max_size=2, unique=True)))
    return Publication(draw(LINE), years, footnotes, tuple(bureaus))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(pub=publications(), subtotals=st.sampled_from(["pillar", "measure"]))
def test_generated_publications_round_trip(tmp_path, pub, subtotals):
    path = write(tmp_path / "generated.xlsx", render_xlsx(build_report(pub, subtotals)))
    result, findings = read_back(path)
    assert [f for f in findings if f.severity is not Severity.NOTICE] == []
    assert result == pub


def test_a_row_with_budgets_but_no_number_is_an_error_not_skipped(tmp_path):
    import openpyxl as _openpyxl

    from reportgen import read
    from reportgen.pipeline import build
    build([str(SEED)], str(tmp_path), ["xlsx"])
    path = tmp_path / "主要事務事業_R6-R7.xlsx"
    book = _openpyxl.load_workbook(path)
    sheet = book["総務市民局"]
    row = next(c.row for c in sheet["B"] if str(c.value) == "4")
    for column in range(2, 13):  # B:L, the budgets in R and S stay
        sheet.cell(row=row, column=column).value = None
    book.save(path)
    result = read([str(path)])
    assert [(f.location.cell, f.field) for f in result.errors] == [(f"A{row}", "事務事業番号")]


def test_full_width_brackets_of_a_renamed_program_survive_the_round_trip(tmp_path):
    from reportgen import load
    from reportgen.pipeline import build
    text = SEED.read_text(encoding="utf-8").replace("支援事業(R6)協働", "支援事業（R6）協働").replace(
        "支援事業(R7)", "支援事業（R7）")
    source = tmp_path / "fullwidth.txt"
    source.write_text(text, encoding="utf-8")
    original = load([str(source)])
    build([str(source)], str(tmp_path / "out"), ["xlsx"])
    back = load([str(tmp_path / "out" / "主要事務事業_R6-R7.xlsx")])
    assert back == original
    assert [p.name.text for p in back.programs if p.number == 9] == [
        "多世代が参加・交流できる自治会活動支援事業（R6）協働による地域の活性化支援事業（R7）"]


def test_a_budget_cell_beyond_fifteen_digits_is_refused_as_check_would(tmp_path, seed):
    """A number typed into a budget cell with more digits than a workbook keeps exactly
    is a finding naming the cell (before, check passed and build refused it)."""
    import openpyxl as xl
    path = tmp_path / "seed.xlsx"
    path.write_bytes(render_xlsx(build_report(seed)))
    wb = xl.load_workbook(path)
    ws = wb[SHEET]
    row = program_rows(ws)[1]
    ws.cell(row, col.BUDGET_SECOND + 1).value = 10 ** 16
    wb.save(path)
    _, findings = read_back(path)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert [(f.location.cell, "17 桁" in f.message) for f in errors] == [(f"S{row}", True)]


def test_a_bureau_sheet_whose_header_was_edited_is_an_error_not_a_dropped_bureau(tmp_path, seed_file):
    """Before, the bureau was skipped with a warning and build wrote an edition without it."""
    two = tmp_path / "two.xlsx"
    two.write_bytes(render_xlsx(build_report(publication(bureau(SHEET), bureau("企画局")))))
    wb = openpyxl.load_workbook(two)
    ws = wb["企画局"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "主な施策")
    ws.cell(header, 1).value = "主な施策（改）"
    wb.save(tmp_path / "edited.xlsx")
    _, findings = read_back(tmp_path / "edited.xlsx")
    assert [(f.severity, f.location.sheet) for f in findings] == [(Severity.ERROR, "企画局")]
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(tmp_path / "edited.xlsx"), "-o",
                             str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_refused_with_their_name(tmp_path, seed_file, state):
    wb = openpyxl.load_workbook(seed_file)
    secret = wb.copy_worksheet(wb[SHEET])
    secret.title = "別の局"
    secret.sheet_state = state
    wb.save(tmp_path / "hidden.xlsx")
    _, findings = read_back(tmp_path / "hidden.xlsx")
    hidden = [f for f in findings if f.location.sheet == "別の局"]
    assert [f.severity for f in hidden] == [Severity.ERROR] and "非表示" in hidden[0].message


def test_a_zip_with_two_parts_of_one_name_is_refused(tmp_path, seed_file):
    import warnings
    doubled = tmp_path / "doubled.xlsx"
    with zipfile.ZipFile(seed_file) as original, zipfile.ZipFile(doubled, "w") as copy:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we mean to write
            for info in original.infolist():
                copy.writestr(info, original.read(info))
            copy.writestr("xl/workbook.xml", original.read("xl/workbook.xml"))
    _, findings = read_back(doubled)
    assert [f.severity for f in findings] == [Severity.ERROR] and "同じ名前" in findings[0].message


def test_a_cell_of_unknown_type_is_refused_not_read_as_a_value(tmp_path, seed_file):
    import re as regex
    forged = tmp_path / "zz.xlsx"
    with zipfile.ZipFile(seed_file) as original, zipfile.ZipFile(forged, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = regex.sub(rb'<c r="R7"( s="\d+")><v>', rb'<c r="R7"\1 t="zz"><v>', data)
            copy.writestr(info, data)
    _, findings = read_back(forged)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert [(f.location.cell, 't="zz"' in f.message) for f in errors] == [("R7", True)]


# ---------------------------------------------------------------- a table of programs in a sheet

def _open_data(publication) -> list[list[str]]:
    import csv
    import io

    from reportgen.renderers.csv import render_csv
    return list(csv.reader(io.StringIO(render_csv(publication).decode("utf-8-sig"), newline="")))


def _typed(text: str):
    """A cell as Excel types it in: numbers as numbers, 62.8% as 0.628 shown as 0.0%."""
    percent = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?%", text)
    if percent:
        decimals = len(percent[2] or "")
        return float(text[:-1]) / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"
    if text.isdigit():
        return int(text), "#,##0"
    return (text or None), "General"


def test_a_staffers_one_header_row_sheet_builds_the_seeds_edition(tmp_path, seed_publication):
    from reportgen.renderers.csv import render_csv
    rows = _open_data(seed_publication)
    header, body = rows[0], rows[1:]
    keep = [i for i, h in enumerate(header) if h not in ("主要事務事業名(R6)", "主要事務事業名(R7)")]
    order = [keep[-1]] + keep[1:-1] + [keep[0]]  # R7 budget first, 局 last
    names = {"主な施策": "施策", "R6予算額(千円)": "R6予算額", "R7予算額(千円)": "予算額(R7)"}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "一覧"
    ws["A1"] = "主要事務事業（企画課）"
    ws.append([])
    ws.append([names.get(header[i], header[i]) for i in order] + ["担当者"])
    for row in body:
        cells = [_typed(row[i]) for i in order] + [("山田", "General")]
        ws.append([value for value, _ in cells])
        for column, (_, number_format) in enumerate(cells, start=1):
            ws.cell(ws.max_row, column).number_format = number_format
    bureau_column = get_column_letter(len(order))
    ws.merge_cells(f"{bureau_column}4:{bureau_column}{ws.max_row}")  # 局 merged down the table
    path = tmp_path / "一覧.xlsx"
    wb.save(path)
    result = xlsx_loader_read(path)
    assert not result.errors
    assert render_csv(result.publication) == render_csv(seed_publication)
    assert [(f.location.cell, f.message) for f in result.findings] == [
        ("1:1", "見出し行より上の「主要事務事業（企画課）」は表の一部ではないので読みません"),
        (f"{get_column_letter(len(order) + 1)}3", "列「担当者」は主要事務事業の表の列ではないので読みません")]


def test_the_open_data_csv_saved_as_a_workbook_by_libreoffice_builds_the_same_edition(tmp_path, seed_publication):
    from reportgen.renderers.csv import render_csv
    source = tmp_path / "open.csv"
    source.write_bytes(render_csv(seed_publication))
    # comma, double quote, UTF-8, from line 1, Japanese; 62.8% kept as typed (no special numbers)
    saved = soffice(source, "xlsx", tmp_path, infilter="CSV:44,34,76,1,,1041,false,false")
    cells = openpyxl.load_workbook(saved).active
    assert isinstance(cells["D2"].value, int) and isinstance(cells["V2"].value, int)  # typed as numbers
    result = xlsx_loader_read(saved)
    assert result.findings == ()
    assert result.publication == seed_publication


def test_a_table_sheet_names_each_bad_cell(tmp_path, seed_publication):
    rows = _open_data(seed_publication)
    rows[2][10] = ""  # 担当課 of the second program
    rows[3][21] = "約四万"  # its R6 budget
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = xlsx_loader_read(path)
    assert [(f.location.cell, f.field) for f in result.errors] == [("K3", "担当課"), ("V4", "R6予算額(千円)")]


def xlsx_loader_read(path):
    from reportgen import read
    return read([str(path)])


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_the_open_data_csv_saved_as_ods_or_xls_builds_the_same_edition(tmp_path, seed_publication, kind):
    from reportgen.renderers.csv import render_csv
    source = tmp_path / "open.csv"
    source.write_bytes(render_csv(seed_publication))
    saved = soffice(source, kind, tmp_path, infilter="CSV:44,34,76,1,,1041,false,false")
    result = xlsx_loader_read(saved)
    assert not result.errors
    assert result.publication == seed_publication
