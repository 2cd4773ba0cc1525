"""The workbook, opened as a user's tools open it: openpyxl for structure,
LibreOffice for what Excel-compatible software calculates and prints."""
from __future__ import annotations

import datetime
import io
import math
import re
import subprocess
import sys
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from books import (  # noqa: F401
    FIRST_ROW,
    HEADER_ROW,
    SHEET,
    SUMMARY,
    TITLE,
    YEARS,
    bureau,
    program,
    program_rows,
    publication,
    workbook,
)
from clients import soffice
from conftest import SEED, WORKLOAD
from openpyxl.utils import get_column_letter

import reportgen.model.columns as col
from reportgen import ReportgenError, load
from reportgen.model.amounts import sum_existing
from reportgen.model.publication import (
    BaselineYear,
    Kpi,
)
from reportgen.renderers.xlsx.sizes import LINE_HEIGHT, MAX_ROW_HEIGHT, ROW_PADDING, column_widths, line_count
from reportgen.renderers.xlsx.styles import AMOUNT_FORMAT, FONT_NAME
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import Cell, RowKind, build_report

CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def letter(index: int) -> str:
    return get_column_letter(index + 1)


def column_width(ws, index: int) -> float:
    """The width of the 0-based column `index`, from the <col> range that holds it."""
    for dimension in ws.column_dimensions.values():
        if dimension.min <= index + 1 <= dimension.max:
            return dimension.width
    raise AssertionError(f"no width for column {letter(index)}")


@pytest.fixture(scope="module")
def seed():
    return load([str(SEED)])


@pytest.fixture(scope="module")
def seed_report(seed):
    return build_report(seed, "pillar")


@pytest.fixture(scope="module")
def seed_xlsx(seed_report) -> bytes:
    return render_xlsx(seed_report)


@pytest.fixture(scope="module")
def seed_wb(seed_xlsx):
    return workbook(seed_xlsx)


# ---------------------------------------------------------------- structure

def test_sheets_title_bureau_and_headers(seed_wb, seed_report):
    assert seed_wb.sheetnames == [SUMMARY, SHEET]
    assert seed_wb.active.title == SHEET
    assert [bool(ws.sheet_view.tabSelected) for ws in seed_wb.worksheets] == [False, True]
    ws = seed_wb[SHEET]
    assert ws["A1"].value == seed_report.title
    assert ws["A2"].value == SHEET
    assert ws["S2"].value == "単位：千円"
    top, sub = seed_report.labels.header_rows
    assert [ws.cell(HEADER_ROW, i + 1).value or "" for i in range(19)] == list(top)
    assert [ws.cell(HEADER_ROW + 1, i + 1).value or "" for i in range(19)] == list(sub)
    assert top[4:6] == ("R6", "R7") and top[17:] == ("R6予算額(千円)", "R7予算額(千円)")


def test_merged_cells_follow_the_layout(seed_wb, seed_report):
    ws = seed_wb[SHEET]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # KPI group headers over five columns; single-level headers over both header rows
    assert {"H4:L4", "M4:Q4"} <= merged
    for index in (*range(7), 17, 18):
        assert f"{letter(index)}4:{letter(index)}5" in merged
    section = seed_report.sections[0]
    expected_measures = set()
    for index, row in enumerate(section.rows):
        number = FIRST_ROW + index
        if row.kind is RowKind.PILLAR:
            assert f"A{number}:S{number}" in merged
            assert ws.cell(number, 1).value == row.label
        elif row.kind.is_total:
            assert f"A{number}:Q{number}" in merged
        elif row.measure_start and row.measure_rows > 1:
            expected_measures.add(f"A{number}:A{number + row.measure_rows - 1}")
    measures = {m for m in merged if re.fullmatch(r"A(\d+):A(\d+)", m) and m != "A4:A5"}
    assert measures == expected_measures
    rows = program_rows(ws)
    # the seed: programs 3-4, 5-6, 7-8 and 9-10 share a measure cell
    assert {f"A{rows[a]}:A{rows[b]}" for a, b in ((3, 4), (5, 6), (7, 8), (9, 10))} == measures
    assert ws.cell(rows[9], 1).value == "地域活動の抜本的な見直しによる活性化"
    assert ws.cell(rows[10], 1).value is None  # covered by the merge


