"""The publication model: what a 主要事務事業 table says, independent of any file format.

Every loader returns a Publication; every renderer reads only the resolved
layout built from one. Values that are parsed (years, budgets, marks) keep the
verbatim text they were read from, so nothing of the source is lost.
Per-year values are tuples in the order of `Publication.years`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import reportgen.model.era as era


@dataclass(frozen=True)
class Location:
    """Where a value came from: a text file's line, or a workbook's sheet!cell."""

    file: str
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{self.cell or ''}".rstrip("!")
        return f"{self.file}:{self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class FiscalYears:
    """The edition's pair of fiscal years, e.g. (2024, 2025) for R6/R7."""

    first: int
    second: int

    def __iter__(self):
        return iter((self.first, self.second))

    def index(self, year: int) -> int:
        return (self.first, self.second).index(year)

    @property
    def codes(self) -> tuple[str, str]:
        return era.era_code(self.first), era.era_code(self.second)

    @property
    def names(self) -> tuple[str, str]:
        return era.era_name(self.first), era.era_name(self.second)


@dataclass(frozen=True)
class Budget:
    """A year's budget in thousands of yen; `amount` None means none (not zero)."""

    amount: int | None
    text: str = field(default="", compare=False)  # as written in the source, e.g. '4,359'


@dataclass(frozen=True)
class BaselineYear:
    """基準年度 as written ('R5', 'H25', 'R元', '—') and its Western year when it is one."""

    text: str
    year: int | None


@dataclass(frozen=True)
class Kpi:
    """One KPI (成果指標): all verbatim text; targets per edition year."""

    goal: str
    baseline: str
    baseline_year: BaselineYear
    targets: tuple[str, str]

    @property
    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.goal, self.baseline, self.baseline_year.text, *self.targets)


@dataclass(frozen=True)
class ProgramName:
    """主要事務事業名. `text` is the cell as written; `by_year` the name in each
    edition year (equal unless the program was renamed, e.g. '…(R6)…(R7)')."""

    text: str
    by_year: tuple[str, str]

    @property
    def renamed(self) -> bool:
        return self.by_year[0] != self.by_year[1]


@dataclass(frozen=True)
class Program:
    number: int
    name: ProgramName
    summary: str
    major: tuple[bool, bool]  # the ● marks, per edition year
    division: str
    kpis: tuple[Kpi, ...]  # 0..2; KPI ② without KPI ① keeps an empty KPI ① slot
    budgets: tuple[Budget, Budget]
    number_text: str = field(default="", compare=False)  # as written, e.g. '10' or '１０'
    source: Location | None = field(default=None, compare=False)
    # a table of programs (readers/programs): where its two ● cells are, so that a finding
    # can point at them; its columns are found by their headers, not by the document's layout
    mark_cells: tuple[Location, Location] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Measure:
    """主な施策: a measure groups programs (a merged cell in the printed table)."""

    name: str
    programs: tuple[Program, ...]


@dataclass(frozen=True)
class Pillar:
    """A strategy of the vision, e.g. numeral 'I', name '「稼げるまち」の実現'."""

    numeral: str
    name: str
    measures: tuple[Measure, ...]

    @property
    def heading(self) -> str:
        return f"{self.numeral} {self.name}"

    @property
    def programs(self) -> tuple[Program, ...]:
        return tuple(p for m in self.measures for p in m.programs)


@dataclass(frozen=True)
class Bureau:
    name: str
    pillars: tuple[Pillar, ...]

    @property
    def programs(self) -> tuple[Program, ...]:
        return tuple(p for pillar in self.pillars for p in pillar.programs)


@dataclass(frozen=True)
class Returned:
    """A division whose return has been merged into a draft (its 回収状況 sheet)."""

    bureau: str
    division: str
    file: str  # the returned file's name, as collected
    on: str  # the day it was merged, YYYY-MM-DD


@dataclass(frozen=True)
class Publication:
    title: str
    years: FiscalYears
    footnotes: tuple[str, ...]
    bureaus: tuple[Bureau, ...]
    # a draft of next year's edition (rollforward, collect): the divisions merged so far;
    # None for a publication that is not a draft
    returned: tuple[Returned, ...] | None = None

    @property
    def programs(self) -> tuple[Program, ...]:
        return tuple(p for b in self.bureaus for p in b.programs)


def empty_kpi() -> Kpi:
    return Kpi("", "", BaselineYear("", None), ("", ""))


def map_programs(publication: Publication, change) -> Publication:
    """The publication with `change(bureau, program)` applied to every program, in order.
    A program mapped to None is left out, and so are the measures and pillars it empties."""
    bureaus = []
    for bureau in publication.bureaus:
        pillars = []
        for pillar in bureau.pillars:
            measures = []
            for measure in pillar.measures:
                programs = tuple(p for p in (change(bureau, program) for program in measure.programs)
                                 if p is not None)
                if programs:
                    measures.append(Measure(measure.name, programs))
            if measures:
                pillars.append(Pillar(pillar.numeral, pillar.name, tuple(measures)))
        bureaus.append(Bureau(bureau.name, tuple(pillars)))
    return replace(publication, bureaus=tuple(bureaus))
