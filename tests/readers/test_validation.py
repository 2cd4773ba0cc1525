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