def test_budgets_are_integers_with_number_format(seed_wb, seed):
    ws = seed_wb[SHEET]
    rows = program_rows(ws)
    assert sorted(rows) == list(range(1, 11))
    for prog in seed.programs:
        for year, index in enumerate((col.BUDGET_FIRST, col.BUDGET_SECOND)):
            cell = ws.cell(rows[prog.number], index + 1)
            assert cell.value == prog.budgets[year].amount
            assert cell.number_format == AMOUNT_FORMAT == '#,##0;"△"#,##0'
            if cell.value is not None:
                assert type(cell.value) is int and cell.data_type == "n"
    assert ws.cell(rows[10], col.BUDGET_FIRST + 1).value is None  # none stays empty, not 0
    assert ws.cell(rows[8], col.BUDGET_SECOND + 1).value == 2423778
    assert ws.cell(rows[1], col.NUMBER + 1).value == 1


def test_marks_names_and_kpis(seed_wb, seed):
    ws = seed_wb[SHEET]
    rows = program_rows(ws)
    assert ws.cell(rows[10], 5).value is None and ws.cell(rows[10], 6).value == "●"
    assert ws.cell(rows[1], 5).alignment.horizontal == "center"
    name9 = ws.cell(rows[9], 3)
    assert name9.value == "多世代が参加・交流できる自治会活動支援事業(R6)\n協働による地域の活性化支援事業(R7)"
    assert name9.alignment.wrap_text
    kpi = ws.cell(rows[5], 8 + 3)  # KPI ① R6 target
    assert kpi.value == "R5年度比増（R5：81.4%）" and kpi.data_type == "s"
    assert ws.cell(rows[1], 9).value == "62.8%" and ws.cell(rows[1], 9).data_type == "s"
    assert ws.cell(rows[7], 14).value == "—"  # KPI ② baseline kept verbatim


def test_totals_are_live_subtotal_formulas_over_the_covered_rows(seed_wb, seed_report):
    ws = seed_wb[SHEET]
    section = seed_report.sections[0]
    totals = [(i, r) for i, r in enumerate(section.rows) if r.kind.is_total]
    assert [r.kind for _, r in totals] == [RowKind.PILLAR_SUBTOTAL] * 3 + [RowKind.BUREAU_TOTAL]
    for index, row in totals:
        first, last = (FIRST_ROW + i for i in row.covers)
        for column in ("R", "S"):
            assert ws[f"{column}{FIRST_ROW + index}"].value == f"=SUBTOTAL(9,{column}{first}:{column}{last})"
    # pillar III: its heading row through program 10; the bureau total: the whole table
    rows = program_rows(ws)
    assert ws[f"R{rows[10] + 1}"].value == f"=SUBTOTAL(9,R{rows[3] - 1}:R{rows[10]})"
    assert ws[f"S{rows[10] + 2}"].value == f"=SUBTOTAL(9,S{FIRST_ROW}:S{rows[10] + 1})"


def test_formula_values_are_cached_and_equal_the_model_sums(seed_xlsx, seed):
    values = workbook(seed_xlsx, data_only=True)
    bureau = seed.bureaus[0]
    totals = [sum_existing(p.budgets[y].amount for p in bureau.programs) for y in range(2)]
    assert totals == [2548267, 2878000]
    pillar_iii = [sum_existing(p.budgets[y].amount for p in bureau.pillars[2].programs) for y in range(2)]
    assert pillar_iii == [2484856, 2818398]
    ws = values[SHEET]
    rows = program_rows(workbook(seed_xlsx)[SHEET])
    assert [ws[f"R{rows[10] + 1}"].value, ws[f"S{rows[10] + 1}"].value] == pillar_iii
    assert [ws[f"R{rows[10] + 2}"].value, ws[f"S{rows[10] + 2}"].value] == totals
    summary = values[SUMMARY]
    found = {summary.cell(r, 2).value: [summary.cell(r, c).value for c in (3, 4, 5)]
             for r in range(5, 9)}
    assert found["III 「安らぐまち」の実現"] == [8, *pillar_iii]
    assert found["合計"] == [10, *totals]


