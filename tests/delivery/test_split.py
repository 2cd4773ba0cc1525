"""Division sheets: each division's own programs, safe names, a manifest that adds up."""
import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import SEED, WORKLOAD
from pypdf import PdfReader

from reportgen import load
from reportgen.delivery.split import split
from reportgen.model.amounts import sum_existing
from reportgen.model.divisions import split_publication
from reportgen.model.publication import Bureau


def test_seed_splits_into_its_four_divisions(seed_publication):
    parts = split_publication(seed_publication)
    assert [(p.division, [x.number for x in p.programs]) for p in parts] == [
        ("女性の働く社会推進室", [1]), ("区政推進課", [2]),
        ("安全・安心推進課", [3, 4, 5, 6]), ("地域振興課", [7, 8, 9, 10])]
    for part in parts:
        assert all(p.division == part.division for p in part.programs)
        assert part.publication.years == seed_publication.years
    bureau_totals = [sum_existing(p.budgets[i].amount for p in seed_publication.programs) for i in range(2)]
    assert [sum_existing(p.totals[i] for p in parts) for i in range(2)] == bureau_totals


def test_split_writes_files_and_a_manifest_that_adds_up(tmp_path, seed_publication):
    written = split(seed_publication, str(tmp_path), ("pdf",))
    assert len(written) == 6
    rows = list(csv.DictReader(io.StringIO((tmp_path / "manifest.csv").read_text(encoding="utf-8-sig"))))
    assert [r["担当課"] for r in rows] == ["女性の働く社会推進室", "区政推進課", "安全・安心推進課", "地域振興課"]
    assert sum(int(r["R6予算額(千円)"]) for r in rows) == 2548267
    assert sum(int(r["R7予算額(千円)"]) for r in rows) == 2878000
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["years"] == [2024, 2025] and manifest["codes"] == ["R6", "R7"]
    for entry in manifest["files"]:
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in
                                          PdfReader(tmp_path / entry["pdf"]).pages))
        numbers = {p["number"] for p in entry["programs"]}
        for program in seed_publication.programs:
            name = re.sub(r"\s+", "", program.name.by_year[0])
            assert (name in text) == (program.number in numbers), (entry["division"], program.number)
        assert re.sub(r"\s+", "", f"総務市民局　{entry['division']}") in text


def test_hostile_division_names_map_to_distinct_safe_files(tmp_path, seed_publication):
    bureau = seed_publication.bureaus[0]
    renames = {"女性の働く社会推進室": "../../etc", "区政推進課": "企画課/調整係",
               "安全・安心推進課": "CON", "地域振興課": "企画課／調整係"}

    def rename(program):
        from dataclasses import replace
        return replace(program, division=renames[program.division])
    from dataclasses import replace
    pillars = tuple(replace(p, measures=tuple(replace(m, programs=tuple(rename(x) for x in m.programs))
                                              for m in p.measures)) for p in bureau.pillars)
    hostile = replace(seed_publication, bureaus=(Bureau(bureau.name, pillars),))
    out = tmp_path / "out"
    split(hostile, str(out), ("pdf",))
    names = sorted(os.listdir(out))
    assert names == sorted(["総務市民局_.._.._etc.pdf".replace("_.._.._", "_..／..／"),
                            "総務市民局_企画課／調整係.pdf", "総務市民局_CON.pdf",
                            "総務市民局_企画課／調整係 (2).pdf", "manifest.csv", "manifest.json"])
    assert sorted(os.listdir(tmp_path)) == ["out"]  # nothing escaped OUT
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f["division"]: f["pdf"] for f in manifest["files"]}["企画課／調整係"] == "総務市民局_企画課／調整係 (2).pdf"


def test_many_divisions_use_the_process_pool_and_keep_every_program(tmp_path):
    source = tmp_path / "city.txt"
    source.write_bytes(subprocess.run([sys.executable, str(WORKLOAD), "--programs", "120", "--bureaus", "3"],
                                      capture_output=True, check=True).stdout)
    publication = load([str(source)])
    parts = split_publication(publication)
    assert len(parts) >= 8
    split(publication, str(tmp_path / "out"), ("pdf",))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted((f["bureau"], p["number"]) for f in manifest["files"] for p in f["programs"]) == sorted(
        (b.name, p.number) for b in publication.bureaus for p in b.programs)
    assert len(os.listdir(tmp_path / "out")) == len(parts) + 2


