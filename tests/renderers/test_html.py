"""The HTML publication: structure for screen readers, escaping, and a real browser's view."""
from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import browser
import pytest
from conftest import ROOT, SEED
from pypdf import PdfReader

from reportgen import load
from reportgen.model.publication import (
    BaselineYear,
    Budget,
    Bureau,
    FiscalYears,
    Kpi,
    Measure,
    Pillar,
    Program,
    ProgramName,
    Publication,
)
from reportgen.renderers.html import render_html
from reportgen.report.builder import build_report


class Tree(HTMLParser):
    """Elements with attributes and text, enough to check table structure."""

    def __init__(self):
        super().__init__()
        self.elements, self.stack, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in ("br", "meta", "col"):
            self.stack.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        for element in self.stack:
            element["text"] += data


def parse(html: bytes) -> Tree:
    tree = Tree()
    tree.feed(html.decode("utf-8"))
    return tree


@pytest.fixture(scope="module")
def seed_html():
    return render_html(build_report(load([str(SEED)])))


def test_page_is_self_contained_with_lang_and_caption(seed_html):
    tree = parse(seed_html)
    html = seed_html.decode("utf-8")
    assert tree.elements[0]["tag"] == "html" and tree.elements[0]["attrs"]["lang"] == "ja"
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert "http://" not in html and "https://" not in html
    captions = [e["text"] for e in tree.elements if e["tag"] == "caption"]
    assert captions == ["新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度) — 総務市民局"]


def test_screen_reader_headers_name_column_group_pillar_and_measure(seed_html):
    tree = parse(seed_html)
    by_id = {e["attrs"]["id"]: e for e in tree.elements if "id" in e["attrs"]}
    kpi_goal_header = next(e for e in tree.elements if e["tag"] == "th" and e["text"] == "事業目標")
    assert kpi_goal_header["attrs"]["scope"] == "col"
    group = by_id[kpi_goal_header["attrs"]["headers"]]
    assert group["attrs"]["scope"] == "colgroup" and group["text"] == "KPI (成果指標①)"
    cell = next(e for e in tree.elements if e["tag"] == "td" and e["text"] == "刑法犯認知件数")
    announced = [by_id[i]["text"] for i in cell["attrs"]["headers"].split()]
    assert announced[:2] == ["事業目標", "KPI (成果指標①)"]
    assert "III 「安らぐまち」の実現" in announced
    assert "防犯カメラや防犯灯の増設やAIなどの技術を取り入れた防犯対策の更なる推進" in announced
    assert "防犯カメラ運用事業" in announced  # the program name is the row header
    pillars = [e for e in tree.elements if e["tag"] == "th" and e["attrs"].get("scope") == "rowgroup"
               and e["attrs"].get("colspan") == "19"]
    assert [p["text"] for p in pillars] == ["I 「稼げるまち」の実現", "II 「彩りあるまち」の実現", "III 「安らぐまち」の実現"]
    measures = [e for e in tree.elements if e["tag"] == "th" and "measure" in e["attrs"].get("class", "")]
    assert [m["attrs"].get("rowspan", "1") for m in measures] == ["1", "1", "2", "2", "2", "2"]


def test_every_program_budget_and_total(seed_html):
    publication = load([str(SEED)])
    text = "".join(parse(seed_html).text)
    for program in publication.programs:
        for name in program.name.by_year:
            assert name in text
    for amount in ("4,359", "2,129,365", "28,000", "2,548,267", "2,878,000", "2,484,856", "2,818,398"):
        assert amount in text
    assert "※R6年度の主要事務事業に該当する場合は" in text and "単位：千円" in text


def hostile_publication() -> Publication:
    names = ['<script>alert(1)</script>', 'R&D', '"quoted" \'single\'', '<b>太字</b>']
    programs = tuple(Program(i + 1, ProgramName(n, (n, n)), f"概要 {n}", (True, True), f"課{n}",
                             (Kpi(n, "1", BaselineYear("R5", 2023), (n, "3")),), (Budget(1), Budget(2)))
                     for i, n in enumerate(names))
    return Publication("表題 <i>x</i> & y", FiscalYears(2024, 2025), ("※ <u>注</u>",),
                       (Bureau("局<br>", (Pillar("I", "<em>柱</em>", (Measure("施策 & <s>", programs),)),)),))