def test_summary_sheet_refers_to_the_bureau_sheets_total_cells(seed_wb, seed_report):
    ws = seed_wb[SUMMARY]
    bureau_ws = seed_wb[SHEET]
    assert ws["A1"].value == seed_report.title
    assert [ws.cell(4, c).value for c in range(1, 6)] == ["局", "重点戦略", "事業数", "R6予算額(千円)",
                                                         "R7予算額(千円)"]
    assert ws["A5"].value == SHEET and "A5:A8" in {str(r) for r in ws.merged_cells.ranges}
    section = seed_report.sections[0]
    totals = [FIRST_ROW + i for i, r in enumerate(section.rows)
              if r.kind in (RowKind.PILLAR_SUBTOTAL, RowKind.BUREAU_TOTAL)]
    for offset, total_row in enumerate(totals):
        row = 5 + offset
        assert ws.cell(row, 4).value == f"='{SHEET}'!R{total_row}"
        assert ws.cell(row, 5).value == f"='{SHEET}'!S{total_row}"
        assert bureau_ws[f"R{total_row}"].value.startswith("=SUBTOTAL(9,")
        assert ws.cell(row, 3).value.startswith(f"=COUNT('{SHEET}'!B")
    assert ws.cell(8, 2).value == "合計"


def test_outline_levels_let_a_reader_collapse_programs_and_pillars(seed_wb, seed_report):
    ws = seed_wb[SHEET]
    levels = {kind: set() for kind in RowKind}
    for index, row in enumerate(seed_report.sections[0].rows):
        levels[row.kind].add(ws.row_dimensions[FIRST_ROW + index].outline_level)
    assert levels[RowKind.PROGRAM] == {2}
    assert levels[RowKind.PILLAR] == levels[RowKind.PILLAR_SUBTOTAL] == {1}
    assert levels[RowKind.BUREAU_TOTAL] == {0}
    assert ws.sheet_properties.outlinePr.summaryBelow in (None, True)  # OOXML's default: totals below


def test_measure_subtotals_nest_without_double_counting(seed):
    report = build_report(seed, "measure")
    wb = workbook(render_xlsx(report))
    ws = wb[SHEET]
    section = report.sections[0]
    kinds = {}
    for index, row in enumerate(section.rows):
        number = FIRST_ROW + index
        kinds.setdefault(row.kind, set()).add(ws.row_dimensions[number].outline_level)
        if row.kind.is_total:
            first, last = (FIRST_ROW + i for i in row.covers)
            assert ws[f"R{number}"].value == f"=SUBTOTAL(9,R{first}:R{last})"
    assert kinds[RowKind.PROGRAM] == {3} and kinds[RowKind.MEASURE_SUBTOTAL] == {2}
    values = workbook(render_xlsx(report), data_only=True)[SHEET]
    bureau_total = FIRST_ROW + len(section.rows) - 1
    assert values[f"R{bureau_total}"].value == 2548267


def test_print_setup(seed_wb, seed_report):
    ws = seed_wb[SHEET]
    setup = ws.page_setup
    assert int(setup.paperSize) == 8  # A3 in OOXML's paper codes
    assert setup.orientation == "landscape"
    # a fixed scale that fits the columns across the page, so that the page breaks between
    # measures are kept (Excel ignores manual breaks on a sheet fit to a page)
    from reportgen.renderers.xlsx.pages import printable
    # the columns' printed width as Excel measures a stored width (7-pixel digits, 96 dpi)
    points = sum(int(d.width * 7 + 0.5) * 0.75 * (d.max - d.min + 1) for d in ws.column_dimensions.values()
                 if d.min and d.max <= 19)  # a <col> may cover several columns of one width
    assert points * setup.scale / 100 <= printable("a3")[0] < points * (setup.scale + 3) / 100
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
    assert ws.print_title_rows == "$4:$5"
    last_note = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)
    assert ws.print_area == f"'{SHEET}'!$A$1:$S${last_note}"
    assert ws.cell(last_note, 1).value == seed_report.labels.legend[-1]
    assert ws.oddHeader.left.text == seed_report.title
    assert ws.oddHeader.right.text == SHEET
    assert ws.oddFooter.center.text == "&P / &N"
    assert ws.freeze_panes == "D6"  # below the header, right of the program name
    summary = seed_wb[SUMMARY]
    assert int(summary.page_setup.paperSize) == 8 and (summary.page_setup.fitToWidth or 1) == 1
    a4 = workbook(render_xlsx(seed_report, paper="a4"))
    assert all(int(s.page_setup.paperSize) == 9 and s.page_setup.orientation == "landscape"
               for s in a4.worksheets)
    with pytest.raises(ReportgenError):
        render_xlsx(seed_report, paper="b5")


