"""The language editions, checked in the files themselves: every word that is not data is
in the edition's language, every datum is printed as the source says (or as the glossary
translates that exact string), the language is declared, and every edition reads back."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from html.parser import HTMLParser

import openpyxl
import pytest
from conftest import ROOT, SEED
from pypdf import PdfReader

from reportgen import load, read
from reportgen.model.glossary import has_japanese, load_glossary

GLOSSARY = load_glossary()
JA, EN, BOTH = "主要事務事業_R6-R7", "Major-Programs_FY2024-FY2025", "主要事務事業_R6-R7_Major-Programs_FY2024-FY2025"


def run(*args, cwd=ROOT):
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", *args], cwd=cwd, capture_output=True,
                            text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def seed():
    return load(str(SEED))


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The seed built as ja, then en, then ja+en, into one folder (three runs)."""
    out = tmp_path_factory.mktemp("editions")
    for lang in ("ja", "en", "ja+en"):
        run("build", str(SEED), "-o", str(out), "--lang", lang, "-q")
    return out


def data_strings(publication) -> set[str]:
    """Every text of the source that a table prints, and the parts a printed cell may show
    of it (each line of a cell, a renamed program's two names)."""
    found = set()
    for bureau in publication.bureaus:
        found.add(bureau.name)
        for pillar in bureau.pillars:
            found |= {pillar.name, pillar.heading}
            for measure in pillar.measures:
                found.add(measure.name)
                for program in measure.programs:
                    found |= {program.name.text, *program.name.by_year, program.summary, program.division,
                              *(c for k in program.kpis for c in k.cells)}
    for text in list(found):
        found |= set(text.split("\n"))
    return {t for t in found if t}


def not_data(text: str, data: set[str]) -> str:
    """What is left of a printed text once every datum in it is taken out (longest first)."""
    for datum in sorted(data, key=len, reverse=True):
        text = text.replace(datum, "")
    return text


def japanese_labels(texts, data: set[str]) -> list[str]:
    """The texts that still hold Japanese once the data is taken out: labels not translated."""
    return [t for t in texts if has_japanese(not_data(t, data))]


# ---------------------------------------------------------------- one folder, every edition

def test_every_edition_lives_in_one_folder(editions, tmp_path):
    names = sorted(os.listdir(editions))
    assert names == sorted(f"{stem}.{fmt}" for stem in (JA, EN, BOTH) for fmt in ("csv", "html", "pdf", "xlsx"))
    # the Japanese edition is exactly what a Japanese build alone writes: nothing overwrote it
    run("build", str(SEED), "-o", str(tmp_path / "ja"), "-q")
    for name in os.listdir(tmp_path / "ja"):
        assert (tmp_path / "ja" / name).read_bytes() == (editions / name).read_bytes(), name


def test_several_editions_in_one_run_are_the_separate_runs_editions(editions, tmp_path):
    run("build", str(SEED), "-o", str(tmp_path), "--lang", "ja,en,ja+en", "-q")
    assert sorted(os.listdir(tmp_path)) == sorted(os.listdir(editions))
    for name in os.listdir(tmp_path):
        assert (tmp_path / name).read_bytes() == (editions / name).read_bytes(), name


# ---------------------------------------------------------------- data as the source says

def expected_row(measure, program) -> list[str]:
    """A program row of the English table: names as the glossary translates them (or as
    written), everything else exactly as the source."""
    name = GLOSSARY.name(program.name.text, "en")
    if name == program.name.text and program.name.renamed:  # printed as written, on two lines
        first, second = program.name.by_year
        name = program.name.text.replace(")" + second, ")\n" + second, 1)
    kpis = [c for k in program.kpis for c in k.cells]
    kpis += [""] * (10 - len(kpis))
    return [GLOSSARY.name(measure.name, "en"), str(program.number), name, program.summary,
            "●" if program.major[0] else "", "●" if program.major[1] else "",
            GLOSSARY.name(program.division, "en"), *kpis]


def expected_rows(publication) -> list[list[str]]:
    return [expected_row(m, p) for b in publication.bureaus for pl in b.pillars for m in pl.measures
            for p in m.programs]


def test_the_english_workbook_prints_every_datum_as_the_source_says(editions, seed):
    ws = openpyxl.load_workbook(editions / f"{EN}.xlsx")["総務市民局"]
    rows = [[("" if c is None else str(c)) for c in row[:17]]
            for row in ws.iter_rows(min_row=6, values_only=True) if isinstance(row[1], int)]
    expected = expected_rows(seed)
    merged_measure = [row[0] for row in rows]  # the measure cell is merged: its first row holds it
    for got, want in zip(rows, expected, strict=True):
        assert got[1:] == want[1:]
    assert set(filter(None, merged_measure)) == {row[0] for row in expected}
    assert rows[8][2] == "多世代が参加・交流できる自治会活動支援事業(R6)\n協働による地域の活性化支援事業(R7)"


