"""Reading a table of programs row by row: what blank cells continue, what is refused."""
from __future__ import annotations

from conftest import SEED

import reportgen.model.program_table as table
from reportgen import Severity, load
from reportgen.model.glossary import table_words
from reportgen.model.publication import FiscalYears, Location
from reportgen.readers.programs import MAX_ERRORS_PER_FILE, Grid, read_programs
from reportgen.readers.sources import finish
from reportgen.readers.tree import PublicationTree
from reportgen.renderers.csv import render_csv

HEADERS = list(table_words(FiscalYears(2024, 2025)).open_data_headers)


def row(number, bureau="総務局", pillar="I 「稼げるまち」の実現", measure="施策A", name="事業", marks=("●", "●"),
        division="企画課", budgets=("100", "200"), **cells) -> list[object]:
    values = [""] * table.COLUMN_COUNT
    values[table.BUREAU], values[table.PILLAR], values[table.MEASURE] = bureau, pillar, measure
    values[table.NUMBER], values[table.NAME], values[table.DIVISION] = str(number), name, division
    values[table.MARK_FIRST], values[table.MARK_SECOND] = marks
    values[table.BUDGET_FIRST], values[table.BUDGET_SECOND] = budgets
    for position, value in cells.items():
        values[getattr(table, position.upper())] = value
    return values


def read_rows(rows, headers=HEADERS, bureau=None):
    grid = Grid([headers, *rows], lambda r, c: Location("t.csv", r + 1))
    tree, findings = PublicationTree(), []
    read_programs(grid, tree, findings, bureau)
    return finish(tree, findings, "t.csv")


def test_blank_bureau_pillar_and_measure_cells_continue_the_row_above():
    result = read_rows([row(1), row(2, bureau="", pillar="", measure=""),
                        row(3, bureau="", pillar="II 「彩りあるまち」の実現", measure="施策A"),
                        row(1, bureau="企画局", pillar="I 「稼げるまち」の実現")])
    assert not result.errors
    first, second = result.publication.bureaus
    assert [p.numeral for p in first.pillars] == ["I", "II"]
    assert [len(m.programs) for m in first.pillars[0].measures] == [2]
    assert second.name == "企画局"


def test_a_bureau_comes_from_the_option_when_the_table_has_no_column():
    headers = HEADERS[1:]
    result = read_rows([row(1)[1:]], headers=headers, bureau="総務局")
    assert not result.errors and result.publication.bureaus[0].name == "総務局"
    result = read_rows([row(1)[1:]], headers=headers)
    assert [f.message for f in result.errors] == ["必要な列が 1 列ありません: 「局」。見出しをこの名前にしてください"]


def test_marks_may_be_booleans():
    result = read_rows([row(1, marks=(True, False), budgets=(100, None))])
    assert not result.errors and result.publication.programs[0].major == (True, False)


def test_each_problem_names_its_row_and_field():
    result = read_rows([row(1, pillar="稼げるまち"), row(2, marks=("○", "●")), row("二")])
    assert [(f.location.line, f.field) for f in result.errors] == [(2, "重点戦略"), (3, "R6"), (4, "事務事業番号")]


def test_a_renamed_programs_year_columns_must_agree_with_its_name():
    renamed = "旧事業(R6)新事業(R7)"
    ok = read_rows([row(1, name=renamed, name_first="旧事業", name_second="新事業")])
    assert not ok.errors and ok.publication.programs[0].name.by_year == ("旧事業", "新事業")
    wrong = read_rows([row(1, name=renamed, name_first="旧事業", name_second="別の事業")])
    assert [(f.field, f.message) for f in wrong.errors] == [
        ("主要事務事業名(R7)", "「別の事業」は主要事務事業名「旧事業(R6)新事業(R7)」と食い違います（この年度の名前は「新事業」）")]
    from_years = read_rows([row(1, name="", name_first="旧事業", name_second="新事業")])
    assert from_years.publication.programs[0].name.text == renamed


def test_a_value_under_no_header_is_said_not_read():
    headers = HEADERS[:5] + [""] + HEADERS[5:]
    values = row(1)
    result = read_rows([values[:5] + ["メモ"] + values[5:]], headers=headers)
    assert not result.errors
    assert [(f.severity, f.message) for f in result.findings] == [
        (Severity.WARNING, "見出しのない列の値「メモ」は読みません（残すなら列に見出しを付けてください）")]
    beyond = read_rows([row(1) + ["", "右端のメモ"]])  # right of every header, too
    assert [f.message for f in beyond.findings] == [
        "見出しのない列の値「右端のメモ」は読みません（残すなら列に見出しを付けてください）"]


def test_headers_without_two_years_are_refused():
    headers = [h.replace("R7", "R8") for h in HEADERS]
    result = read_rows([row(1)], headers=headers)
    assert [f.field for f in result.errors] == ["header"]
    assert "見つかった年度: R6、R8" in result.errors[0].message


def test_a_table_with_no_program_rows_is_an_error():
    assert [f.message for f in read_rows([]).errors] == ["見出しの下に事業の行がありません"]


def test_reading_stops_after_too_many_errors():
    result = read_rows([row(n, division="") for n in range(1, 150)])
    assert len(result.errors) == MAX_ERRORS_PER_FILE + 2  # the limit passed, then the sentence saying so
    assert result.errors[-1].message == f"エラーが {MAX_ERRORS_PER_FILE} 件を超えたので、このファイルの残りは読みません"
    assert result.errors[-2].location.line == MAX_ERRORS_PER_FILE + 2  # the 101st program's row: none read after


def test_the_seed_read_as_a_table_is_the_seed(tmp_path, seed_publication):
    path = tmp_path / "seed.csv"
    path.write_bytes(render_csv(load(str(SEED))))
    assert load(str(path)) == seed_publication


def test_the_documents_two_header_rows_are_read_as_one():
    """A staffer's copy of the printed header: KPI (成果指標①) above its five sub-headings."""
    import reportgen.model.columns as col
    first, second = col.header_rows(("R6", "R7"))
    top = ["局", "重点戦略", *first[:3], "", "", *first[3:]]
    sub = ["", "", *second[:3], "", "", *second[3:]]
    values = row(1)
    data = values[:table.NAME + 1] + ["", ""] + values[table.SUMMARY:]  # no per-year name columns
    result = read_rows([sub, data], headers=top)
    assert not result.errors, result.findings
    assert result.publication.programs[0].budgets[1].amount == 200