def test_mark_columns_validate_to_a_mark_or_blank(seed_wb):
    ws = seed_wb[SHEET]
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    rule = validations[0]
    assert rule.type == "list" and rule.formula1 == '"●"' and rule.allow_blank
    rows = program_rows(ws)
    ranges = [str(r) for r in rule.sqref.ranges]
    assert len(ranges) == 1
    first, last = re.fullmatch(r"E(\d+):F(\d+)", ranges[0]).groups()
    assert int(first) <= min(rows.values()) and int(last) >= max(rows.values())


def test_document_properties_are_fixed_by_the_edition(seed_wb, seed_report):
    props = seed_wb.properties
    assert props.title == seed_report.title
    assert props.subject == seed_report.subject == "主要事務事業 R6・R7"
    assert props.creator == seed_report.author == SHEET
    assert seed_wb.custom_doc_props["Language"].value == "ja-JP"
    assert props.created == props.modified == datetime.datetime(2024, 4, 1)


def test_output_is_byte_identical_for_the_same_input(seed_report, seed_xlsx):
    assert render_xlsx(seed_report) == seed_xlsx
    with zipfile.ZipFile(io.BytesIO(seed_xlsx)) as archive:
        assert len({info.date_time for info in archive.infolist()}) == 1  # one fixed timestamp


def test_one_font_everywhere(seed_xlsx, seed_wb):
    for ws in seed_wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == FONT_NAME, cell.coordinate
    with zipfile.ZipFile(io.BytesIO(seed_xlsx)) as archive:
        styles = archive.read("xl/styles.xml").decode("utf-8")
    names = set(re.findall(r'<name val="([^"]+)"', styles))
    assert names == {FONT_NAME}  # the default font too: what a user types in Excel is the same face


def test_widths_fit_full_width_text_and_heights_fit_wrapped_text(seed_wb, seed_report):
    ws = seed_wb[SHEET]
    widths = [column_width(ws, i) for i in range(19)]
    for width, weight in zip(widths, seed_report.column_weights):
        assert width >= weight * 10
    for index in (col.BUDGET_FIRST, col.BUDGET_SECOND):
        assert widths[index] >= len("2,878,000") + 2
        assert widths[index] >= 2 * len("予算額(千円)")  # the header on one line, full width = 2
    rows = program_rows(ws)
    for number, row in rows.items():
        # an independent, rough estimate: every character full width, the column's units / 2 per line
        summary = ws.cell(row, col.SUMMARY + 1).value
        lines = math.ceil(len(summary) / (widths[col.SUMMARY] / 2))
        assert ws.row_dimensions[row].height >= (lines - 1) * LINE_HEIGHT, number
    assert ws.row_dimensions[rows[8]].height > ws.row_dimensions[rows[2]].height


def test_a_program_row_is_as_tall_as_its_tallest_cell(seed_report):
    """Whichever cell needs the most lines sets the row's height: the summary, a KPI
    phrase longer than the summary, English that wraps at its spaces, a line break.
    The renderer leaves most cells uncounted once the summary is counted; this checks
    that it never leaves one that needs more (the measure's name is kept short, so
    that its merged cell adds nothing)."""
    kpi, division = col.KPI_STARTS[0], col.DIVISION
    changes = [{col.SUMMARY: "短い", kpi: "あ" * 60},
               {col.SUMMARY: "短い", division: "City Hall Ward Office for Parks and Roads"},
               {col.SUMMARY: "短い", col.NAME: "一\n二\n三\n四"},
               {kpi + 1: "い" * 80},
               {col.SUMMARY: "あ" * 96, division: " ".join(["Parks"] * 7)},  # 6 lines, and 7
               {}]
    sections = []
    for section in seed_report.sections:
        rows, programs = [], 0
        for row in section.rows:
            if row.kind is RowKind.PROGRAM:
                change = changes[programs % len(changes)]
                programs += 1
                cells = [Cell(change.get(i, c.text), c.align, c.amount, c.is_amount) for i, c in enumerate(row.cells)]
                cells[col.MEASURE] = Cell("施策")
                row = replace(row, cells=tuple(cells))
            rows.append(row)
        sections.append(replace(section, rows=tuple(rows)))
    report = replace(seed_report, sections=tuple(sections))
    ws = workbook(render_xlsx(report))[SHEET]
    widths = column_widths(report)  # as the renderer set them (the sheet stores them in whole pixels)
    assert line_count(changes[-2][col.SUMMARY], widths[col.SUMMARY]) == 6
    assert line_count(changes[-2][division], widths[division]) == 7
    section = next(s for s in report.sections if s.bureau == SHEET)
    checked = 0
    for number, sheet_row in program_rows(ws).items():
        row = next(r for r in section.rows if r.kind is RowKind.PROGRAM and r.cells[col.NUMBER].text == str(number))
        lines = max(line_count(cell.text, widths[index]) for index, cell in enumerate(row.cells)
                    if index != col.MEASURE and cell.text and not cell.is_amount)
        expected = min(lines * LINE_HEIGHT + ROW_PADDING, MAX_ROW_HEIGHT)
        assert abs(ws.row_dimensions[sheet_row].height - expected) < 0.75, number  # Excel keeps whole pixels
        checked += 1
    assert checked >= len(changes)