class _Cells(HTMLParser):
    """Each table row's cells (text with <br> as a line break), and every text with the
    language in force where it stands."""

    def __init__(self):
        super().__init__()
        self.rows, self.texts, self.langs = [], [], []
        self.cell = None
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_style = tag == "style"
        if tag not in ("br", "col", "meta", "link"):
            self.langs.append(attrs.get("lang", self.langs[-1] if self.langs else ""))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        if tag not in ("br", "col", "meta", "link") and self.langs:
            self.langs.pop()

    def handle_data(self, data):
        if self.in_style:  # the stylesheet names fonts, it prints nothing
            self.in_style = False
            return
        if self.cell is not None:
            self.cell.append(data)
        if data.strip():
            self.texts.append((data.strip(), self.langs[-1] if self.langs else ""))


def parse_html(path) -> _Cells:
    parser = _Cells()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_english_page_prints_every_datum_and_marks_japanese(editions, seed):
    page = parse_html(editions / f"{EN}.html")
    programs = [row for row in page.rows if len(row) >= 18]
    expected = expected_rows(seed)
    assert len(programs) == len(expected)
    for got, want in zip(programs, expected):
        cells = got if len(got) == 19 else [""] + got  # the measure cell spans its rows
        assert cells[1:17] == want[1:]
    # WCAG 3.1.2: every Japanese text of the English page is marked lang="ja"
    assert [(text, lang) for text, lang in page.texts if has_japanese(text) and lang != "ja"] == []
    assert any(lang == "ja" for _, lang in page.texts)


