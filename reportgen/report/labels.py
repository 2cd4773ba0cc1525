"""Every word the renderers print that is not data, from one place.

Labels depend on the edition's fiscal years (R6/R7 now, R7/R8 next year) and
the language (ja, en, ja+en): the words come from the glossary, the title,
footnotes and page footer from jinja2 templates (templates/*.txt.j2).
"""
from __future__ import annotations

from dataclasses import dataclass

from reportgen.model.glossary import (
    check_language,
    has_japanese,
    table_words,
    year_values,
)
from reportgen.model.publication import FiscalYears
from reportgen.report.templating import fill
from reportgen.report.words import Words, load_words

# Unlikely to appear in a template's own text: replaced at drawing time.
PAGE_MARK, PAGES_MARK = "\ue000PAGE\ue000", "\ue000PAGES\ue000"


@dataclass(frozen=True)
class Labels:
    lang: str
    title: str
    subject: str
    footnotes: tuple[str, ...]
    header_rows: tuple[tuple[str, ...], tuple[str, ...]]
    flat_headers: tuple[str, ...]
    open_data_headers: tuple[str, ...]
    bureau_header: str
    pillar_header: str
    legend: tuple[str, ...]
    unit: str
    none_mark: str
    continued: str
    measure_subtotal: str
    pillar_subtotal: str
    bureau_total: str
    grand_total: str
    bureau_count: str  # format with {count}
    contents_title: str
    contents_headers: tuple[str, ...]
    page_footer: str  # contains PAGE_MARK and PAGES_MARK
    summary_sheet: str
    notes_title: str
    collection_sheet: str
    instructions_sheet: str
    collection_headers: tuple[str, ...]
    returned: str
    not_returned: str
    change_list: str  # a change report's list of changes: its sheet, its pages' subtitle

    @property
    def document_language(self) -> str:
        """The language a file declares (PDF /Lang, HTML lang, the workbook's): a bilingual
        edition is a Japanese document with English beside it."""
        return "en" if self.lang == "en" else "ja-JP"

    def page_number(self, page: int, pages: int) -> str:
        return self.page_footer.replace(PAGE_MARK, str(page)).replace(PAGES_MARK, str(pages))


def untranslated_labels(labels: Labels) -> list[tuple[str, str]]:
    """(field, text) of each label of an English edition still in Japanese: a city's
    glossary or template that gives a Japanese text for English (`check --lang en`)."""
    found = []
    for name, value in vars(labels).items():
        texts = value if isinstance(value, tuple) else (value,)
        for text in texts:
            for part in text if isinstance(text, tuple) else (text,):
                if isinstance(part, str) and has_japanese(part):
                    found.append((name, part))
    return found


def labels_for(years: FiscalYears, lang: str = "ja", words: Words | None = None, source_title: str = "",
               source_footnotes: tuple[str, ...] = ()) -> Labels:
    """The edition's labels from its words (loaded before, see report/words.py; the shipped
    ones when none are given)."""
    check_language(lang)
    words_of_edition = words or load_words()
    glossary, templates = words_of_edition.glossary, words_of_edition.templates
    values = year_values(years)

    def word(key: str, language: str = lang) -> str:
        return glossary.label(key, language, **values)

    def both(key: str) -> dict[str, str]:
        return {"ja": word(key, "ja"), "en": word(key, "en")}

    words = table_words(years, lang, glossary)
    context = dict(lang=lang, years=values, source_title=source_title,
                   source_footnotes=list(source_footnotes), title=both("title"), footnote=both("footnote"))
    footnotes = tuple(line for line in fill(templates["footnotes.txt.j2"], **context).splitlines() if line)
    return Labels(
        lang=lang,
        title=fill(templates["title.txt.j2"], **context).strip(),
        subject=word("subject"),
        footnotes=footnotes,
        header_rows=words.header_rows,
        flat_headers=words.flat_headers,
        open_data_headers=words.open_data_headers,
        bureau_header=word("bureau"),
        pillar_header=word("pillar"),
        legend=words.legend,
        unit=words.unit,
        none_mark="—",
        continued=word("continued"),
        measure_subtotal=words.measure_subtotal,
        pillar_subtotal=words.pillar_subtotal,
        bureau_total=words.bureau_total,
        grand_total=words.grand_total,
        bureau_count=glossary.label("bureau_count", lang, count="{count}"),
        contents_title=word("contents"),
        contents_headers=(word("bureau"), word("page"), word("program_count"), word("budget1"), word("budget2")),
        page_footer=fill(templates["page_footer.txt.j2"], page=PAGE_MARK, pages=PAGES_MARK, lang=lang).strip(),
        summary_sheet=words.summary_sheet,
        notes_title=words.notes_title,
        collection_sheet=words.collection_sheet,
        instructions_sheet=words.instructions_sheet,
        collection_headers=words.collection_headers,
        returned=words.returned,
        not_returned=words.not_returned,
        change_list=word("change_list"),
    )