# ---------------------------------------------------------------- hostile data

HOSTILE = ['=HYPERLINK("http://evil.example/")', "+81", "-5%", "@SUM(1)", "#N/A", "=1+1", "<b>&amp;</b>"]


def test_hostile_strings_stay_text_cells():
    kpi = Kpi(HOSTILE[0], HOSTILE[1], BaselineYear(HOSTILE[2], None), (HOSTILE[3], HOSTILE[4]))
    prog = program(1, name=HOSTILE[5], summary=HOSTILE[6], kpis=(kpi,))
    pub = publication(bureau(SHEET, prog, measure="=SUM(A1:A9)"), title="=TITLE()",
                      footnotes=("#REF!",))
    wb = workbook(render_xlsx(build_report(pub)))
    ws = wb[SHEET]
    row = program_rows(ws)[1]
    cells = [ws.cell(row, c) for c in (1, 3, 4, 8, 9, 10, 11, 12)]
    assert [c.value for c in cells] == ["=SUM(A1:A9)", HOSTILE[5], HOSTILE[6], *HOSTILE[:5]]
    assert {c.data_type for c in cells} == {"s"}
    assert ws["A1"].value == "=TITLE()" and ws["A1"].data_type == "s"
    notes = [ws.cell(r, 1) for r in range(row, ws.max_row + 1) if ws.cell(r, 1).value == "#REF!"]
    assert notes and notes[0].data_type == "s"
    # nothing else became a formula: only the totals and the summary's references
    for sheet in wb.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    assert re.match(r"=(SUBTOTAL|COUNT|'|SUM|IF)", cell.value), cell.coordinate


def test_header_ampersand_is_escaped():
    wb = workbook(render_xlsx(build_report(publication(bureau(), title="R&D 事業"))))
    assert wb[SHEET].oddHeader.left.text == "R&&D 事業"
    assert wb[SHEET]["A1"].value == "R&D 事業"


def test_control_character_is_an_error_naming_the_cell():
    pub = publication(bureau(SHEET, program(1), program(7, summary="ベル\x07文字")))
    with pytest.raises(ReportgenError) as caught:
        render_xlsx(build_report(pub))
    [finding] = caught.value.findings
    assert finding.location.sheet == SHEET
    assert finding.location.cell == f"D{FIRST_ROW + 2}"  # pillar row, program 1, then program 7
    assert "事業番号 7" in finding.location.file  # the row's `where`
    assert "U+0007" in finding.message and finding.field == "事業概要"
    assert f"{SHEET}!D{FIRST_ROW + 2}" in str(caught.value)


def test_every_unstorable_value_is_listed_never_truncated():
    long_text = "あ" * 32_768
    pub = publication(bureau(SHEET, program(1, name=long_text), program(2, division="課\r"),
                             program(3, budgets=(10 ** 16, 1))))
    with pytest.raises(ReportgenError) as caught:
        render_xlsx(build_report(pub))
    cells = {(f.location.cell, f.field) for f in caught.value.findings}
    assert cells == {(f"C{FIRST_ROW + 1}", "主要事務事業名"), (f"G{FIRST_ROW + 2}", "担当課"),
                     (f"R{FIRST_ROW + 3}", "R6予算額(千円)")}
    assert any("32,768 文字" in f.message for f in caught.value.findings)
    # the limit itself is fine
    render_xlsx(build_report(publication(bureau(SHEET, program(1, summary="あ" * 32_767)))))


