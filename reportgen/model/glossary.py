"""The glossary: Japanese and English of every label, pillar and (optionally) name.

templates/glossary.toml is the default; `--glossary FILE` overlays a city
office's own file on it (same layout), typically adding [names]. A label key
the default does not know is an error (a typo would otherwise go unnoticed).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache

import reportgen.model.columns as col
import reportgen.model.era as era
from reportgen.messages import listing, say
from reportgen.model.findings import Finding, ReportgenError, Severity, Text
from reportgen.model.publication import FiscalYears, Location, Publication
from reportgen.resources import template

DEFAULT_GLOSSARY = "glossary.toml"  # shipped in the package's templates (resources.template)
LANGUAGES = ("ja", "en", "ja+en")
SEPARATOR = " / "


@dataclass(frozen=True)
class Glossary:
    labels: dict[str, dict[str, str]]
    pillars: dict[str, str]
    names: dict[str, str]

    def label(self, key: str, lang: str, **values) -> str:
        entry = self.labels[key]
        ja, en = entry["ja"].format(**values), entry["en"].format(**values)
        return combine(ja, en, lang)

    def name(self, text: str, lang: str) -> str:
        """A data name in the display language; untranslated names stay Japanese."""
        if lang == "ja" or not text:
            return text
        return combine(text, self.names.get(text), lang)

    def pillar(self, name: str, lang: str) -> str:
        if lang == "ja":
            return name
        return combine(name, self.pillars.get(name) or self.names.get(name), lang)

    def original(self, printed: str, lang: str, pillar: bool = False) -> str:
        """The Japanese name a name printed in an edition of `lang` stands for (reading a
        workbook back): in English, the name the glossary translates as `printed` (a name
        without a translation was printed as it is); in a bilingual edition, the part before
        ' / ' whose translation follows it. ValueError when two names share that translation."""
        if lang == "ja" or not printed:
            return printed
        translate = self.pillar if pillar else self.name
        if lang == "ja+en":
            start = printed.find(SEPARATOR)
            while start >= 0:
                if translate(printed[:start], lang) == printed:
                    return printed[:start]
                start = printed.find(SEPARATOR, start + 1)
            return printed
        found = (self._pillar_originals if pillar else self._name_originals).get(printed, ())
        if len(found) > 1:
            raise ValueError(say("glossary.ambiguous", printed=printed, names=listing(found)))
        return found[0] if found else printed

    @cached_property
    def _name_originals(self) -> dict[str, tuple[str, ...]]:
        return _by_translation(self.names)

    @cached_property
    def _pillar_originals(self) -> dict[str, tuple[str, ...]]:
        return _by_translation({**self.names, **self.pillars})


def _by_translation(table: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """English -> the Japanese names it translates (two, when a glossary gives two names one English)."""
    originals: dict[str, tuple[str, ...]] = {}
    for name, english in table.items():
        originals[english] = originals.get(english, ()) + (name,)
    return originals


def combine(ja: str, en: str | None, lang: str) -> str:
    if lang == "ja" or en is None:
        return ja
    if lang == "en":
        return en
    return ja if ja == en else f"{ja}{SEPARATOR}{en}"


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ReportgenError(Finding(Severity.ERROR, Location("--lang"),
                                     say("glossary.unknown_language", lang=lang, languages=", ".join(LANGUAGES)),
                                     "lang"))
    return lang


def load_glossary(path: str | None = None) -> Glossary:
    return _load(path)


@lru_cache(maxsize=8)
def _load(user_path: str | None) -> Glossary:
    default_path = f"templates/{DEFAULT_GLOSSARY}"  # how messages name it
    base = tomllib.loads(template(DEFAULT_GLOSSARY).read_text(encoding="utf-8"))
    labels = {key: dict(value) for key, value in _section(base, "labels", default_path).items()}
    pillars = dict(_section(base, "pillars", default_path))
    names = dict(_section(base, "names", default_path))
    for key, entry in labels.items():
        _check_entry(default_path, key, entry, require_both=True)
    if user_path is not None:
        user = _read(user_path)
        unknown_sections = set(user) - {"labels", "pillars", "names"}
        if unknown_sections:
            sections = ', '.join(sorted(unknown_sections))
            _fail(user_path, say("glossary.unknown_section", sections=sections))
        for key, entry in _section(user, "labels", user_path).items():
            if key not in labels:
                _fail(user_path, say("glossary.unknown_label", key=key))
            _check_entry(user_path, key, entry, require_both=False)
            labels[key].update(entry)
        for section, target in (("pillars", pillars), ("names", names)):
            for ja, en in _section(user, section, user_path).items():
                if not isinstance(en, str):
                    _fail(user_path, say("glossary.translation_not_text", section=section, name=ja))
                target[ja] = en
    return Glossary(labels, pillars, names)


def _read(path: str) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        _fail(path, say("glossary.no_such_file"))
    except tomllib.TOMLDecodeError as exc:
        _fail(path, say("glossary.not_toml", error=exc))
    except UnicodeDecodeError as exc:
        _fail(path, say("glossary.not_utf8", offset=exc.start))


def _section(data: dict, name: str, path: str) -> dict:
    section = data.get(name, {})
    if not isinstance(section, dict):
        _fail(path, say("glossary.section_not_table", section=name))
    return section


def _check_entry(path: str, key: str, entry, require_both: bool) -> None:
    if not isinstance(entry, dict) or set(entry) - {"ja", "en"} or not all(isinstance(v, str) for v in entry.values()):
        _fail(path, say("glossary.label_strings_only", key=key))
    if require_both and set(entry) != {"ja", "en"}:
        _fail(path, say("glossary.label_needs_both", key=key))


def _fail(path: str, message: Text):
    raise ReportgenError(Finding(Severity.ERROR, Location(path), message, "glossary"))


def untranslated(publication: Publication, glossary: Glossary) -> list[Finding]:
    """A notice for each bureau, pillar, measure, program or division name without an English
    translation (it will print in Japanese)."""
    findings: list[Finding] = []
    seen: set[str] = set()

    def need(text: str, table: dict[str, str], where: Location, field: str) -> None:
        if text and text not in table and text not in seen:
            seen.add(text)
            findings.append(Finding(Severity.NOTICE, where, say("glossary.untranslated", name=text), field))

    for bureau in publication.bureaus:
        first = bureau.programs[0].source if bureau.programs else None
        need(bureau.name, glossary.names, first or Location(bureau.name), "局")
        for pillar in bureau.pillars:
            need(pillar.name, {**glossary.names, **glossary.pillars}, first or Location(bureau.name), "重点戦略")
            for measure in pillar.measures:
                for program in measure.programs:
                    where = program.source or Location(bureau.name)
                    need(measure.name, glossary.names, where, "主な施策")
                    # the cell as written: a renamed program's '旧名(R6)新名(R7)' is one name to translate
                    need(program.name.text, glossary.names, where, "主要事務事業名")
                    need(program.division, glossary.names, where, "担当課")
    return findings


# ---------------------------------------------------------------- the words written into a table

@dataclass(frozen=True)
class TableWords:
    """The words reportgen writes into a table that are not data: its header rows, the
    legend and notes, the subtotal labels. The report builder prints them; the workbook
    reader recognises them when a workbook comes back. One definition for both."""

    header_rows: tuple[tuple[str, ...], tuple[str, ...]]
    flat_headers: tuple[str, ...]
    open_data_headers: tuple[str, ...]  # the open-data CSV's and the DataFrame's (model/program_table)
    legend: tuple[str, ...]
    unit: str
    notes_title: str
    measure_subtotal: str
    pillar_subtotal: str
    bureau_total: str
    grand_total: str
    summary_sheet: str
    collection_sheet: str  # a draft's list of the divisions that have returned
    instructions_sheet: str  # a division workbook's 記入要領
    division_note: str  # a division's note on its total, {division} standing for the name
    collection_headers: tuple[str, ...]  # bureau, division, status, file, date
    returned: str
    not_returned: str


# kana, kanji, CJK punctuation and full-width forms: text to be read in Japanese
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def has_japanese(text: str) -> bool:
    return bool(_JAPANESE.search(text))


_FULL_WIDTH_FORMS = str.maketrans("[]:*?/\\", "［］：＊？／＼")


def sheet_name(label: str) -> str:
    """The name of a sheet of our own (総括, 回収状況, 記入要領, 変更一覧): characters Excel
    forbids in sheet names take their full-width forms ('総括 / Summary' in a bilingual
    edition becomes '総括 ／ Summary'). The writer names the sheets so and the reader
    knows them so. Bureau names, being data, never change."""
    return label.translate(_FULL_WIDTH_FORMS)


def file_name(glossary: Glossary, key: str, years: FiscalYears, lang: str) -> str:
    """A file name (without suffix) in an edition's language; a bilingual edition's joins
    the Japanese and the English with '_' (a file name cannot hold ' / ')."""
    values = year_values(years)
    names = {language: glossary.label(key, language, **values) for language in ("ja", "en")}
    return names.get(lang) or f"{names['ja']}_{names['en']}"


def year_values(years: FiscalYears) -> dict[str, str]:
    codes, names = years.codes, years.names
    return {"code1": codes[0], "code2": codes[1], "name1": names[0], "name2": names[1],
            "fy1": era.fiscal_label_en(years.first), "fy2": era.fiscal_label_en(years.second)}


def table_words(years: FiscalYears, lang: str = "ja", glossary: Glossary | None = None) -> TableWords:
    check_language(lang)
    glossary = glossary or load_glossary()
    values = year_values(years)

    def word(key: str) -> str:
        return glossary.label(key, lang, **values)

    if lang == "ja":
        header_rows = col.header_rows(years.codes)
    else:
        kpi = (word("goal"), word("baseline"), word("baseline_year"), word("target1"), word("target2"))
        header_rows = ((word("measure"), word("number"), word("name"), word("summary"), word("mark1"),
                        word("mark2"), word("division"), word("kpi1"), "", "", "", "", word("kpi2"), "", "", "", "",
                        word("budget1"), word("budget2")),
                       ("",) * 7 + kpi * 2 + ("", ""))
    flat = col.flatten(header_rows)
    open_data = (word("bureau"), word("pillar"), *flat[:col.NAME + 1], word("name_in_year1"), word("name_in_year2"),
                 *flat[col.NAME + 1:])
    return TableWords(header_rows=header_rows, flat_headers=flat, open_data_headers=open_data,
                      legend=(word("legend_mark"), word("unit"), word("legend_none")), unit=word("unit"),
                      notes_title=word("notes"), measure_subtotal=word("measure_subtotal"),
                      pillar_subtotal=word("pillar_subtotal"), bureau_total=word("bureau_total"),
                      grand_total=word("grand_total"), summary_sheet=word("summary_sheet"),
                      collection_sheet=word("collection_sheet"), instructions_sheet=word("instructions_sheet"),
                      division_note=glossary.label("division_total_note", lang, division="{division}"),
                      collection_headers=(word("bureau"), word("division"), word("collection_status"),
                                          word("collection_file"), word("collection_date")),
                      returned=word("returned"), not_returned=word("not_returned"))