def test_split_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "split", str(SEED), "-o", str(tmp_path),
                             "--format", "pdf", "-q"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # quiet, and not a terminal: no progress bar
    assert len([n for n in os.listdir(tmp_path) if n.endswith(".pdf")]) == 4
    bad = subprocess.run([sys.executable, "-m", "reportgen.cli", "split", str(SEED), "-o", str(tmp_path / "x"),
                          "--format", "html"], capture_output=True, text=True)
    assert bad.returncode == 1 and not (tmp_path / "x").exists()


def workload(tmp_path, programs=120, bureaus=3):
    source = tmp_path / "city.txt"
    source.write_bytes(subprocess.run([sys.executable, str(WORKLOAD), "--programs", str(programs),
                                       "--bureaus", str(bureaus)], capture_output=True, check=True).stdout)
    return load([str(source)])


def test_parts_are_the_bureaus_filtered_by_division(tmp_path):
    """One pass per bureau gives what filtering every measure by each division gives."""
    from reportgen.model.publication import Measure, Pillar
    publication = workload(tmp_path)
    expected = []
    for bureau in publication.bureaus:
        for division in dict.fromkeys(p.division for p in bureau.programs):
            pillars = []
            for pillar in bureau.pillars:
                measures = tuple(Measure(m.name, tuple(p for p in m.programs if p.division == division))
                                 for m in pillar.measures)
                measures = tuple(m for m in measures if m.programs)
                if measures:
                    pillars.append(Pillar(pillar.numeral, pillar.name, measures))
            expected.append((bureau.name, division, (Bureau(bureau.name, tuple(pillars)),)))
    assert [(p.bureau, p.division, p.publication.bureaus) for p in split_publication(publication)] == expected
    assert all(p.publication.title == publication.title and p.publication.footnotes == publication.footnotes
               for p in split_publication(publication))


def test_division_files_are_what_the_renderers_make(tmp_path, seed_publication):
    """The workbook is byte for byte the full renderer's; the PDF, with compact
    font subsets, has the same text page by page."""
    from reportgen.pipeline import Options
    from reportgen.renderers.pdf.document import render_pdf
    from reportgen.renderers.xlsx.workbook import render_xlsx
    from reportgen.report.builder import build_report
    split(seed_publication, str(tmp_path), ("xlsx", "pdf"), Options(protect_inputs=True))
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    for part, entry in zip(split_publication(seed_publication), manifest["files"]):
        report = build_report(part.publication, division=part.division)
        assert (tmp_path / entry["xlsx"]).read_bytes() == render_xlsx(report, protect_inputs=True)
        pdf = (tmp_path / entry["pdf"]).read_bytes()
        assert [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages] == \
               [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(report))).pages]


def poisoned(publication, target):
    """The publication with the `target` program's summary holding a character no file can store."""
    from dataclasses import replace

    def fix(program):
        return replace(program, summary="ベル\x07") if program is target else program
    return replace(publication, bureaus=tuple(
        replace(b, pillars=tuple(replace(p, measures=tuple(replace(m, programs=tuple(map(fix, m.programs)))
                                                           for m in p.measures)) for p in b.pillars))
        for b in publication.bureaus))