@pytest.mark.parametrize("name, words", [
    ("総務/市民局", "使えない文字"), ("局[1]", "使えない文字"), ("あ" * 32, "32 文字"),
    ("'引用'", "アポストロフィ"), ("総括", "同じ"), ("History", "予約"), ("", "空"),
])
def test_bad_sheet_names_are_errors_not_renames(name, words):
    with pytest.raises(ReportgenError) as caught:
        render_xlsx(build_report(publication(bureau(name))))
    assert any(words in f.message and f.location.sheet == name for f in caught.value.findings)


def test_sheet_names_that_excel_would_confuse_are_errors():
    pub = publication(bureau("ABC局"), bureau("abc局"))
    with pytest.raises(ReportgenError, match="同じ"):
        render_xlsx(build_report(pub))
    render_xlsx(build_report(publication(bureau("あ" * 31))))  # 31 characters are allowed


def test_negative_budgets_and_totals_without_any_budget():
    pub = publication(bureau(SHEET, program(1, budgets=(None, -1200), major=(False, True)),
                             program(2, budgets=(None, 500), major=(False, True))))
    data = render_xlsx(build_report(pub))
    ws = workbook(data)[SHEET]
    rows = program_rows(ws)
    assert ws.cell(rows[1], 19).value == -1200 and '"△"' in ws.cell(rows[1], 19).number_format
    subtotal = rows[2] + 1
    span = f"R{FIRST_ROW}:R{rows[2]}"
    assert ws[f"R{subtotal}"].value == f'=IF(COUNT({span})=0,"—",SUBTOTAL(9,{span}))'
    assert ws[f"S{subtotal}"].value == f"=SUBTOTAL(9,S{FIRST_ROW}:S{rows[2]})"
    values = workbook(data, data_only=True)[SHEET]
    assert values[f"R{subtotal}"].value == "—" and values[f"S{subtotal}"].value == -700


def test_several_bureaus_get_a_grand_total_on_the_summary():
    pub = publication(bureau("政策局", program(1, budgets=(100, 200))),
                      bureau("総務市民局", program(1, budgets=(10, 20)), program(2, budgets=(1, 2))))
    report = build_report(pub)
    data = render_xlsx(report)
    wb = workbook(data)
    assert wb.sheetnames == [SUMMARY, "政策局", "総務市民局"]
    ws = wb[SUMMARY]
    labels = [ws.cell(r, 2).value for r in range(5, 9)]
    assert labels == ["I 「稼げるまち」の実現", "合計"] * 2
    assert ws["A9"].value == "総計（2局）"
    assert ws["D9"].value == "=SUM(D6,D8)" and ws["C9"].value == "=SUM(C6,C8)"
    values = workbook(data, data_only=True)[SUMMARY]
    assert [values[f"{c}9"].value for c in "CDE"] == [3, 111, 222]


# ---------------------------------------------------------------- LibreOffice

def test_libreoffice_recalculates_the_totals_to_the_model_sums(tmp_path, seed_xlsx, seed):
    """Every cached formula value is zeroed first: what LibreOffice prints is
    its own calculation of the formulas."""
    source = tmp_path / "seed.xlsx"
    with zipfile.ZipFile(io.BytesIO(seed_xlsx)) as original, zipfile.ZipFile(source, "w") as copy:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f><v>)[^<]*(</v>)", rb"\g<1>0\g<2>", data)
            copy.writestr(info, data)
    soffice(source, CSV_ALL_SHEETS, tmp_path)
    sheet = (tmp_path / f"seed-{SHEET}.csv").read_text(encoding="utf-8").splitlines()
    summary = (tmp_path / f"seed-{SUMMARY}.csv").read_text(encoding="utf-8").splitlines()

    bureau = seed.bureaus[0]
    totals = [sum_existing(p.budgets[y].amount for p in bureau.programs) for y in range(2)]
    assert totals == [2548267, 2878000]  # checked by hand against the seed text
    rows = {line.split(",")[0]: line.split(",") for line in sheet}
    assert [int(v) for v in rows[f"合計（{SHEET}）"][-2:]] == totals
    for pillar in bureau.pillars:
        sums = [sum_existing(p.budgets[y].amount for p in pillar.programs) for y in range(2)]
        assert [int(v) for v in rows[f"小計（{pillar.heading}）"][-2:]] == sums
    assert [int(v) for v in rows["小計（III 「安らぐまち」の実現）"][-2:]] == [2484856, 2818398]
    by_label = {line.split(",")[1]: line.split(",") for line in summary if line.count(",") >= 4}
    assert [int(v) for v in by_label["合計"][2:]] == [10, *totals]
    assert [int(v) for v in by_label["III 「安らぐまち」の実現"][2:]] == [8, 2484856, 2818398]


