"""The seed-text loader: the seed read exactly, its variants, and its traps."""
from __future__ import annotations

import pytest
from conftest import SEED
from textdoc import TITLE, page, pillar_row, program_row

from reportgen import ReportgenError, Severity, load, read

# Every budget as printed in the seed, checked by hand against the text
# (page 1 lines 8-17, page 2 lines 27-28). None = the cell is empty.
SEED_BUDGETS = {
    1: (4359, 2250),
    2: (59052, 57352),
    3: (39464, 57740),
    4: (26057, 21800),
    5: (10100, 10100),
    6: (1500, 900),
    7: (269870, 270700),
    8: (2129365, 2423778),
    9: (8500, 5380),
    10: (None, 28000),
}


def by_number(publication):
    return {p.number: p for p in publication.programs}


def test_seed_programs_pillars_divisions(seed_publication):
    pub = seed_publication
    assert pub.years.first == 2024 and pub.years.second == 2025
    assert pub.years.codes == ("R6", "R7")
    assert pub.years.names == ("令和6年度", "令和7年度")
    assert pub.title == TITLE
    assert [b.name for b in pub.bureaus] == ["総務市民局"]
    bureau = pub.bureaus[0]
    assert [p.heading for p in bureau.pillars] == [
        "I 「稼げるまち」の実現", "II 「彩りあるまち」の実現", "III 「安らぐまち」の実現"]
    assert [p.number for p in pub.programs] == list(range(1, 11))
    assert sorted({p.division for p in pub.programs}) == sorted(
        ["女性の働く社会推進室", "区政推進課", "安全・安心推進課", "地域振興課"])
    assert pub.footnotes == (
        "※R6年度の主要事務事業に該当する場合はR6欄に「●」、R7年度の主要事務事業に該当する場合はR7欄に「●」を記載しています。",)


def test_seed_budgets_equal_the_printed_numbers(seed_publication):
    programs = by_number(seed_publication)
    assert {n: (p.budgets[0].amount, p.budgets[1].amount) for n, p in programs.items()} == SEED_BUDGETS
    # the printed text is kept beside the number
    assert programs[8].budgets[1].text == "2,423,778"
    # totals by hand: 2,548,267 (R6) and 2,878,000 (R7)
    assert sum(a for a, _ in SEED_BUDGETS.values() if a) == 2548267
    assert sum(b for _, b in SEED_BUDGETS.values()) == 2878000


def test_program_10_has_no_r6_budget_and_no_r6_mark(seed_publication):
    program = by_number(seed_publication)[10]
    assert program.major == (False, True)
    assert program.budgets[0].amount is None and program.budgets[0].text == ""
    kpi = program.kpis[0]
    assert (kpi.baseline, kpi.baseline_year.text, kpi.baseline_year.year) == ("—", "—", None)
    assert kpi.targets == ("", "策定")


def test_program_9_has_two_names(seed_publication):
    name = by_number(seed_publication)[9].name
    assert name.renamed
    assert name.by_year == ("多世代が参加・交流できる自治会活動支援事業", "協働による地域の活性化支援事業")
    assert name.text == "多世代が参加・交流できる自治会活動支援事業(R6)協働による地域の活性化支援事業(R7)"


def test_kpis_are_verbatim_and_baseline_years_parsed(seed_publication):
    programs = by_number(seed_publication)
    assert programs[1].kpis[0].baseline == "62.8%"
    assert programs[3].kpis[0].baseline == "6,044件"
    assert programs[5].kpis[0].targets == ("R5年度比増（R5：81.4%）", "R6年度比増")
    assert programs[5].kpis[0].baseline_year.year == 2013  # H25
    assert programs[1].kpis[0].baseline_year.year == 2023  # R5
    assert len(programs[7].kpis) == 2
    assert programs[7].kpis[1].baseline == "—"
    assert programs[7].kpis[1].targets == ("(R7年度制度開始予定)", "2団体")
    assert programs[8].kpis[0].targets == ("—", "調整中")
    assert programs[8].kpis[0].baseline == "R6年度のアンケート結果をもって設定"
    assert len(programs[1].kpis) == 1