def test_hostile_strings_are_escaped():
    html = render_html(build_report(hostile_publication())).decode("utf-8")
    tree = parse(html.encode("utf-8"))
    assert not any(e["tag"] in ("script", "b", "i", "u", "em", "s") for e in tree.elements)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "R&amp;D" in html and "局&lt;br&gt;" in html
    text = "".join(tree.text)
    assert "<script>alert(1)</script>" in text and "表題 <i>x</i> & y" in text


def test_english_and_bilingual_headings():
    report = build_report(load([str(SEED)]), lang="en")
    tree = parse(render_html(report))
    assert tree.elements[0]["attrs"]["lang"] == "en"
    headers = [e["text"] for e in tree.elements if e["tag"] == "th" and e["attrs"].get("scope") in ("col", "colgroup")]
    assert "Program" in headers and "Budget FY2024 (JPY thousand)" in headers and "KPI 1 (outcome indicator)" in headers
    both = parse(render_html(build_report(load([str(SEED)]), lang="ja+en")))
    assert "主要事務事業名 / Program" in [e["text"] for e in both.elements if e["tag"] == "th"]


LAYOUT_PROBE = """<script>
window.addEventListener('load', () => {
  const width = window.innerWidth;
  const outside = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-scroll') && !el.classList.contains('table-scroll')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) outside.push(el.tagName + ':' + Math.round(box.right));
  }
  const scrollers = [...document.querySelectorAll('.table-scroll')].map(
    el => ({scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX}));
  document.body.setAttribute('data-probe', JSON.stringify({
    width, page: document.documentElement.scrollWidth, outside, scrollers,
    programs: document.querySelectorAll('tr.program').length}));
});
</script></body>"""


def test_real_browser_layout_screenshot_and_print(tmp_path, seed_html):
    page = tmp_path / "page.html"
    page.write_bytes(seed_html)
    probe = tmp_path / "probe.html"
    probe.write_text(seed_html.decode("utf-8").replace("</body>", LAYOUT_PROBE), encoding="utf-8")
    dom = browser.run(tmp_path, "--dump-dom", "--virtual-time-budget=3000", probe.as_uri()).stdout
    found = re.search(r'data-probe="([^"]+)"', dom)
    assert found, dom[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"'))
    assert result["width"] == 1280
    assert result["page"] <= 1280 and result["outside"] == []
    assert result["programs"] == 10
    assert all(s["overflow"] == "auto" for s in result["scrollers"])
    assert any(s["scroll"] > s["client"] for s in result["scrollers"])  # the wide table scrolls inside
    shot = tmp_path / "shot.png"
    browser.run(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20000
    printed = tmp_path / "print.pdf"
    browser.run(tmp_path, f"--print-to-pdf={printed}", "--no-pdf-header-footer", page.as_uri())
    reader = PdfReader(io.BytesIO(printed.read_bytes()))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # A3 landscape from @page
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert "ワーク・ライフ・バランス推進事業" in text and "2,423,778" in text


AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """<script>
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
  .then(function (result) {
    document.body.setAttribute("data-axe", JSON.stringify({
      violations: result.violations.map(function (v) { return v.id + ": " + v.nodes.length; }),
      passes: result.passes.length}));
  });
</script></body>"""


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_axe_core_finds_no_wcag_2_2_aa_violation(tmp_path, lang):
    """axe-core (Deque's engine, from npm: .ci/axe-core) inside headless Chromium, on the page
    of every language; WCAG 2.2 A and AA rules."""
    assert AXE.exists(), "axe-core is missing: run .ci/axe-core (make test does)"
    html = render_html(build_report(load([str(SEED)]), lang=lang)).decode("utf-8")
    probe = tmp_path / "axe.html"
    script = "<script>" + AXE.read_text(encoding="utf-8") + "</script>"
    probe.write_text(html.replace("</body>", script + AXE_RUN), encoding="utf-8")
    dom = browser.run(tmp_path, "--dump-dom", "--virtual-time-budget=20000", probe.as_uri()).stdout
    found = re.search(r'data-axe="([^"]+)"', dom)
    assert found, dom[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"'))
    assert result["violations"] == [] and result["passes"] > 10
