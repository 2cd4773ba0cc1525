"""The DataFrame API: to_frame and from_frame agree with each other, with the open-data
CSV and with the readers; a script goes from a DataFrame to the edition's files."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, SEED
from hypothesis import HealthCheck, given, settings
from publications import publications

import reportgen
from reportgen.model.publication import Returned
from reportgen.renderers.csv import render_csv

BUDGET_R6, BUDGET_R7 = "R6予算額(千円)", "R7予算額(千円)"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(publications())
def test_from_frame_of_to_frame_is_the_publication(publication):
    frame = reportgen.to_frame(publication)
    assert len(frame) == len(publication.programs)
    assert reportgen.from_frame(frame) == publication


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(publications())
def test_the_frame_and_the_open_data_csv_hold_the_same_table(publication):
    frame = reportgen.to_frame(publication)
    from_csv = pd.read_csv(io.BytesIO(render_csv(publication)), encoding="utf-8-sig", dtype=str,
                           keep_default_na=False)
    assert list(from_csv.columns) == list(frame.columns)
    for column in frame.columns:
        if frame[column].dtype == bool:
            expected = ["●" if v else "" for v in frame[column]]
        else:
            expected = ["" if pd.isna(v) else str(v) for v in frame[column]]
        assert list(from_csv[column]) == expected, column


def test_the_seed_as_a_frame(seed_publication):
    frame = reportgen.to_frame(seed_publication)
    assert frame.attrs["years"] == (2024, 2025)
    assert str(frame[BUDGET_R6].dtype) == "Int64" and frame["R6"].dtype == bool
    assert frame["事務事業番号"].tolist() == [p.number for p in seed_publication.programs]
    assert frame[BUDGET_R6].sum() == sum(p.budgets[0].amount or 0 for p in seed_publication.programs)
    # program 10 has no R6 budget: missing, never 0
    assert pd.isna(frame.loc[9, BUDGET_R6]) and frame.loc[9, BUDGET_R7] == 28000
    renamed = frame.loc[8]
    assert (renamed["主要事務事業名(R6)"], renamed["主要事務事業名(R7)"]) == seed_publication.programs[8].name.by_year
    assert frame["局"].unique().tolist() == ["総務市民局"]
    assert frame.loc[3, "重点戦略"] == "III 「安らぐまち」の実現"


def test_a_changed_frame_is_read_as_changed(seed_publication):
    frame = reportgen.to_frame(seed_publication)
    frame.loc[0, BUDGET_R7] = 3000
    frame.loc[1, "事業概要"] = "新しい概要"
    changed = reportgen.from_frame(frame)
    assert changed.programs[0].budgets[1].amount == 3000
    assert changed.programs[1].summary == "新しい概要"
    assert changed.programs[2:] == seed_publication.programs[2:]


def test_each_bad_cell_is_a_finding_naming_its_row_and_column(seed_publication):
    frame = reportgen.to_frame(seed_publication)
    frame = frame.astype({BUDGET_R6: object})
    frame.loc[3, "担当課"] = ""
    frame.loc[4, BUDGET_R6] = "百万"
    frame.loc[6, "重点戦略"] = "安らぐまち"
    with pytest.raises(reportgen.ReportgenError) as caught:
        reportgen.from_frame(frame)
    lines = caught.value.text("ja").splitlines()
    assert "DataFrame.loc[3, '担当課']: error: 担当課: 担当課が空欄です" in lines
    assert any(line.startswith(f"DataFrame.loc[4, '{BUDGET_R6}']: error: {BUDGET_R6}:") for line in lines)
    assert any(line.startswith("DataFrame.loc[6, '重点戦略']: error: 重点戦略:") for line in lines)
    assert len(lines) == 3


def test_a_frame_of_another_shape_reads_by_its_headers(seed_publication):
    """A database export: its own column names and order, years only in the headers, a memo column."""
    frame = reportgen.to_frame(seed_publication)
    frame.attrs.clear()
    frame = frame.drop(columns=["主要事務事業名(R6)", "主要事務事業名(R7)"]).rename(
        columns={"事務事業番号": "事業番号", BUDGET_R6: "予算額（R6）", BUDGET_R7: "令和7年度予算額"})
    frame["メモ"] = "確認済"
    frame = frame[list(reversed(frame.columns))]
    result = reportgen.read_frame(frame)
    assert not result.errors
    assert result.publication == seed_publication  # title and footnote: the glossary's, as the seed's
    assert [f.message for f in result.findings] == ["列「メモ」は主要事務事業の表の列ではないので読みません"]


def test_years_come_from_the_caller_when_the_headers_have_none(seed_publication):
    frame = reportgen.to_frame(seed_publication)
    frame.attrs.clear()
    frame = frame.rename(columns={"R6": "●R6"})  # not a header the reader knows
    with pytest.raises(reportgen.ReportgenError, match="必要な列"):
        reportgen.from_frame(frame)


def test_a_draft_keeps_its_returned_divisions(seed_publication):
    from dataclasses import replace
    draft = replace(seed_publication, returned=(Returned("総務市民局", "地域振興課", "a.xlsx", "2026-11-30"),))
    assert reportgen.from_frame(reportgen.to_frame(draft)) == draft


def test_two_header_rows_as_read_excel_gives_them(tmp_path, seed_publication):
    """The workbook reportgen writes has the document's two header rows above each bureau's table."""
    frame = reportgen.to_frame(seed_publication)
    top = [c.rsplit(" ", 1)[0] if c.startswith("KPI") else c for c in frame.columns]
    sub = [c.rsplit(" ", 1)[1] if c.startswith("KPI") else "" for c in frame.columns]
    frame.columns = pd.MultiIndex.from_arrays([top, sub])
    assert reportgen.from_frame(frame) == seed_publication


def test_from_a_frame_to_the_councils_files_in_a_few_lines(tmp_path, seed_publication):
    frame = reportgen.to_frame(reportgen.load(str(SEED)))
    publication = reportgen.from_frame(frame)
    written, _ = reportgen.build(publication, str(tmp_path / "out"), ["pdf", "xlsx", "csv"])
    assert sorted(os.path.basename(p) for p in written) == [
        "主要事務事業_R6-R7.csv", "主要事務事業_R6-R7.pdf", "主要事務事業_R6-R7.xlsx"]
    reportgen.build([str(SEED)], str(tmp_path / "seed"), ["pdf", "xlsx", "csv"])
    for name in os.listdir(tmp_path / "out"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "seed" / name).read_bytes(), name
    files = reportgen.split(publication, str(tmp_path / "divisions"))
    assert any(p.endswith("総務市民局_地域振興課.xlsx") for p in files)


def test_build_checks_a_publication_it_is_given(tmp_path, seed_publication):
    from dataclasses import replace
    bureau = seed_publication.bureaus[0]
    pillar = bureau.pillars[0]
    measure = pillar.measures[0]
    broken = replace(measure.programs[0], division=" 企画課")
    bad = replace(seed_publication, bureaus=(replace(bureau, pillars=(replace(pillar, measures=(
        replace(measure, programs=(broken,)),)),) + bureau.pillars[1:]),))
    with pytest.raises(reportgen.ReportgenError, match="前後に空白"):
        reportgen.build(bad, str(tmp_path / "out"), ["csv"])
    assert not (tmp_path / "out").exists()


def test_the_package_does_not_load_pandas_until_a_frame_is_asked_for():
    code = ("import sys, reportgen; before = 'pandas' in sys.modules; "
            "reportgen.to_frame(reportgen.load('seeds')); print(before, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_the_documented_example_runs_from_a_dataframe_to_the_pdf_and_workbook(tmp_path):
    out = tmp_path / "example"
    run = subprocess.run([sys.executable, str(ROOT / "docs" / "dataframe_example.py"), str(out)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert sorted(os.listdir(out)) == ["主要事務事業_R6-R7.pdf", "主要事務事業_R6-R7.xlsx"]
    workbook = pd.read_excel(out / "主要事務事業_R6-R7.xlsx", sheet_name="総務市民局", header=None, dtype=str,
                             engine="openpyxl")
    assert workbook.isin(["防犯灯設置事業"]).any().any()
    assert "III 「安らぐまち」の実現    2484856    2818398" in run.stdout