def test_measure_continues_from_blank_cell_and_across_the_page_break(seed_publication):
    pillar = seed_publication.bureaus[0].pillars[2]
    assert [[p.number for p in m.programs] for m in pillar.measures] == [[3, 4], [5, 6], [7, 8], [9, 10]]
    # programs 9 and 10 are on page 2, under pillar III with no new heading row
    assert pillar.measures[3].name == "地域活動の抜本的な見直しによる活性化"


def test_every_realignment_is_reported(seed_text):
    result = read([str(SEED)])
    notices = [f for f in result.findings if f.severity is Severity.NOTICE]
    assert sorted(f.location.line for f in notices) == [8, 10, 12, 13, 14, 15, 16, 17]
    assert not result.errors
    assert all(f.location.file == str(SEED) for f in notices)


def test_source_location_and_original_cells_are_kept(seed_publication):
    program = by_number(seed_publication)[10]
    assert program.source.line == 28
    assert program.number_text == "10"


@pytest.mark.parametrize("encoding,newline,bom", [
    ("cp932", "\r\n", False),
    ("utf-8", "\r\n", True),
    ("utf-8", "\n", True),
])
def test_encoding_variants_load_the_same(tmp_path, seed_text, seed_publication, encoding, newline, bom):
    text = seed_text
    if encoding == "cp932":
        text = text.replace("—", "―")  # CP932 has no U+2014; its dash is U+2015
    data = text.replace("\n", newline).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "variant.txt"
    path.write_bytes(data)
    variant = load([str(path)])
    assert [(p.number, p.budgets) for p in variant.programs] == \
        [(p.number, p.budgets) for p in seed_publication.programs]
    if encoding == "cp932":
        kpi = by_number(variant)[10].kpis[0]
        assert kpi.baseline == "―"  # kept verbatim, not "fixed" to —
    else:
        assert variant == seed_publication


