"""The report builder: decides rows, cells, spans, subtotals and labels once.

Renderers (PDF, XLSX, HTML) draw a Report and never look at the model: what a
cell says, how it is aligned, which rows a subtotal covers and what it sums
are all decided here (DESIGN.md §5). Pagination is the PDF renderer's job,
because only it can measure text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

import reportgen.model.columns as col
from reportgen.model.amounts import format_amount, sum_existing
from reportgen.model.divisions import split_publication
from reportgen.model.glossary import Glossary
from reportgen.model.publication import FiscalYears, Program, Publication, Returned
from reportgen.report.labels import Labels, labels_for
from reportgen.report.templating import fill
from reportgen.report.words import Words, load_words


class RowKind(str, Enum):
    PILLAR = "pillar"  # a heading row spanning every column
    PROGRAM = "program"
    MEASURE_SUBTOTAL = "measure_subtotal"
    PILLAR_SUBTOTAL = "pillar_subtotal"
    BUREAU_TOTAL = "bureau_total"
    GRAND_TOTAL = "grand_total"

    @property
    def is_total(self) -> bool:
        return self not in (RowKind.PILLAR, RowKind.PROGRAM)


class Align(str, Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Cell:
    text: str  # what is printed; '\n' separates lines the data itself breaks
    align: Align = Align.LEFT
    amount: int | None = None  # budget cells: the number (None = none, printed as —)
    is_amount: bool = False
    changed: bool = False  # a change report highlights this cell


@dataclass(frozen=True)
class Row:
    """One row of a bureau's table.

    PROGRAM rows have 19 cells; cell 0 holds the measure's name on every row of
    the measure (renderers merge it over `measure_rows` rows from the row whose
    `measure_start` is true). PILLAR rows have one cell spanning the table.
    Total rows have a label cell (columns 0-16) and the two budget cells;
    `covers` is the inclusive range of row indices of the section they sum.
    """

    kind: RowKind
    cells: tuple[Cell, ...]
    pillar: int  # index of the pillar within the section (-1 for bureau/grand totals)
    measure: int = -1  # index of the measure within its pillar, program rows only
    measure_start: bool = False
    measure_rows: int = 0  # on a measure's first row: how many program rows it spans
    covers: tuple[int, int] | None = None
    amounts: tuple[int | None, int | None] = (None, None)
    where: str = ""  # how to name this row in a message: '総務市民局 事業番号 10 (file:line)'
    label_span: int = 1  # how many columns the first cell spans (a total's label, a pillar's heading)
    division: str = ""

    @property
    def label(self) -> str:
        return self.cells[0].text


@dataclass(frozen=True)
class Section:
    """One bureau's table."""

    bureau: str  # the bureau's name in the source: the key for files and sheets
    heading: str  # the name as printed in the edition's language
    rows: tuple[Row, ...]
    pillar_headings: tuple[str, ...]
    total: tuple[int | None, int | None]
    program_count: int


@dataclass(frozen=True)
class CollectionRow:
    """One division of a draft and whether its return has been merged."""

    bureau: str
    division: str
    returned: Returned | None


@dataclass(frozen=True)
class Report:
    title: str
    years: FiscalYears
    labels: Labels
    footnotes: tuple[str, ...]
    sections: tuple[Section, ...]
    grand_total: Row | None  # only for a book of several bureaus
    column_weights: tuple[float, ...]
    author: str
    subject: str
    change_list: tuple[str, ...] = ()  # a change report lists its changes before the table
    # decided here once for every renderer:
    editable_columns: tuple[int, ...] = col.DIVISION_INPUTS  # a division's input columns (protected sheets)
    division: str | None = None  # one division's sheet (a split): its name as the source spells it
    collection: tuple[CollectionRow, ...] | None = None  # a draft: every division, returned or not
    instructions: tuple[str, ...] = ()  # a division's 記入要領, line by line


# Relative column widths shared by every renderer (PDF points, Excel characters).
COLUMN_WEIGHTS = (1.6, 0.55, 1.5, 3.0, 0.45, 0.45, 1.0,
                  1.4, 0.8, 0.6, 0.9, 0.9,
                  1.4, 0.8, 0.6, 0.9, 0.9,
                  1.1, 1.1)
assert len(COLUMN_WEIGHTS) == col.COLUMN_COUNT
# English headings ('FY2024', 'Baseline year') need wider year columns than 'R6'.
_ENGLISH_WIDER = {col.MARK_FIRST: 0.75, col.MARK_SECOND: 0.75, 9: 0.8, 14: 0.8}


def column_weights(lang: str) -> tuple[float, ...]:
    if lang == "ja":
        return COLUMN_WEIGHTS
    return tuple(_ENGLISH_WIDER.get(index, weight) for index, weight in enumerate(COLUMN_WEIGHTS))

_KPI_ALIGNS = (Align.LEFT, Align.CENTER, Align.CENTER, Align.CENTER, Align.CENTER)


