"""The glossary: every label in both languages, overlays, and missing translations."""
import re

import pytest
from conftest import ROOT, SEED

from reportgen import ReportgenError, load
from reportgen.model.glossary import load_glossary, untranslated


def test_every_label_exists_in_both_languages():
    glossary = load_glossary()
    source = "".join((ROOT / "reportgen" / path).read_text(encoding="utf-8")
                     for path in ("report/labels.py", "model/glossary.py", "pipeline.py", "cli/commands.py"))
    used = (set(re.findall(r'(?:word|both)\("(\w+)"', source)) | set(re.findall(r'label\("(\w+)"', source))
            | set(re.findall(r'file_name\([^"]*?, "(\w+)"', source)))  # the file names of editions
    assert used == set(glossary.labels)  # no label missing, none unused
    for key, entry in glossary.labels.items():
        assert set(entry) == {"ja", "en"} and entry["ja"] and entry["en"], key
        for lang in ("ja", "en", "ja+en"):
            glossary.label(key, lang, code1="R6", code2="R7", name1="令和6年度", name2="令和7年度",
                           fy1="FY2024", fy2="FY2025", count=3, division="企画課")


def test_combining_languages_and_names():
    glossary = load_glossary()
    assert glossary.label("name", "ja+en") == "主要事務事業名 / Program"
    assert glossary.label("budget1", "en", code1="R6", fy1="FY2024") == "Budget FY2024 (JPY thousand)"
    assert glossary.name("総務市民局", "en") == "General Affairs and Citizens Bureau"
    assert glossary.name("未登録の事業", "en") == "未登録の事業"  # stays Japanese
    assert glossary.pillar("「稼げるまち」の実現", "en") == "Realizing a city where people can earn"


def test_user_glossary_overlays_and_typos_are_errors(tmp_path):
    user = tmp_path / "city.toml"
    user.write_text('[labels.name]\nen = "Major program"\n\n[names]\n"防犯灯設置事業" = "Street lights"\n',
                    encoding="utf-8")
    glossary = load_glossary(str(user))
    assert glossary.label("name", "en") == "Major program" and glossary.label("name", "ja") == "主要事務事業名"
    assert glossary.name("防犯灯設置事業", "en") == "Street lights"
    assert glossary.name("総務市民局", "en") == "General Affairs and Citizens Bureau"  # the default remains
    typo = tmp_path / "typo.toml"
    typo.write_text('[labels.nmae]\nen = "x"\n', encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        load_glossary(str(typo))
    assert "labels.nmae" in str(caught.value) and "typo.toml" in str(caught.value)
    broken = tmp_path / "broken.toml"
    broken.write_text('[labels\n', encoding="utf-8")
    with pytest.raises(ReportgenError):
        load_glossary(str(broken))


def test_check_lists_names_without_translation():
    findings = untranslated(load([str(SEED)]), load_glossary())
    texts = [f.message for f in findings]
    assert all(f.severity.value == "notice" for f in findings)
    assert any("防犯カメラ運用事業" in t for t in texts)
    assert not any("総務市民局" in t for t in texts)  # translated in the default glossary
    assert not any("地域振興課" in t for t in texts)
    assert len(texts) == len(set(texts))  # each name once