def write(tmp_path, text, name="doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_pillar_and_measure_continue_across_page_break(tmp_path):
    page1 = page([pillar_row("I 「稼げるまち」の実現"),
                  program_row("施策A", 1, "事業一"),
                  program_row("", 2, "事業二")], phantom=True)
    page2 = page([program_row("", 3, "事業三"),
                  program_row("施策B", 4, "事業四"),
                  pillar_row("II 「彩りあるまち」の実現"),
                  program_row("施策C", 5, "事業五")], bureau="企画局")
    pub = load([write(tmp_path, page1 + page2)])
    bureau = pub.bureaus[0]
    assert bureau.name == "企画局"  # page 1 names no bureau: it takes page 2's
    assert [(p.numeral, [(m.name, [x.number for x in m.programs]) for m in p.measures])
            for p in bureau.pillars] == [
        ("I", [("施策A", [1, 2, 3]), ("施策B", [4])]),
        ("II", [("施策C", [5])])]


def test_r6_only_and_r7_only_programs_on_the_phantom_page(tmp_path):
    rows = [pillar_row("I 「稼げるまち」の実現"),
            program_row("施策A", 1, "R6だけの事業", marks=("●", ""), budgets=("3,000", "")),
            program_row("", 2, "R7だけの事業", marks=("", "●"), budgets=("", "4,000")),
            program_row("", 3, "KPI②ありR7だけ", marks=("", "●"), budgets=("", "5,000"),
                        kpi2=("目標2", "1", "R5", "2", "3")),
            program_row("", 4, "KPI②ありR6だけ", marks=("●", ""), budgets=("6,000", ""),
                        kpi2=("目標2", "1", "R5", "2", "3"))]
    text = page(rows, phantom=True)
    # the phantom really is in the file: 20 fields on each program line
    assert [len(line.split("\t")) for line in text.splitlines() if "\t" in line][3:] == [20, 20, 20, 20]
    result = read([write(tmp_path, text)], bureau="企画局")
    assert not result.errors, result.errors
    got = {p.number: (p.budgets[0].amount, p.budgets[1].amount) for p in result.publication.programs}
    assert got == {1: (3000, None), 2: (None, 4000), 3: (None, 5000), 4: (6000, None)}
    assert sum(f.severity is Severity.NOTICE for f in result.findings) == 4


def test_one_budget_in_the_middle_with_two_marks_is_an_error(tmp_path):
    # with the phantom before the budgets the fields read '', '4,000', '': the position
    # fits either year and both years are marked
    row = program_row("施策A", 1, "事業", marks=("●", "●"), budgets=("4,000", ""))
    text = page([pillar_row("I 「稼げるまち」の実現"), row], phantom=True, bureau="企画局")
    result = read([write(tmp_path, text)])
    assert [(f.location.line, f.field) for f in result.errors] == [(10, "予算額")]
    assert "判別できません" in result.errors[0].message


def test_file_of_two_bureaus(tmp_path):
    first = page([pillar_row("I 「稼げるまち」の実現"), program_row("施策A", 1, "一")], bureau="企画局")
    second = page([pillar_row("I 「稼げるまち」の実現"), program_row("施策B", 1, "二"),
                   program_row("", 2, "三")], bureau="環境局")
    pub = load([write(tmp_path, first + second)])
    assert [(b.name, [p.number for p in b.programs]) for b in pub.bureaus] == [
        ("企画局", [1]), ("環境局", [1, 2])]


def test_two_files_and_a_folder(tmp_path):
    (tmp_path / "src").mkdir()
    write(tmp_path, page([pillar_row("I 「稼げるまち」の実現"), program_row("施策A", 1, "一")],
                         bureau="企画局"), "src/01.txt")
    write(tmp_path, page([pillar_row("I 「稼げるまち」の実現"), program_row("施策B", 1, "二")],
                         bureau="環境局"), "src/02.txt")
    pub = load([str(tmp_path / "src")])
    assert [b.name for b in pub.bureaus] == ["企画局", "環境局"]


def test_r7_r8_edition_takes_its_years_from_the_headers(tmp_path):
    title = "新ビジョンに係る主な施策における主要事務事業(令和7年度・令和8年度)"
    rows = [pillar_row("I 「稼げるまち」の実現"),
            program_row("施策A", 1, "旧名(R7)新名(R8)", kpi1=("目標", "1", "R元", "2", "3"))]
    pub = load([write(tmp_path, page(rows, bureau="企画局", codes=("R7", "R8"), title=title))])
    assert (pub.years.first, pub.years.second) == (2025, 2026)
    assert pub.years.codes == ("R7", "R8")
    program = pub.programs[0]
    assert program.name.by_year == ("旧名", "新名")
    assert program.kpis[0].baseline_year.year == 2019
    assert pub.title == title


def test_file_without_a_bureau_name_needs_the_option(tmp_path):
    path = write(tmp_path, page([pillar_row("I 「稼げるまち」の実現"), program_row("施策A", 1, "一")]))
    with pytest.raises(ReportgenError) as caught:
        load([path])
    assert "--bureau" in str(caught.value)
    assert load([path], bureau="企画局").bureaus[0].name == "企画局"


def errors_of(tmp_path, rows, **page_options):
    page_options.setdefault("bureau", "企画局")
    result = read([write(tmp_path, page(rows, **page_options))])
    return [(f.location.line, f.field, f.message) for f in result.errors]


PILLAR = pillar_row("I 「稼げるまち」の実現")


def test_bad_budget_names_line_and_field(tmp_path):
    errors = errors_of(tmp_path, [PILLAR, program_row("施策A", 1, "一", budgets=("1,000", "12O"))])
    assert [(line, field) for line, field, _ in errors] == [(10, "R7予算額(千円)")]
    assert "12O" in errors[0][2]


def test_header_that_does_not_match(tmp_path):
    text = page([PILLAR, program_row("施策A", 1, "一")], bureau="企画局").replace("担当課", "所管課", 1)
    result = read([write(tmp_path, text)])
    assert [(f.location.line, f.field) for f in result.errors] == [(7, "header")]
    assert "所管課" in result.errors[0].message


def test_row_outside_any_pillar(tmp_path):
    errors = errors_of(tmp_path, [program_row("施策A", 1, "一")])
    assert [(line, field) for line, field, _ in errors] == [(9, "重点戦略")]


def test_mark_other_than_the_dot(tmp_path):
    errors = errors_of(tmp_path, [PILLAR, program_row("施策A", 1, "一", marks=("○", "●"))])
    assert [(line, field) for line, field, _ in errors] == [(10, "R6")]


def test_blank_measure_with_nothing_above(tmp_path):
    errors = errors_of(tmp_path, [PILLAR, program_row("", 1, "一")])
    assert [(line, field) for line, field, _ in errors] == [(10, "主な施策")]


def test_too_few_fields(tmp_path):
    errors = errors_of(tmp_path, [PILLAR, program_row("施策A", 1, "一")[:15]])
    assert [(line, field) for line, field, _ in errors] == [(10, "layout")]


def test_bureau_repeated_after_another(tmp_path):
    a = page([PILLAR, program_row("施策A", 1, "一")], bureau="企画局")
    b = page([PILLAR, program_row("施策B", 1, "二")], bureau="環境局")
    result = read([write(tmp_path, a + b + a)])
    assert [f.field for f in result.errors] == ["局"]


def test_a_huge_number_or_budget_is_a_finding_not_an_internal_error(tmp_path):
    """Thousands of digits used to reach int() and Python's digit limit (exit 3)."""
    rows = [pillar_row("I 「稼げるまち」の実現"),
            program_row("施策", "1" * 4301, "事業A"),
            program_row("施策", 2, "事業B", budgets=("9" * 4301, "2,000")),
            program_row("施策", 3, "事業C", budgets=("1" * 16, "2,000")),
            program_row("施策", 4, "事業D", budgets=("999,999,999,999,999", "2,000"))]
    path = tmp_path / "huge.txt"
    path.write_text(page(rows, "総務市民局"), encoding="utf-8")
    result = read([str(path)])
    errors = [(f.location.line, f.message) for f in result.errors]
    assert [line for line, _ in errors] == [10, 11, 12]  # the rows of programs 1-3; program 4 reads
    assert "4301 桁" in errors[0][1] and "9 桁まで" in errors[0][1]
    assert "4301 桁" in errors[1][1] and "15 桁まで" in errors[1][1]
    assert "16 桁" in errors[2][1]
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "check", str(path)], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "内部エラー" not in result.stderr


