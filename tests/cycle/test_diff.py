"""Comparing editions: exactly the edits made, and the 増減 per pillar and bureau."""
from conftest import SEED

from reportgen import load
from reportgen.cycle.diff import compare, describe


def edited(tmp_path, replacements):
    text = SEED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "edited.txt"
    path.write_text(text, encoding="utf-8")
    return load([str(path)])


def test_identical_editions_have_no_changes(seed_publication):
    comparison = compare(seed_publication, seed_publication)
    assert comparison.changes == () and comparison.totals == ()
    assert comparison.years == (2024, 2025)


def test_budget_mark_and_text_edits(tmp_path, seed_publication):
    new = edited(tmp_path, [("59,052\t57,352", "59,052\t60,000"), ("刑法犯認知件数", "刑法犯の認知件数"),
                            ("\t策定\t", "\t策定済\t")])
    comparison = compare(seed_publication, new)
    summary = [(c.number, c.kind, c.field, c.old, c.new, c.delta) for c in comparison.changes]
    assert summary == [
        (2, "budget", "R7予算額(千円)", "57,352", "60,000", 2648),
        (3, "text", "KPI① 事業目標", "刑法犯認知件数", "刑法犯の認知件数", None),
        (10, "text", "KPI① R7目標値", "策定", "策定済", None),
    ]
    assert round(comparison.changes[0].percent, 2) == round(2648 / 57352 * 100, 2)
    totals = [(t.pillar, t.year, t.old, t.new, t.delta) for t in comparison.totals]
    assert totals == [("II 「彩りあるまち」の実現", 2025, 57352, 60000, 2648),
                      ("", 2025, 2878000, 2880648, 2648)]
    lines = describe(comparison)
    assert lines[0] == "総務市民局 事業番号 2: R7予算額(千円) 57,352 → 60,000（増減 2,648、+4.6%）"
    assert lines[-1] == "総務市民局 R7予算額計: 2,878,000 → 2,880,648（増減 2,648）"
    assert describe(comparison, "ja+en") == lines  # a bilingual edition's messages are Japanese
    english = describe(comparison, "en")
    assert english[0] == ("総務市民局 program 2: R7予算額(千円) (Budget FY2025, JPY thousand) "
                          "57,352 → 60,000 (change 2,648, +4.6%)")
    assert english[1] == '総務市民局 program 3: KPI① 事業目標 (KPI 1 Indicator) "刑法犯認知件数" → "刑法犯の認知件数"'
    assert english[-1] == "総務市民局 R7 budget total: 2,878,000 → 2,880,648 (change 2,648)"


def test_added_removed_and_mark_changes(tmp_path, seed_publication):
    text = SEED.read_text(encoding="utf-8").split("\n")
    # drop program 4, and make program 10 a major program in R6 too, with a budget
    text = [line for line in text if not line.startswith("\t4\t")]
    new_lines = [line.replace("\t\t●\t地域振興課", "\t●\t●\t地域振興課").replace("\t\t28,000", "\t1,000\t28,000")
                 if line.startswith("\t10\t") else line for line in text]
    path = tmp_path / "new.txt"
    path.write_text("\n".join(new_lines), encoding="utf-8")
    comparison = compare(seed_publication, load([str(path)]))
    kinds = [(c.number, c.kind, c.field) for c in comparison.changes]
    assert (4, "removed", "主要事務事業名") in kinds
    assert (10, "mark", "R6") in kinds and (10, "budget", "R6予算額(千円)") in kinds
    budget = next(c for c in comparison.changes if c.number == 10 and c.kind == "budget")
    assert (budget.old, budget.new, budget.delta, budget.percent) == ("—", "1,000", None, None)


def test_diff_command(tmp_path):
    import subprocess
    import sys
    edited(tmp_path, [("10,100\t10,100", "10,100\t9,000")])
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "diff", str(SEED), str(tmp_path / "edited.txt")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "総務市民局 事業番号 5: R7予算額(千円) 10,100 → 9,000（増減 △1,100、-10.9%）"
    assert "変更 1 件（比較した年度: R6・R7）" in result.stdout


def test_highlights_name_the_changed_cells(tmp_path, seed_publication):
    import reportgen.model.columns as col
    from reportgen.cycle.diff import highlights
    from reportgen.report.builder import RowKind, build_report
    new = edited(tmp_path, [("59,052\t57,352", "59,052\t60,000"), ("刑法犯認知件数", "刑法犯の認知件数")])
    marks = highlights(compare(seed_publication, new))
    assert marks == {("総務市民局", 2): frozenset({col.BUDGET_SECOND}), ("総務市民局", 3): frozenset({7})}
    report = build_report(new, highlights=marks)
    rows = {r.cells[1].text: r for r in report.sections[0].rows if r.kind is RowKind.PROGRAM}
    assert [i for i, c in enumerate(rows["2"].cells) if c.changed] == [col.BUDGET_SECOND]
    assert [i for i, c in enumerate(rows["3"].cells) if c.changed] == [7]
    assert not any(c.changed for c in rows["4"].cells)


def test_change_report_pdf_and_xlsx_highlight_exactly_the_changed_cells(tmp_path):
    import re
    import subprocess
    import sys

    import openpyxl
    from pypdf import PdfReader

    import reportgen.model.columns as col
    edited(tmp_path, [("59,052\t57,352", "59,052\t60,000")])
    out = tmp_path / "report"
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "diff", str(SEED), str(tmp_path / "edited.txt"),
                             "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out / "変更報告_R6-R7.pdf")
    first = re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert "変更一覧" in first and "事業番号2:R7予算額(千円)57,352→60,000（増減2,648、+4.6%）" in first
    highlighted = [i for i, page in enumerate(reader.pages) if b"1 .93 .55 rg" in page.get_contents().get_data()]
    assert highlighted == [1]  # the page holding program 2
    book = openpyxl.load_workbook(out / "変更報告_R6-R7.xlsx")
    assert book.sheetnames[0] == "変更一覧"
    assert book["変更一覧"]["A4"].value.startswith("総務市民局 事業番号 2: R7予算額(千円) 57,352 → 60,000")
    sheet = book["総務市民局"]
    filled = [(c.row, c.column) for row in sheet.iter_rows() for c in row
              if c.fill.fill_type == "solid" and str(c.fill.fgColor.rgb)[-6:] == "FFEE8C"]
    number_rows = [c.row for c in sheet["B"] if str(c.value) == "2"]
    assert filled == [(number_rows[0], col.BUDGET_SECOND + 1)]
    assert sheet.cell(row=number_rows[0], column=col.BUDGET_SECOND + 1).value == 60000


def test_a_program_moved_to_another_measure(tmp_path, seed_publication):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[13] = "暴力団対策の強化" + lines[13][lines[13].index("\t"):]  # line 14: program 5's measure
    path = tmp_path / "moved.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    changes = compare(seed_publication, load([str(path)])).changes
    assert sorted((c.number, c.field, c.new) for c in changes) == [(5, "主な施策", "暴力団対策の強化"),
                                                                  (6, "主な施策", "暴力団対策の強化")]
