"""Templates: strict variables, autoescape for HTML only, overrides without code."""
import pytest
from conftest import SEED

from reportgen import ReportgenError, load
from reportgen.model.publication import FiscalYears
from reportgen.renderers.html import render_html
from reportgen.report.builder import build_report
from reportgen.report.labels import labels_for
from reportgen.report.templating import render
from reportgen.report.words import load_words


def test_missing_variable_raises(tmp_path):
    (tmp_path / "title.txt.j2").write_text("{{ titel.ja }}", encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        labels_for(FiscalYears(2024, 2025), words=load_words(templates_dir=str(tmp_path)))
    assert "titel" in str(caught.value)


def test_override_changes_the_printed_title_and_page_footer(tmp_path):
    (tmp_path / "title.txt.j2").write_text("{{ source_title }}【議会配布資料】", encoding="utf-8")
    (tmp_path / "page_footer.txt.j2").write_text("- {{ page }} -", encoding="utf-8")
    report = build_report(load([str(SEED)]), words=load_words(templates_dir=str(tmp_path)))
    assert report.title.endswith("【議会配布資料】")
    assert report.labels.page_number(3, 9) == "- 3 -"


def test_autoescape_only_for_html(tmp_path):
    (tmp_path / "x.txt.j2").write_text("{{ v }}", encoding="utf-8")
    (tmp_path / "x.html.j2").write_text("{{ v }}", encoding="utf-8")
    assert render("x.txt.j2", str(tmp_path), v="<b>&") == "<b>&"
    assert render("x.html.j2", str(tmp_path), v="<b>&") == "&lt;b&gt;&amp;"


def test_syntax_error_and_missing_template_name_the_file(tmp_path):
    (tmp_path / "bad.txt.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(ReportgenError) as caught:
        render("bad.txt.j2", str(tmp_path))
    assert "bad.txt.j2" in str(caught.value)
    with pytest.raises(ReportgenError):
        render("nope.txt.j2", str(tmp_path))
    with pytest.raises(ReportgenError):
        render("x.txt.j2", str(tmp_path / "missing-folder"))


def test_html_page_template_can_be_overridden(tmp_path):
    (tmp_path / "publication.html.j2").write_text("<p>{{ report.title }}</p>", encoding="utf-8")
    html = render_html(build_report(load([str(SEED)])), str(tmp_path)).decode("utf-8")
    assert html == "<p>新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度)</p>"


def test_the_builder_reads_no_file_once_its_words_are_loaded(tmp_path, monkeypatch):
    """Glossary and templates are loaded before building (report/words.py): with them
    in hand, building a report opens no file."""
    import builtins
    import io
    import os
    words = load_words(templates_dir=str(tmp_path))
    publication = load([str(SEED)])
    opened = []
    for module, name in ((builtins, "open"), (io, "open"), (os, "open")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _o=original, **k: opened.append(a[0]) or _o(*a, **k))
    build_report(publication, "pillar", "en", words)
    assert opened == []
