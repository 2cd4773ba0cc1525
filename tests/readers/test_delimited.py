"""CSV and tab-separated tables of programs: the open-data CSV, a staffer's CP932 CSV."""
from __future__ import annotations

import csv
import io

from conftest import SEED
from hypothesis import HealthCheck, given, settings
from publications import publications

from reportgen import Severity, load, read
from reportgen.readers.delimited import is_program_table
from reportgen.renderers.csv import render_csv

EM_DASH, HORIZONTAL_BAR = "\u2014", "\u2015"


def open_data_rows(publication) -> list[list[str]]:
    return list(csv.reader(io.StringIO(render_csv(publication).decode("utf-8-sig"), newline="")))


def staffers_table(publication) -> list[list[str]]:
    """The table as a staffer keeps it: a title line, headers in other words and order,
    the bureau and measure only where they change, budgets with thousands separators,
    and two columns of their own."""
    rows = open_data_rows(publication)
    header, body = rows[0], rows[1:]
    renamed = {"事務事業番号": "事業番号", "主要事務事業名": "事業名", "事業概要": "概要",
               "R6予算額(千円)": "予算額（R6）", "R7予算額(千円)": "予算額（R7）"}
    keep = [i for i, h in enumerate(header) if h not in ("主要事務事業名(R6)", "主要事務事業名(R7)")]
    order = keep[-2:] + keep[:-2]  # budgets first
    names = [renamed.get(header[i], header[i]).replace("KPI (成果指標①) ", "ＫＰＩ①　") for i in order]
    table = [["令和6年度 主要事務事業一覧（企画課作成）"], names + ["メモ", "担当者"]]
    previous = None
    for row in body:
        shown = list(row)
        if previous is not None:
            for column in (0, 2):  # 局 and 主な施策 left blank under the same one
                if row[column] == previous[column]:
                    shown[column] = ""
        for column in (-2, -1):
            shown[column] = f"{int(row[column]):,}" if row[column] else ""
        table.append([shown[i] for i in order] + ["確認済", "山田"])
        previous = row
    return table


def write_csv(path, rows, encoding: str, delimiter: str = ",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(publications())
def test_the_open_data_csv_reads_back_as_the_same_edition(tmp_path_factory, publication):
    path = tmp_path_factory.mktemp("csv") / "open.csv"
    path.write_bytes(render_csv(publication))
    result = read([str(path)])
    assert not result.errors, result.findings
    assert result.publication == publication
    assert render_csv(result.publication) == path.read_bytes()


def test_the_seeds_open_data_csv_builds_the_seeds_edition(tmp_path, seed_publication):
    path = tmp_path / "主要事務事業_R6-R7.csv"
    path.write_bytes(render_csv(seed_publication))
    result = read([str(path)])
    assert result.findings == ()
    assert result.publication == seed_publication  # the title and footnote too


def test_a_staffers_cp932_comma_csv_builds_the_seeds_edition(tmp_path, seed_publication):
    """CP932 has no EM DASH (U+2014): Excel saves the seed's "—" as 0x815C, which is
    HORIZONTAL BAR (U+2015). That is the one difference, and it is the file's, not ours."""
    path = tmp_path / "企画課.csv"
    rows = [[cell.replace(EM_DASH, HORIZONTAL_BAR) for cell in row] for row in staffers_table(seed_publication)]
    write_csv(path, rows, "cp932")
    result = read([str(path)])
    assert not result.errors
    expected = render_csv(seed_publication).decode("utf-8").replace(EM_DASH, HORIZONTAL_BAR).encode("utf-8")
    assert render_csv(result.publication) == expected
    notices = [(f.severity, f.location.line, f.message) for f in result.findings]
    assert notices == [
        (Severity.NOTICE, 1, "見出し行より上の「令和6年度 主要事務事業一覧（企画課作成）」は表の一部ではないので読みません"),
        (Severity.NOTICE, 2, "列「メモ」は主要事務事業の表の列ではないので読みません"),
        (Severity.NOTICE, 2, "列「担当者」は主要事務事業の表の列ではないので読みません"),
    ]


def test_a_tab_separated_table_in_a_txt_file_is_a_table_of_programs(tmp_path, seed_publication):
    path = tmp_path / "programs.txt"
    write_csv(path, open_data_rows(seed_publication), "utf-8", delimiter="\t")
    assert is_program_table(str(path)) and not is_program_table(str(SEED))
    assert load(str(path)) == seed_publication


def test_findings_name_the_line_a_row_starts_on(tmp_path, seed_publication):
    rows = open_data_rows(seed_publication)
    rows[1][7] = "一行目\n二行目"  # 事業概要 over two lines: line 2 and 3 of the file
    rows[2][10] = ""  # 担当課 of the row on line 4
    path = tmp_path / "t.csv"
    write_csv(path, rows, "utf-8-sig")
    result = read([str(path)])
    assert [(str(f.location), f.field, f.message) for f in result.errors] == [
        (f"{path}:4", "担当課", "担当課が空欄です")]


def test_a_required_column_missing_is_named(tmp_path, seed_publication):
    rows = [row[:10] + row[11:] for row in open_data_rows(seed_publication)]  # no 担当課
    path = tmp_path / "t.csv"
    write_csv(path, rows, "utf-8")
    result = read([str(path)])
    assert [(f.location.line, f.message) for f in result.errors] == [
        (1, "必要な列が 1 列ありません: 「担当課」。見出しをこの名前にしてください")]


def test_a_control_character_is_refused_with_its_line(tmp_path, seed_publication):
    rows = open_data_rows(seed_publication)
    rows[3][7] = "概要\x0b続き"
    path = tmp_path / "t.csv"
    write_csv(path, rows, "utf-8")
    result = read([str(path)])
    assert [(f.location.line, f.field) for f in result.errors] == [(4, "text")]
    assert "U+000B" in result.errors[0].message


def test_a_csv_without_a_table_header_says_what_it_needs(tmp_path):
    path = tmp_path / "address.csv"
    path.write_text("局,担当課,email\n総務市民局,総務課,a@example.jp\n", encoding="utf-8")
    result = read([str(path)])
    assert [f.message for f in result.errors] == [
        "表の見出し行が見つかりません（「重点戦略」と「事務事業番号」の列見出しが必要です）"]


def test_the_english_editions_open_data_csv_reads_back_as_the_same_data(tmp_path, seed_publication):
    from reportgen.report.labels import labels_for
    path = tmp_path / "Major-Programs_FY2024-FY2025.csv"
    path.write_bytes(render_csv(seed_publication, labels_for(seed_publication.years, "en")))
    assert path.read_text(encoding="utf-8-sig").startswith("Bureau,Strategy,Measure,No.,Program,")
    result = read([str(path)])
    assert result.findings == ()
    assert result.publication == seed_publication