def test_libreoffice_prints_every_page_with_header_and_page_numbers(tmp_path, seed_xlsx):
    from pypdf import PdfReader
    source = tmp_path / "seed.xlsx"
    source.write_bytes(seed_xlsx)
    soffice(source, "pdf", tmp_path)
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(tmp_path / "seed.pdf").pages]
    assert len(pages) >= 2
    assert "総括" in pages[0]
    table_pages = pages[1:]
    for number, text in enumerate(pages, start=1):
        assert f"{number}/{len(pages)}" in text  # the footer &P / &N
        assert "主要事務事業(令和6年度・令和7年度)" in text  # the page header's title
    for text in table_pages:
        assert "主な施策" in text and "KPI(成果指標①)" in text  # the header rows repeat
        assert "###" not in text
    joined = "".join(table_pages)
    for amount in ("2,423,778", "2,548,267", "2,878,000", "2,484,856"):
        assert amount in joined
    assert "※R6年度の主要事務事業" in joined and "単位：千円" in joined


def test_english_and_bilingual_headings_in_the_cells():
    for lang, expected in (("en", ("Program", "Budget FY2024 (JPY thousand)", "KPI 1 (outcome indicator)",
                                   "Target FY2025", "General Affairs and Citizens Bureau")),
                           ("ja+en", ("主要事務事業名 / Program", "R6予算額(千円) / Budget FY2024 (JPY thousand)",
                                      "総務市民局 / General Affairs and Citizens Bureau"))):
        book = openpyxl.load_workbook(io.BytesIO(render_xlsx(build_report(load([str(SEED)]), lang=lang))))
        values = {str(cell.value) for row in book[SHEET].iter_rows(max_row=FIRST_ROW) for cell in row if cell.value}
        for text in expected:
            assert text in values, (lang, text)
        assert any(str(c.value).startswith("Subtotal") or "/ Subtotal" in str(c.value)
                   for row in book[SHEET].iter_rows() for c in row if c.value)


# ---------------------------------------------------------------- one workbook never depends on another

CASES = {
    "hostile": publication(bureau(SHEET, program(1, name=HOSTILE[5], summary=HOSTILE[6], kpis=(
        Kpi(HOSTILE[0], HOSTILE[1], BaselineYear(HOSTILE[2], None), (HOSTILE[3], HOSTILE[4])),)),
        measure="=SUM(A1:A9)"), title="=TITLE()", footnotes=("#REF!",)),
    "spaces and markup": publication(bureau(SHEET, program(1, name=" 先頭の空白", summary="末尾の空白 ", kpis=(
        Kpi("\u3000全角の空白", "1\n2", BaselineYear("R5", 2023), ("  ", "x")),)),
        program(2, name="改行\nのある名前", summary='A&B<c>"\'')), title="R&D 事業 <x>", footnotes=(" 注 ", "")),
    "no budget": publication(bureau(SHEET, program(1, budgets=(None, -1200), major=(False, True)),
                                    program(2, budgets=(None, 500), major=(False, True)))),
    "two bureaus": publication(bureau("政策局", program(1, budgets=(100, 200))),
                               bureau("総務市民局", program(1, budgets=(10, 20)), program(2, budgets=(1, 2)))),
    "quote in a sheet name": publication(bureau("局'名", program(123456789012345))),
    "control character": publication(bureau(SHEET, program(1), program(7, summary="ベル\x07文字"))),
    "too long": publication(bureau(SHEET, program(1, name="あ" * 32_768), program(2, budgets=(10 ** 16, 1)))),
    "bad sheet name": publication(bureau("総務/市民局")),
}


