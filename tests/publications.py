"""Generated publications (hypothesis) in the form every reader gives them: the shapes a
table of programs can hold, so that readers and writers can be checked against each other.

What a reader cannot tell apart is not generated either: names are never blank or padded,
a pillar's name has no line break, a budget has its year's ● (a budget under no ● is an
error), and a second KPI left empty is not there at all.
"""
from __future__ import annotations

from hypothesis import strategies as st

import reportgen.model.era as era
from reportgen.model.glossary import load_glossary, year_values
from reportgen.model.publication import (
    BaselineYear,
    Budget,
    Bureau,
    FiscalYears,
    Kpi,
    Measure,
    Pillar,
    Program,
    Publication,
    empty_kpi,
)
from reportgen.readers.text import split_name

NUMERALS = ("I", "II", "III", "IV", "V")
# Japanese and ASCII text with the characters CSV and spreadsheets treat specially
_LETTERS = list("事業推進課地域防犯稼げるまち「」（）・、。ABCxyz019%,\"'=+-#@")
WORDS = st.text(alphabet=st.sampled_from(_LETTERS), min_size=1, max_size=10).filter(lambda t: t.strip() == t)
CELLS = st.one_of(st.just(""), WORDS, st.sampled_from(["62.8%", "—", "R5", "H25", "R元", "6,044件", "50.0%"]))
SUMMARIES = st.one_of(CELLS, st.builds(lambda a, b: f"{a}\n{b}", WORDS, WORDS))  # a line break in a cell
AMOUNTS = st.one_of(st.none(), st.integers(min_value=-10**12, max_value=10**12))


def standard_words(years: FiscalYears) -> tuple[str, tuple[str, ...]]:
    """The glossary's title and footnote for these years (what a table of programs gets)."""
    glossary, values = load_glossary(), year_values(years)
    return glossary.label("title", "ja", **values), (glossary.label("footnote", "ja", **values),)


@st.composite
def kpis(draw) -> tuple[Kpi, ...]:
    found = []
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        year_text = draw(CELLS)
        found.append(Kpi(draw(CELLS), draw(CELLS), BaselineYear(year_text, era.parse_year(year_text)),
                         (draw(CELLS), draw(CELLS))))
    while found and found[-1] == empty_kpi():
        found.pop()
    return tuple(found)


@st.composite
def programs(draw, number: int, codes: tuple[str, str]) -> Program:
    if draw(st.booleans()):
        name = draw(WORDS)
    else:  # renamed between the two years
        name = f"{draw(WORDS)}({codes[0]}){draw(WORDS)}({codes[1]})"
    major = draw(st.sampled_from([(True, True), (True, False), (False, True), (False, False)]))
    budgets = tuple(Budget(draw(AMOUNTS) if mark else None) for mark in major)
    return Program(number=number, name=split_name(name, codes), summary=draw(SUMMARIES), major=major,
                   division=draw(WORDS), kpis=draw(kpis()), budgets=budgets)


@st.composite
def publications(draw, max_bureaus: int = 3) -> Publication:
    first = draw(st.integers(min_value=1990, max_value=2040))
    years = FiscalYears(first, first + 1)
    bureau_names = draw(st.lists(WORDS, min_size=1, max_size=max_bureaus, unique=True))
    bureaus = []
    for bureau_name in bureau_names:
        number = 0
        pillars = []
        for numeral in NUMERALS[:draw(st.integers(min_value=1, max_value=3))]:
            measure_names = draw(st.lists(WORDS, min_size=1, max_size=3))
            measure_names = [m for i, m in enumerate(measure_names) if i == 0 or m != measure_names[i - 1]]
            measures = []
            for measure_name in measure_names:
                count = draw(st.integers(min_value=1, max_value=3))
                measures.append(Measure(measure_name, tuple(
                    draw(programs(number + i + 1, years.codes)) for i in range(count))))
                number += count
            pillars.append(Pillar(numeral, draw(WORDS), tuple(measures)))
        bureaus.append(Bureau(bureau_name, tuple(pillars)))
    title, footnotes = standard_words(years)
    return Publication(title, years, footnotes, tuple(bureaus))
