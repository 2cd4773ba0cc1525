"""The model's helpers."""
from reportgen.model.publication import FiscalYears, map_programs


def test_fiscal_years_labels():
    years = FiscalYears(2024, 2025)
    assert years.codes == ("R6", "R7") and years.names == ("令和6年度", "令和7年度")
    assert list(years) == [2024, 2025] and years.index(2025) == 1


def test_map_programs_keeps_order_and_drops_what_it_empties(seed_publication):
    same = map_programs(seed_publication, lambda bureau, program: program)
    assert same == seed_publication
    only_large = map_programs(seed_publication,
                              lambda bureau, p: p if (p.budgets[1].amount or 0) > 100000 else None)
    assert [p.number for p in only_large.programs] == [7, 8]
    assert [p.heading for p in only_large.bureaus[0].pillars] == ["III 「安らぐまち」の実現"]
    assert [m.name for m in only_large.bureaus[0].pillars[0].measures] == [
        "ソーシャル・キャピタル（地域における繋がり）の強化"]