def test_the_english_csv_keeps_the_data_and_the_renamed_programs_two_names(editions, seed):
    import csv
    rows = list(csv.reader(io.StringIO((editions / f"{EN}.csv").read_text(encoding="utf-8-sig"))))
    japanese = list(csv.reader(io.StringIO((editions / f"{JA}.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1:] == japanese[1:]  # open data is the data, in every edition
    assert rows[0][4:7] == ["Program", "Program (FY2024)", "Program (FY2025)"]
    assert rows[9][5:7] == list(seed.programs[8].name.by_year)


def pdf_chunks(path) -> list[str]:
    """Each piece of text the PDF draws (a line of a cell, a heading), in drawing order."""
    chunks = []
    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=lambda text, *_: chunks.append(text) if text.strip() else None)
    return chunks


def test_the_english_pdf_prints_data_as_the_source_says_and_words_in_english(editions, seed):
    chunks = pdf_chunks(editions / f"{EN}.pdf")
    data = data_strings(seed)
    # pypdf joins the lines of a row's cells with spaces: each piece must be (a line of) a datum
    pieces = [piece for chunk in chunks for piece in chunk.split()]
    assert [p for p in pieces if has_japanese(p) and not any(p in datum for datum in data)] == []
    text = re.sub(r"\s+", "", "".join(chunks))
    assert "(FY2024)" not in text  # no year label put into a name
    assert re.sub(r"\s+", "", seed.programs[8].name.text) in text


def test_no_english_word_is_broken_without_a_hyphen(editions):
    chunks = [c.strip() for c in pdf_chunks(editions / f"{EN}.pdf")]
    english = {w for label in GLOSSARY.labels.values() for w in re.findall(r"[A-Za-z]{4,}", label["en"])}
    english |= {w for name in (*GLOSSARY.names.values(), *GLOSSARY.pillars.values())
                for w in re.findall(r"[A-Za-z]{4,}", name)}
    broken = [(line, following) for line, following in zip(chunks, chunks[1:])
              for word in english for k in range(2, len(word) - 1)
              if line.endswith(word[:k]) and not line.endswith(word) and following.startswith(word[k:])
              and (len(line) == k or not line[-k - 1].isalpha())]
    assert broken == []
    assert any(c.endswith("-") for c in chunks)  # 'Administration' is wider than its column: hyphenated


def pdf_language(path) -> str:
    return str(PdfReader(path).trailer["/Root"]["/Lang"])


def test_each_file_declares_its_language(editions):
    assert pdf_language(editions / f"{EN}.pdf") == "en"
    assert pdf_language(editions / f"{JA}.pdf") == "ja-JP"
    assert '<html lang="en">' in (editions / f"{EN}.html").read_text(encoding="utf-8")
    for stem, lang in ((EN, "en"), (JA, "ja-JP"), (BOTH, "ja-JP")):
        properties = openpyxl.load_workbook(editions / f"{stem}.xlsx").custom_doc_props
        assert properties["Language"].value == lang


# ---------------------------------------------------------------- every label in the edition's language

def workbook_texts(path) -> list[str]:
    """Every text a workbook shows that is ours or data: cells, sheet names but the bureaus',
    input prompts and error messages, headers and footers."""
    book = openpyxl.load_workbook(path)
    texts = []
    for ws in book.worksheets:
        texts.append(ws.title)
        # formulas name the bureaus' sheets: they are not shown
        texts += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.data_type != "f"]
        for rule in ws.data_validations.dataValidation:
            texts += [t for t in (rule.promptTitle, rule.prompt, rule.errorTitle, rule.error) if t]
        texts += [part.text for hf in (ws.oddHeader, ws.oddFooter) for part in (hf.left, hf.center, hf.right)
                  if part.text]
    return texts


def test_the_english_workbook_has_no_japanese_but_the_data(editions, seed):
    data = data_strings(seed) | {"総務市民局"}  # the bureau's sheet keeps its name: it is data
    assert japanese_labels(workbook_texts(editions / f"{EN}.xlsx"), data) == []


def test_an_english_division_workbook_and_its_mail_are_english(tmp_path, seed):
    out = tmp_path / "divisions"
    run("split", str(SEED), "-o", str(out), "--lang", "en", "--deadline", "31 May", "-q")
    data = data_strings(seed)
    workbooks = sorted(out.glob("*.xlsx"))
    assert workbooks and all(p.name.startswith("総務市民局_") for p in workbooks)
    for path in workbooks:
        texts = workbook_texts(path)
        assert japanese_labels(texts, data) == [], path.name
        assert "How to fill in" in texts  # the instructions sheet, in English
    assert pdf_language(out / "総務市民局_地域振興課.pdf") == "en"
    header = (out / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Bureau,Division in charge,xlsx,pdf,No.,")
    book = tmp_path / "book.csv"
    book.write_text("局,担当課,email\n" + "".join(f"総務市民局,{p.name.split('_', 1)[1][:-5]},a@example.jp\n"
                                               for p in workbooks), encoding="utf-8")
    run("mail", str(out), "--addresses", str(book), "--dry-run", "--deadline", "31 May 2025")
    for eml in (out / "outbox").glob("*.eml"):
        message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
        body = message.get_body(("plain",)).get_content()
        assert message["Subject"].startswith("[Please check and update] Major programs (FY2024/FY2025)")
        assert japanese_labels(body.splitlines(), data) == [], body
        assert "JPY " in body and "Deadline" in body


def test_an_english_change_report_is_english(tmp_path, seed):
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("4,359", "4,400"), encoding="utf-8")
    run("diff", str(SEED), str(changed), "-o", str(tmp_path / "report"), "--lang", "en")
    assert sorted(os.listdir(tmp_path / "report")) == ["Change-Report_FY2024-FY2025.pdf",
                                                       "Change-Report_FY2024-FY2025.xlsx"]
    texts = workbook_texts(tmp_path / "report" / "Change-Report_FY2024-FY2025.xlsx")
    assert "Changes" in texts
    assert japanese_labels(texts, data_strings(seed) | {"総務市民局"}) == []
    chunks = pdf_chunks(tmp_path / "report" / "Change-Report_FY2024-FY2025.pdf")
    assert "Changes" in [c.strip() for c in chunks]


def test_check_lists_no_untranslated_label_for_the_shipped_glossary():
    result = run("check", str(SEED), "--lang", "en")
    assert "heading or note of the English edition" not in result.stderr


# ---------------------------------------------------------------- every edition reads back

@pytest.mark.parametrize("stem", [JA, EN, BOTH])
def test_every_editions_workbook_reads_back_as_the_source(editions, seed, stem):
    result = read([str(editions / f"{stem}.xlsx")])
    assert not result.errors, result.findings
    assert result.publication == seed


def test_diff_and_collect_take_english_workbooks(tmp_path, editions):
    result = run("diff", str(editions / f"{JA}.xlsx"), str(editions / f"{EN}.xlsx"))
    assert result.stdout.strip().endswith("変更 0 件（比較した年度: R6・R7）")
    run("rollforward", str(SEED), "-o", str(tmp_path / "draft.xlsx"))
    run("split", str(tmp_path / "draft.xlsx"), "-o", str(tmp_path / "divisions"), "--lang", "en", "-q")
    merged = tmp_path / "merged.xlsx"
    returns = sorted(str(p) for p in (tmp_path / "divisions").glob("*.xlsx"))
    run("collect", *returns, "--into", str(tmp_path / "draft.xlsx"), "-o", str(merged))
    draft, collected = load(str(tmp_path / "draft.xlsx")), load(str(merged))
    assert collected.bureaus == draft.bureaus  # nothing changed: the English returns read as the draft
    assert len(collected.returned) == len({p.division for p in draft.programs})
