"""A division's workbook says where to type and what: input cells shaded, a prompt on every input column."""
import io

import openpyxl
import pytest

import reportgen.model.columns as col
from reportgen.messages import say
from reportgen.model.divisions import split_publication
from reportgen.options import Options
from reportgen.renderers.xlsx.inputs import MAX_MESSAGE, MAX_TITLE, input_prompts
from reportgen.renderers.xlsx.styles import INPUT_FILL
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.edition import build_edition


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_prompt_fits_what_excel_shows(lang):
    prompts = input_prompts("R8", lambda message_id, **params: say(message_id, **params).text(lang))
    assert set(prompts) == set(col.DIVISION_INPUTS)
    for prompt in prompts.values():
        assert 0 < len(prompt["input_title"]) <= MAX_TITLE and 0 < len(prompt["input_message"]) <= MAX_MESSAGE


def division_sheet(seed_publication, protect: bool = True):
    part = split_publication(seed_publication)[2]
    edition = build_edition(part.publication, Options().build, division=part.division)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(edition.report, protect_inputs=protect)))
    return book["総務市民局"]


def program_rows(sheet) -> list[int]:
    return [r for r in range(1, sheet.max_row + 1) if isinstance(sheet.cell(r, col.NUMBER + 1).value, int)]


def test_input_cells_are_shaded_and_unlocked_and_no_other_cell_is(seed_publication):
    sheet = division_sheet(seed_publication)
    rows = program_rows(sheet)
    assert rows
    for row in rows:
        for index in range(col.COLUMN_COUNT):
            cell = sheet.cell(row, index + 1)
            editable = index in col.DIVISION_INPUTS
            assert cell.protection.locked is not editable, cell.coordinate
            shaded = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
            assert (shaded == "FF" + INPUT_FILL.lstrip("#").upper()) is editable, cell.coordinate


def test_each_input_column_prompts_for_what_goes_in_it(seed_publication):
    sheet = division_sheet(seed_publication)
    rows = program_rows(sheet)
    prompts = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            if validation.prompt:
                assert cells.min_col == cells.max_col  # one column, one prompt
                assert cells.min_row <= min(rows) and cells.max_row >= max(rows)  # every program row
                prompts[cells.min_col - 1] = (validation.promptTitle, validation.prompt, validation.type)
    assert set(prompts) == set(col.DIVISION_INPUTS)
    assert prompts[col.BUDGET_SECOND][0] == "R7予算額（千円）" and prompts[col.BUDGET_SECOND][2] == "whole"
    assert prompts[col.MARK_SECOND][2] == "list" and "「●」" in prompts[col.MARK_SECOND][1]
    assert prompts[col.SUMMARY][:2] == ("事業概要", say("xlsx.prompt_summary", code="R7").text("ja"))


def test_the_book_has_no_shading_and_no_prompts(seed_publication):
    sheet = division_sheet(seed_publication, protect=False)
    assert not any(v.prompt for v in sheet.data_validations.dataValidation)
    assert all(sheet.cell(r, col.SUMMARY + 1).fill.fill_type is None for r in program_rows(sheet))


def instructions_of(path) -> tuple[list[str], list[str | None]]:
    book = openpyxl.load_workbook(path)
    return book.sheetnames, [row[0] for row in book["記入要領"].iter_rows(values_only=True)] \
        if "記入要領" in book.sheetnames else []


def test_a_division_workbook_opens_on_its_instructions_with_deadline_and_return_address(tmp_path):
    import subprocess
    import sys

    from conftest import SEED
    out = tmp_path / "divisions"
    subprocess.run([sys.executable, "-m", "reportgen.cli", "split", str(SEED), "-o", str(out), "-q",
                    "--deadline", "12月20日（金）", "--return-to", "総務課 soumu@city.example.jp"],
                   check=True, capture_output=True)
    path = out / "総務市民局_地域振興課.xlsx"
    names, lines = instructions_of(path)
    assert names == ["記入要領", "総務市民局"] and openpyxl.load_workbook(path).active.title == "記入要領"
    assert lines[0] == "記入要領" and lines[1].startswith("総務市民局　地域振興課：")
    assert "提出期限：12月20日（金）" in lines and "提出先：総務課 soumu@city.example.jp" in lines
    assert any("R7予算額(千円)" in (line or "") for line in lines)  # the columns to fill in, by their headings
    plain = tmp_path / "plain"
    subprocess.run([sys.executable, "-m", "reportgen.cli", "split", str(SEED), "-o", str(plain), "-q"],
                   check=True, capture_output=True)
    _, lines = instructions_of(plain / "総務市民局_地域振興課.xlsx")
    assert not [line for line in lines if line and line.startswith(("提出期限", "提出先"))]


def test_a_city_office_can_word_the_instructions_itself(tmp_path):
    import subprocess
    import sys

    from conftest import SEED
    own = tmp_path / "templates"
    own.mkdir()
    (own / "division_instructions.txt.j2").write_text("{{ division }} の皆さんへ\n期限 {{ deadline }}\n",
                                                      encoding="utf-8")
    out = tmp_path / "divisions"
    subprocess.run([sys.executable, "-m", "reportgen.cli", "split", str(SEED), "-o", str(out), "-q",
                    "--templates", str(own), "--deadline", "1月9日"], check=True, capture_output=True)
    _, lines = instructions_of(out / "総務市民局_区政推進課.xlsx")
    assert lines == ["区政推進課 の皆さんへ", "期限 1月9日"]


def test_the_book_and_the_division_pdf_carry_no_instructions(tmp_path, seed_publication):
    from reportgen.report.builder import build_report
    book = tmp_path / "book.xlsx"
    book.write_bytes(render_xlsx(build_report(seed_publication)))
    assert "記入要領" not in openpyxl.load_workbook(book).sheetnames