@pytest.mark.parametrize("pool", [True, False])
def test_a_division_that_cannot_be_written_leaves_nothing_behind(tmp_path, seed_publication, pool):
    """Files are staged while the divisions are rendered; a failure half way
    removes them all, creates no OUT and leaves an existing one as it was."""
    from reportgen import ReportgenError
    publication = workload(tmp_path) if pool else seed_publication
    parts = split_publication(publication)
    assert (len(parts) >= 8) == pool  # the process pool, or one division after the other
    bad = poisoned(publication, parts[len(parts) // 2].programs[0])
    fresh = tmp_path / "fresh"
    with pytest.raises(ReportgenError):
        split(bad, str(fresh), ("xlsx", "pdf"))
    assert not fresh.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "previous.txt").write_text("前回", encoding="utf-8")
    with pytest.raises(ReportgenError):
        split(bad, str(kept), ("xlsx", "pdf"))
    assert os.listdir(kept) == ["previous.txt"]


def test_a_divisions_files_stay_the_same_when_another_division_changes(tmp_path, seed_publication):
    """`reportgen mail` tells a division its attachments changed by their bytes: a
    division's files must depend on its own programs only, never on the others'
    (nothing such as shared font subsets may carry one division's text into
    another's file)."""
    from dataclasses import replace

    from reportgen.model.publication import map_programs
    parts = split_publication(seed_publication)
    changed_division = parts[0].division
    edited = map_programs(seed_publication, lambda bureau, p: replace(p, summary=p.summary + "（新規の漢字：鬱蒼）")
                          if p.division == changed_division else p)
    before = split(seed_publication, str(tmp_path / "before"))
    after = split(edited, str(tmp_path / "after"))
    names = [os.path.basename(p) for p in before if not p.endswith((".csv", ".json"))]
    assert names == [os.path.basename(p) for p in after if not p.endswith((".csv", ".json"))]
    for name in names:
        same = (tmp_path / "before" / name).read_bytes() == (tmp_path / "after" / name).read_bytes()
        assert same == (changed_division not in name), name


def test_two_splits_at_once_keep_their_own_divisions(tmp_path):
    """Each split's workers get that split's jobs: two publications split at the
    same time (threads of one program) never swap programs."""
    import threading
    publications = []
    for seed in (1, 2):
        source = tmp_path / f"city{seed}.txt"
        source.write_bytes(subprocess.run([sys.executable, str(WORKLOAD), "--programs", "60", "--bureaus", "2",
                                           "--seed", str(seed)], capture_output=True, check=True).stdout)
        publications.append(load([str(source)]))
    assert all(len(split_publication(p)) >= 8 for p in publications)  # both go through the process pool
    errors = []

    def run(index):
        try:
            split(publications[index], str(tmp_path / f"out{index}"), ("xlsx",))
        except BaseException as error:  # reported below, with the other thread's outcome
            errors.append(error)
    threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    import reportgen.delivery.split as divisions
    assert divisions._RECEIVED_JOBS == []  # the jobs went to the workers, never through this process's module
    for index, publication in enumerate(publications):
        manifest = json.loads((tmp_path / f"out{index}" / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            sheet = program_names(tmp_path / f"out{index}" / entry["xlsx"])
            assert sheet == {p["name"] for p in entry["programs"]}, entry["xlsx"]


def program_names(path) -> set[str]:
    """The program names in a division workbook, read back."""
    return {p.name.text for b in load([str(path)]).bureaus for p in b.programs}


def test_a_divisions_total_is_named_after_the_division_and_is_its_own_sum(tmp_path, seed_publication):
    """A division's sheet never prints the bureau's total label beside the division's figure."""
    import openpyxl
    split(seed_publication, str(tmp_path), ("xlsx", "pdf"))
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        division = entry["division"]
        own = [p for p in seed_publication.programs if p.division == division]
        expected = [sum_existing(p.budgets[i].amount for p in own) for i in range(2)]
        book = openpyxl.load_workbook(tmp_path / entry["xlsx"], data_only=True)  # the totals' stored results
        assert book.sheetnames == ["総務市民局"]  # its one table: no summary sheet repeating it
        rows = list(book["総務市民局"].iter_rows(values_only=True))
        labels = [row[0] for row in rows if isinstance(row[0], str) and row[0].startswith("合計") and row[17]]
        assert labels == [f"合計（{division}）"]
        total_row = next(row for row in rows if row[0] == f"合計（{division}）")
        assert [None if v == "—" else v for v in total_row[17:19]] == expected
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(tmp_path / entry["pdf"]).pages))
        assert f"合計（{division}）" in text and "合計（総務市民局）" not in text
        note = f"合計（{division}）は、この課の事業だけの合計です（局全体の合計ではありません）。"
        assert note in text and note in [row[0] for row in rows]  # the notes say whose total it is
        amounts = [f"{v:,}" if v is not None else "—" for v in expected]
        assert f"合計（{division}）{amounts[0]}{amounts[1]}" in text


def test_split_makes_one_language_at_a_time(tmp_path, seed_publication):
    from reportgen import Options, ReportgenError
    with pytest.raises(ReportgenError, match="1 回に 1 つの言語"):
        split(seed_publication, str(tmp_path / "out"), options=Options(lang="ja,en"))
    assert not (tmp_path / "out").exists()
    split(seed_publication, str(tmp_path / "en"), options=Options(lang="en"))
    assert json.loads((tmp_path / "en" / "manifest.json").read_text(encoding="utf-8"))["lang"] == "en"