def test_footnotes_repeat_once_each_in_order(tmp_path):
    text = "".join(page([pillar_row("I 「稼げるまち」の実現"), program_row("施策", n, f"事業{n}")], "総務市民局",
                        footnote=f"※注{n % 3}") for n in range(1, 10))
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    assert load([str(path)]).footnotes == ("※注1", "※注2", "※注0")


def test_a_file_naming_no_bureau_is_still_checked_to_the_end(tmp_path):
    """Every finding at once: the missing bureau and a bad budget further down."""
    rows = [pillar_row("I 「稼げるまち」の実現"), program_row("施策", 1, "事業A"),
            program_row("施策", 2, "事業B", budgets=("12x", "2,000"))]
    path = tmp_path / "unnamed.txt"
    path.write_text(page(rows), encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        load([str(path)])
    fields = [f.field for f in caught.value.findings]
    assert "bureau" in fields and any("予算額" in f for f in fields), fields
    assert "（局名なし）" not in "".join(f.message for f in caught.value.findings)


def test_header_years_before_any_era_are_a_finding_not_an_internal_error(tmp_path):
    path = tmp_path / "old.txt"
    path.write_text(page([pillar_row("I 「稼げるまち」の実現"), program_row("施策", 1, "事業A")], "総務市民局",
                         codes=("1900", "1901")), encoding="utf-8")
    result = read([str(path)])
    assert result.errors and all(f.field == "header" for f in result.errors)
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(path), "-o", str(tmp_path / "o")],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "内部エラー" not in run.stderr
