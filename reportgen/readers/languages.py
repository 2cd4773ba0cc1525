"""Reading back a workbook of any edition: Japanese, English or bilingual.

An English or bilingual workbook prints the document's headings, totals and notes
in its language and prints each name (bureau, pillar, measure, program, division)
as the glossary translates it. Reading it back gives the same Japanese publication
as the Japanese workbook: the headers tell the language, and each printed name is
turned back into the Japanese name whose translation it is (a name without a
translation was printed as it is). The title and footnote of an English edition
are the glossary's, so they read back as the glossary's Japanese ones; a
bilingual edition keeps the document's own before its ' / '.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import reportgen.model.era as era
from reportgen.model.glossary import LANGUAGES, SEPARATOR, Glossary, TableWords, table_words, year_values
from reportgen.model.publication import FiscalYears

_FISCAL_YEAR = re.compile(r"^FY(?P<year>[0-9]{4})$")


def header_language(first_cell: str, glossary: Glossary) -> str | None:
    """The edition language whose first header cell (主な施策, Measure, …) this is."""
    return next((lang for lang in LANGUAGES if glossary.label("measure", lang) == first_cell), None)


def header_year(cell: str, lang: str) -> int | None:
    """A year column's heading as a year: R6 in Japanese, FY2024 in English, 'R6 / FY2024' in both."""
    if lang == "en":
        match = _FISCAL_YEAR.match(cell.strip())
        return int(match["year"]) if match else None
    return era.parse_year(cell.split(SEPARATOR)[0] if lang == "ja+en" else cell)


@dataclass(frozen=True)
class PrintedWords:
    """How an edition of `lang` printed what it printed, to read it back."""

    lang: str
    years: FiscalYears
    glossary: Glossary

    @property
    def words(self) -> TableWords:
        return table_words(self.years, self.lang, self.glossary)

    def name(self, printed: str, pillar: bool = False) -> str:
        """The Japanese name behind a printed one; ValueError (a Text) when the glossary is ambiguous."""
        return self.glossary.original(printed, self.lang, pillar)

    def title(self, printed: str) -> str:
        if self.lang == "ja":
            return printed
        values = year_values(self.years)
        japanese, english = (self.glossary.label("title", language, **values) for language in ("ja", "en"))
        if self.lang == "en":
            return japanese if printed == english else printed
        suffix = SEPARATOR + english
        return printed[:-len(suffix)] if printed.endswith(suffix) else printed

    def footnote(self, printed: str) -> str | None:
        """The footnote a printed note line stands for, or None for the edition's own English line."""
        if self.lang == "ja":
            return printed
        values = year_values(self.years)
        if printed != self.glossary.label("footnote", "en", **values):
            return printed
        return self.glossary.label("footnote", "ja", **values) if self.lang == "en" else None