@dataclass(frozen=True)
class _Words:
    """The language of one build: labels plus the glossary for data names."""

    labels: Labels
    glossary: Glossary
    lang: str

    def name(self, text: str) -> str:
        return self.glossary.name(text, self.lang)


def build_report(publication: Publication, subtotals: str = "pillar", lang: str = "ja",
                 words: Words | None = None,
                 division: str | None = None,
                 highlights: dict[tuple[str, int], frozenset[int]] | None = None,
                 change_list: tuple[str, ...] = (), deadline: str | None = None,
                 return_to: str | None = None) -> Report:
    """The report of `publication`, worded with `words` (load them first with
    report.words.load_words; the shipped words when none are given): no file is read here.
    `division`: the report is one division's sheet; its name follows the bureau's in headings.
    `highlights`: (bureau, program number) -> the columns a change report marks as changed.
    `deadline`, `return_to`: what a division's 記入要領 states (when given)."""
    if subtotals not in ("pillar", "measure"):
        raise ValueError(f"subtotals must be 'pillar' or 'measure', not {subtotals!r}")
    loaded = words or load_words()
    glossary = loaded.glossary
    labels = labels_for(publication.years, lang, loaded, source_title=publication.title,
                        source_footnotes=publication.footnotes)
    words = _Words(labels, glossary, lang)
    sections = tuple(_section(bureau, publication.years, words, subtotals == "measure", division,
                              highlights or {})
                     for bureau in publication.bureaus)
    grand_total = None
    if len(sections) > 1:
        amounts = tuple(sum_existing(s.total[i] for s in sections) for i in range(2))
        count = labels.bureau_count.format(count=len(sections))
        grand_total = _total_row(RowKind.GRAND_TOTAL, _bracket(labels.grand_total, count, lang),
                                 amounts, -1, None)
    headings = [s.heading for s in sections]
    return Report(
        title=labels.title,
        years=publication.years,
        labels=labels,
        footnotes=labels.footnotes + _division_note(glossary, lang, division),
        sections=sections,
        grand_total=grand_total,
        column_weights=column_weights(lang),
        author=headings[0] if len(headings) == 1 else "・".join(headings[:3]) + ("ほか" if len(headings) > 3 else ""),
        subject=labels.subject,
        change_list=tuple(change_list),
        division=division,
        collection=_collection(publication) if division is None else None,
        instructions=_instructions(publication, loaded, labels, lang, sections, division, deadline, return_to),
    )


def _instructions(publication: Publication, words: Words, labels: Labels, lang: str, sections, division,
                  deadline: str | None, return_to: str | None) -> tuple[str, ...]:
    """A division's 記入要領, one line per row, from its template (empty for other reports)."""
    if division is None or not sections:
        return ()
    flat = labels.flat_headers
    inputs = [flat[i] + ("（●）" if lang != "en" else " (●)") if i == col.MARK_SECOND else flat[i]
              for i in col.DIVISION_INPUTS]
    text = fill(words.templates["division_instructions.txt.j2"], lang="en" if lang == "en" else "ja",
                title=labels.title, bureau=words.glossary.name(publication.bureaus[0].name, lang),
                division=words.glossary.name(division, lang),
                codes=list(labels.header_rows[0][col.MARK_FIRST:col.MARK_SECOND + 1]) if lang == "en"
                else list(publication.years.codes), fiscal_years=list(publication.years.names),
                deadline=deadline, return_to=return_to, inputs=list(dict.fromkeys(inputs)))
    return tuple(text.splitlines())


def _division_note(glossary: Glossary, lang: str, division: str | None) -> tuple[str, ...]:
    """A division's sheet says whose total its 合計 is (every language of the edition)."""
    if division is None:
        return ()
    languages = ("ja", "en") if lang == "ja+en" else (lang,)
    return tuple(glossary.label("division_total_note", language, division=glossary.name(division, language))
                 for language in languages)


def _collection(publication: Publication) -> tuple[CollectionRow, ...] | None:
    if publication.returned is None:
        return None
    merged = {(r.bureau, r.division): r for r in publication.returned}
    return tuple(CollectionRow(part.bureau, part.division, merged.get((part.bureau, part.division)))
                 for part in split_publication(publication))


def _bracket(label: str, detail: str, lang: str) -> str:
    """'小計（I 「…」の実現）' in Japanese, 'Subtotal (I …)' in English."""
    return f"{label} ({detail})" if lang == "en" else f"{label}（{detail}）"


def _amount_cell(amount: int | None) -> Cell:
    return Cell(format_amount(amount), Align.RIGHT, amount, is_amount=True)


def _total_row(kind: RowKind, label: str, amounts, pillar: int, covers) -> Row:
    return Row(kind, (Cell(label), _amount_cell(amounts[0]), _amount_cell(amounts[1])),
               pillar=pillar, covers=covers, amounts=tuple(amounts), label_span=col.TOTAL_LABEL_COLUMNS)


