"""R6/R7 → R7/R8: the second year moves first, the new year is empty, nothing vanishes unreported."""
from reportgen.cycle.rollforward import roll_forward


def test_seed_rolls_forward(seed_publication):
    draft, findings = roll_forward(seed_publication)
    assert (draft.years.first, draft.years.second) == (2025, 2026)
    assert draft.years.codes == ("R7", "R8")
    assert draft.title == "新ビジョンに係る主な施策における主要事務事業(令和7年度・令和8年度)"
    assert draft.footnotes[0].startswith("※R7年度の主要事務事業に該当する場合はR7欄に「●」")
    old = {p.number: p for p in seed_publication.programs}
    new = {p.number: p for p in draft.programs}
    assert sorted(new) == list(range(1, 11))  # every seed program is major in R7
    for number, program in new.items():
        before = old[number]
        assert program.major == (True, False)
        assert program.budgets[0].amount == before.budgets[1].amount
        assert program.budgets[1].amount is None
        assert [k.targets for k in program.kpis] == [(k.targets[1], "") for k in before.kpis]
        assert program.division == before.division and program.summary == before.summary
    assert new[9].name.by_year == ("協働による地域の活性化支援事業",) * 2 and not new[9].name.renamed
    assert new[10].budgets[0].amount == 28000
    assert findings == []
    assert [len(b.programs) for b in draft.bureaus] == [10]


def test_program_not_major_in_the_second_year_is_left_out_and_reported(seed_publication):
    from dataclasses import replace
    bureau = seed_publication.bureaus[0]
    first = bureau.pillars[0].measures[0].programs[0]
    changed = replace(first, major=(True, False), budgets=(first.budgets[0], replace(first.budgets[1], amount=None)))
    pillar = replace(bureau.pillars[0], measures=(replace(bureau.pillars[0].measures[0], programs=(changed,)),))
    publication = replace(seed_publication, bureaus=(replace(bureau, pillars=(pillar,) + bureau.pillars[1:]),))
    draft, findings = roll_forward(publication)
    assert 1 not in [p.number for p in draft.programs]
    assert [p.heading for p in draft.bureaus[0].pillars] == ["II 「彩りあるまち」の実現", "III 「安らぐまち」の実現"]
    assert len(findings) == 1 and "事業番号 1" in findings[0].message and "R7 の主要事務事業ではない" in findings[0].message
