"""The manifest: what `reportgen split` writes is exactly what `reportgen mail` reads back."""
import csv
import io
import json

import pytest

from reportgen.delivery.manifest import KINDS, Entry, read_manifest, select
from reportgen.delivery.split import split
from reportgen.model.divisions import split_publication
from reportgen.model.findings import ReportgenError


def test_split_writes_a_manifest_that_reads_back_as_the_parts(tmp_path, seed_publication):
    split(seed_publication, str(tmp_path), ("pdf",))
    manifest = read_manifest(str(tmp_path))
    assert manifest.findings == ()
    assert manifest.title == seed_publication.title
    assert manifest.years == (2024, 2025) and manifest.codes == ("R6", "R7")
    parts = split_publication(seed_publication)
    assert [(e.bureau, e.division) for e in manifest.entries] == [(p.bureau, p.division) for p in parts]
    for entry, part in zip(manifest.entries, parts):
        assert entry.programs == tuple((p.number, p.name.text) for p in part.programs)
        assert entry.totals == part.totals
        assert entry.attachments == (("pdf", f"{part.bureau}_{part.division}.pdf"),)
        assert entry.name == f"総務市民局/{part.division}"


def test_csv_and_json_list_the_same_files(tmp_path, seed_publication):
    split(seed_publication, str(tmp_path), ("pdf",))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "manifest.csv").read_text(encoding="utf-8-sig"))))
    files = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert list(rows[0])[2:2 + len(KINDS)] == list(KINDS)
    for row, item in zip(rows, files, strict=True):
        assert (row["局"], row["担当課"]) == (item["bureau"], item["division"])
        assert row["pdf"] == item["pdf"] and row["xlsx"] == "" and item["xlsx"] is None
        assert row["事業番号"].split() == [str(p["number"]) for p in item["programs"]]
    assert (tmp_path / "manifest.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8


def test_a_bad_entry_is_reported_and_the_others_are_kept(tmp_path, seed_publication):
    split(seed_publication, str(tmp_path), ("pdf",))
    path = tmp_path / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"][1]["pdf"] = "../elsewhere.pdf"
    data["files"][2]["totals"] = [1]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    manifest = read_manifest(str(tmp_path))
    assert [f.field for f in manifest.findings] == ["files[1].pdf", "files[2].totals"]
    assert [e.division for e in manifest.entries] == ["女性の働く社会推進室", "地域振興課"]


def test_the_language_of_the_division_files_is_kept_and_checked(tmp_path, seed_publication):
    split(seed_publication, str(tmp_path), ("pdf",))
    path = tmp_path / "manifest.json"
    assert read_manifest(str(tmp_path)).lang == "ja"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["lang"]  # a manifest written before editions had a language: Japanese
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert read_manifest(str(tmp_path)).lang == "ja"
    data["lang"] = "fr"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        read_manifest(str(tmp_path))
    assert [f.field for f in caught.value.findings] == ["lang"]


def test_missing_manifest_says_to_run_split(tmp_path):
    with pytest.raises(ReportgenError, match="reportgen split"):
        read_manifest(str(tmp_path))


def entry(bureau, division):
    return Entry(bureau, division, (("pdf", "x.pdf"),), ((1, "事業"),), (1, 2))


ENTRIES = [entry("総務市民局", "総務課"), entry("こども局", "総務課"), entry("総務市民局", "地域振興課"),
           entry("総務市民局", "企画課/調整係"), entry("A", "B/C"), entry("A/B", "C")]


@pytest.mark.parametrize("name,expected", [
    ("地域振興課", ("総務市民局", "地域振興課")),              # unique division name
    (" 地域振興課 ", ("総務市民局", "地域振興課")),            # surrounding spaces are not part of a name
    ("こども局/総務課", ("こども局", "総務課")),               # 局/担当課
    ("企画課/調整係", ("総務市民局", "企画課/調整係")),        # a '/' inside a division name
    ("総務市民局/企画課/調整係", ("総務市民局", "企画課/調整係")),
])
def test_select_by_division_or_bureau_and_division(name, expected):
    chosen, findings = select(ENTRIES, [name])
    assert findings == [] and [(e.bureau, e.division) for e in chosen] == [expected]


@pytest.mark.parametrize("name,problem", [
    ("総務課", "2 つあります: 総務市民局/総務課、こども局/総務課"),
    ("A/B/C", "2 つあります"),
    ("総務", "もしかして: 総務市民局/総務課、こども局/総務課"),
    ("地域振興科", "もしかして: 地域振興課"),
    ("人事課", "manifest にありません（局/担当課 または 担当課 で指定します）"),
    ("", "manifest にありません"),
])
def test_unknown_or_ambiguous_names_are_errors(name, problem):
    chosen, findings = select(ENTRIES, [name, "地域振興課"])
    assert [e.division for e in chosen] == ["地域振興課"]
    assert len(findings) == 1 and problem in str(findings[0]) and str(findings[0]).startswith("--resend: error")


def test_naming_a_division_twice_selects_it_once():
    chosen, findings = select(ENTRIES, ["地域振興課", "総務市民局/地域振興課"])
    assert findings == [] and len(chosen) == 1