def _section(bureau, years: FiscalYears, words: _Words, measure_subtotals: bool,
             division: str | None, highlights: dict[tuple[str, int], frozenset[int]]) -> Section:
    labels, lang = words.labels, words.lang
    rows: list[Row] = []
    headings = []
    shared = _SharedCells()
    for pillar_index, pillar in enumerate(bureau.pillars):
        pillar_start = len(rows)
        heading = f"{pillar.numeral} {words.glossary.pillar(pillar.name, lang)}"
        headings.append(heading)
        rows.append(Row(RowKind.PILLAR, (Cell(heading),), pillar=pillar_index, label_span=col.COLUMN_COUNT))
        for measure_index, measure in enumerate(pillar.measures):
            measure_start = len(rows)
            for position, program in enumerate(measure.programs):
                cells = _program_cells(measure.name, program, years, words, shared)
                changed = highlights.get((bureau.name, program.number))
                if changed:
                    cells = tuple(replace(c, changed=True) if i in changed else c for i, c in enumerate(cells))
                rows.append(Row(
                    RowKind.PROGRAM, cells,
                    pillar=pillar_index, measure=measure_index, measure_start=position == 0,
                    measure_rows=len(measure.programs) if position == 0 else 0,
                    amounts=(program.budgets[0].amount, program.budgets[1].amount),
                    where=_where(bureau.name, program), division=program.division))
            if measure_subtotals:
                amounts = _sum_rows(rows[measure_start:])
                rows.append(_total_row(RowKind.MEASURE_SUBTOTAL,
                                       labels.measure_subtotal, amounts,
                                       pillar_index, (measure_start, len(rows) - 1)))
        amounts = _sum_rows(rows[pillar_start:])
        rows.append(_total_row(RowKind.PILLAR_SUBTOTAL, _bracket(labels.pillar_subtotal, heading, lang),
                               amounts, pillar_index, (pillar_start, len(rows) - 1)))
    total = _sum_rows(rows)
    bureau_heading = words.name(bureau.name)
    # a division's sheet sums only that division's programs: its total is named after the division,
    # never after the bureau, whose total it is not
    total_of = bureau_heading if division is None else words.name(division)
    rows.append(_total_row(RowKind.BUREAU_TOTAL, _bracket(labels.bureau_total, total_of, lang), total, -1,
                           (0, len(rows) - 1)))
    if division is not None:  # '総務市民局　地域振興課'; in English 'General Affairs … Bureau – Community …'
        bureau_heading = f"{bureau_heading}{' – ' if lang == 'en' else '　'}{words.name(division)}"
    return Section(bureau.name, bureau_heading, tuple(rows), tuple(headings), total, len(bureau.programs))


def _sum_rows(rows: list[Row]) -> tuple[int | None, int | None]:
    programs = [r for r in rows if r.kind is RowKind.PROGRAM]
    return tuple(sum_existing(r.amounts[i] for r in programs) for i in range(2))


def _where(bureau: str, program: Program) -> str:
    source = f" ({program.source})" if program.source else ""
    return f"{bureau} 事業番号 {program.number}{source}"


def _name_text(program: Program, years: FiscalYears, words: _Words) -> str:
    """The name is data: printed as the source says, or as the glossary translates that
    exact text. A renamed program's cell, '旧名(R6)新名(R7)', prints on two lines with
    its own brackets and year codes, in every language."""
    text = program.name.text
    translated = words.name(text)
    if not program.name.renamed or translated != text:
        return translated
    marker = re.search(rf"[(（]{re.escape(years.codes[0])}[)）]", text)
    return text[:marker.end()] + "\n" + text[marker.end():] if marker else text


class _SharedCells(dict):
    """Cells are immutable, so the short texts that repeat from row to row (blank
    KPI cells, ●, division names, KPI phrases) share one Cell each: a 10,000-program
    book makes a third fewer objects. Bounded, whatever passes through."""

    def __missing__(self, key: tuple[str, Align]) -> Cell:
        if len(self) >= 50_000:
            self.clear()
        cell = self[key] = Cell(*key)
        return cell


def _program_cells(measure: str, program: Program, years: FiscalYears, words: _Words,
                   shared: _SharedCells) -> tuple[Cell, ...]:
    cells = [
        shared[words.name(measure), Align.LEFT],
        Cell(str(program.number), Align.CENTER),
        Cell(_name_text(program, years, words)),
        Cell(program.summary),
        shared["●" if program.major[0] else "", Align.CENTER],
        shared["●" if program.major[1] else "", Align.CENTER],
        shared[words.name(program.division), Align.LEFT],
    ]
    for index in range(2):
        texts = program.kpis[index].cells if index < len(program.kpis) else ("",) * col.KPI_WIDTH
        cells.extend(shared[text, align] if len(text) <= 40 else Cell(text, align)
                     for text, align in zip(texts, _KPI_ALIGNS))
    cells.extend(_amount_cell(b.amount) for b in program.budgets)
    return tuple(cells)
