"""The report builder: rows, spans, subtotals that sum only what exists."""
import pytest

from reportgen.model.amounts import sum_existing
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
from reportgen.report.builder import Align, RowKind, build_report


def program(number, budgets, major=(True, True), name="事業"):
    return Program(number, ProgramName(name, (name, name)), "概要", major, "企画課",
                   (Kpi("目標", "1", BaselineYear("R5", 2023), ("2", "3")),),
                   tuple(Budget(b) for b in budgets))


def publication(*bureaus, years=(2024, 2025)):
    return Publication("表題", FiscalYears(*years), ("※注",), bureaus)


def test_sum_existing_never_invents_zero():
    assert sum_existing([None, None]) is None
    assert sum_existing([None, 5, -2]) == 3
    assert sum_existing([0]) == 0


def test_seed_rows_and_totals_equal_the_source_sums(seed_publication):
    report = build_report(seed_publication)
    section = report.sections[0]
    kinds = [r.kind for r in section.rows]
    assert kinds.count(RowKind.PILLAR) == 3 and kinds.count(RowKind.PROGRAM) == 10
    assert kinds.count(RowKind.PILLAR_SUBTOTAL) == 3 and kinds[-1] is RowKind.BUREAU_TOTAL
    for pillar_index, pillar in enumerate(seed_publication.bureaus[0].pillars):
        subtotal = next(r for r in section.rows
                        if r.kind is RowKind.PILLAR_SUBTOTAL and r.pillar == pillar_index)
        expected = tuple(sum_existing(p.budgets[i].amount for p in pillar.programs) for i in range(2))
        assert subtotal.amounts == expected
        assert subtotal.label == f"小計（{pillar.heading}）"
        first, last = subtotal.covers
        covered = [r for r in section.rows[first:last + 1] if r.kind is RowKind.PROGRAM]
        assert len(covered) == len(pillar.programs)
    assert section.total == (2548267, 2878000)
    assert report.grand_total is None


def test_program_cells_spans_and_formats(seed_publication):
    rows = [r for r in build_report(seed_publication).sections[0].rows if r.kind is RowKind.PROGRAM]
    assert len(rows[0].cells) == 19
    assert [r.measure_rows for r in rows] == [1, 1, 2, 0, 2, 0, 2, 0, 2, 0]
    assert [r.measure_start for r in rows] == [True, True, True, False, True, False, True, False, True, False]
    nine, ten = rows[8], rows[9]
    assert nine.cells[2].text == "多世代が参加・交流できる自治会活動支援事業(R6)\n協働による地域の活性化支援事業(R7)"
    assert ten.cells[17].text == "—" and ten.cells[17].amount is None and ten.cells[17].align is Align.RIGHT
    assert ten.cells[18].text == "28,000" and ten.cells[18].amount == 28000
    assert ten.cells[4].text == "" and ten.cells[5].text == "●"
    assert rows[7].cells[17].text == "2,129,365"


def test_year_with_no_budget_at_all_stays_none():
    pub = publication(Bureau("局", (Pillar("I", "柱", (Measure("施策", (
        program(1, (None, 5), major=(False, True)), program(2, (None, 7), major=(False, True)))),)),)))
    section = build_report(pub).sections[0]
    subtotal = section.rows[-2]
    assert subtotal.amounts == (None, 12)
    assert subtotal.cells[1].text == "—"
    assert section.total == (None, 12)


def test_measure_subtotals_and_grand_total():
    first = Bureau("甲局", (Pillar("I", "柱", (Measure("施策A", (program(1, (1, 2)), program(2, (3, None)))),
                                              Measure("施策B", (program(3, (-10, 4)),)))),))
    second = Bureau("乙局", (Pillar("II", "柱2", (Measure("施策C", (program(1, (100, 200)),)),)),))
    report = build_report(publication(first, second), subtotals="measure")
    rows = report.sections[0].rows
    measure_totals = [r for r in rows if r.kind is RowKind.MEASURE_SUBTOTAL]
    assert [r.amounts for r in measure_totals] == [(4, 2), (-10, 4)]
    assert measure_totals[1].cells[1].text == "△10"
    pillar_total = next(r for r in rows if r.kind is RowKind.PILLAR_SUBTOTAL)
    assert pillar_total.amounts == (-6, 6)  # the measure subtotals are not counted twice
    assert report.grand_total.amounts == (94, 206)
    assert report.grand_total.label == "総計（2局）"
    assert report.author == "甲局・乙局"


def test_labels_follow_the_edition_years():
    pub = publication(Bureau("局", (Pillar("I", "柱", (Measure("施策", (program(1, (1, 2)),)),)),)),
                      years=(2025, 2026))
    labels = build_report(pub).labels
    assert labels.header_rows[0][4:6] == ("R7", "R8")
    assert labels.header_rows[0][17:] == ("R7予算額(千円)", "R8予算額(千円)")
    assert "R7欄は令和7年度" in labels.legend[0]


def test_unknown_subtotal_mode(seed_publication):
    with pytest.raises(ValueError):
        build_report(seed_publication, subtotals="division")