def test_workbooks_do_not_leak_into_each_other(seed):
    """A workbook is the same bytes whatever was written before it, in any order
    (division workbooks are compared between runs to tell what changed)."""
    reports = [build_report(seed), build_report(CASES["two bureaus"]), build_report(CASES["hostile"])]
    for protect_inputs in (False, True):
        first = [render_xlsx(r, protect_inputs=protect_inputs) for r in reports]
        again = [render_xlsx(r, protect_inputs=protect_inputs) for r in reversed(reports)][::-1]
        assert first == again


def test_a_division_workbook_leaves_exactly_the_division_inputs_open(seed):
    """The same definition collect uses (model/columns.DIVISION_INPUTS)."""
    ws = workbook(render_xlsx(build_report(seed), protect_inputs=True))[SHEET]
    assert ws.protection.sheet
    for number, row in program_rows(ws).items():
        unlocked = {c - 1 for c in range(1, col.COLUMN_COUNT + 1) if not ws.cell(row, c).protection.locked}
        assert unlocked == set(col.DIVISION_INPUTS), number
    assert all(ws.cell(r, c).protection.locked for r in range(1, 6) for c in range(1, col.COLUMN_COUNT + 1))


def measures_across_pages(publication, pdf) -> list[tuple[str, bool]]:
    """Each measure whose programs print on more than one page, and whether its name is
    printed on each of those pages."""
    from pypdf import PdfReader
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(pdf).pages]
    found = []
    for bureau in publication.bureaus:
        for pillar in bureau.pillars:
            for measure in pillar.measures:
                names = [re.sub(r"\s+", "", p.name.text) for p in measure.programs]
                where = sorted({i for i, text in enumerate(pages) for name in names if name in text})
                if len(where) > 1:
                    measure_name = re.sub(r"\s+", "", measure.name)
                    found.append((measure.name, all(measure_name in pages[i] for i in where)))
    return found


@pytest.mark.parametrize("paper", ["a3", "a4"])
def test_libreoffice_never_prints_a_measure_across_a_page_break_when_it_fits_a_page(tmp_path, paper):
    """The seed on A4 cut 「地域活動の抜本的な見 / 直しによる活性化」 across two pages; a
    generated book cut 26 of its measures. A measure taller than a whole page runs over, with
    its name repeated at the top of each page."""
    from reportgen.renderers.xlsx.pages import SAFETY, printable
    source = tmp_path / "city.txt"
    source.write_bytes(subprocess.run([sys.executable, str(WORKLOAD), "--programs", "200", "--bureaus", "2"],
                                      capture_output=True, check=True).stdout)
    for publication, name in ((load([str(SEED)]), "seed"), (load([str(source)]), "city")):
        book = tmp_path / f"{name}.xlsx"
        book.write_bytes(render_xlsx(build_report(publication), paper))
        soffice(book, "pdf", tmp_path)
        sheets = openpyxl.load_workbook(book)
        allowed = set()
        for bureau in publication.bureaus:
            sheet = sheets[bureau.name]
            repeated = sum(sheet.row_dimensions[r].height or 15 for r in (4, 5))  # the header rows on each page
            capacity = printable(paper)[1] * 100 / sheet.page_setup.scale * SAFETY - repeated
            setup = sheet.sheet_properties.pageSetUpPr
            assert not (setup and setup.fitToPage)  # Excel ignores manual breaks on a sheet fit to a page
            rows = {re.sub(r"\s+", "", str(sheet.cell(r, 3).value)): r for r in range(1, sheet.max_row + 1)}
            for pillar in bureau.pillars:
                for measure in pillar.measures:
                    numbers = [rows[re.sub(r"\s+", "", p.name.text)] for p in measure.programs]
                    height = sum(sheet.row_dimensions[r].height or 15 for r in range(min(numbers), max(numbers) + 1))
                    if height > capacity:  # with the repeated header rows it cannot fit any page
                        allowed.add(measure.name)
        def measures(p):
            return [(m.name, [x.number for x in m.programs]) for b in p.bureaus for q in b.pillars for m in q.measures]
        assert measures(load([str(book)])) == measures(publication)  # a name repeated per page is one measure
        across = measures_across_pages(publication, tmp_path / f"{name}.pdf")
        assert [m for m, _ in across if m not in allowed] == [], (name, paper)  # only those taller than a page
        assert all(named for _, named in across), (name, paper)  # and those repeat their name on each page
