"""Assembling the frozen model from rows read in document order.

Loaders feed pages, pillar headings and program rows; the tree applies the
table's conventions (a blank 主な施策 cell continues the measure above, a
pillar continues across pages) and reports rows that fit nowhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.messages import say
from reportgen.model.findings import Finding, Severity
from reportgen.model.publication import (
    Bureau,
    FiscalYears,
    Location,
    Measure,
    Pillar,
    Program,
    Publication,
    Returned,
)


@dataclass
class _MeasureDraft:
    name: str
    programs: list[Program] = field(default_factory=list)


@dataclass
class _PillarDraft:
    numeral: str
    name: str
    measures: list[_MeasureDraft] = field(default_factory=list)


@dataclass
class _BureauDraft:
    name: str
    location: Location
    pillars: list[_PillarDraft] = field(default_factory=list)


class PublicationTree:
    def __init__(self) -> None:
        self.title: str | None = None
        self.years: FiscalYears | None = None
        self.footnotes: list[str] = []
        self._footnotes_seen: set[str] = set()
        self.bureaus: list[_BureauDraft] = []
        self.returned: list[Returned] | None = None  # a draft's 回収状況 sheet, when read

    @property
    def _bureau(self) -> _BureauDraft:
        return self.bureaus[-1]

    def start_page(self, bureau: str, location: Location, title: str,
                   findings: list[Finding]) -> None:
        if title:
            if self.title is None:
                self.title = title
            elif title != self.title:
                findings.append(Finding(Severity.WARNING, location,
                                        say("tree.title_differs", first=self.title, title=title), "表題"))
        if self.bureaus and self._bureau.name == bureau:
            return
        first = next((earlier for earlier in self.bureaus if earlier.name == bureau), None)
        if first is not None:  # one error per return, naming where the bureau first appeared
            findings.append(Finding(Severity.ERROR, location,
                                    say("tree.bureau_again", bureau=bureau, first=first.location), "局"))
        self.bureaus.append(_BureauDraft(bureau, location))

    def add_pillar(self, numeral: str, name: str, location: Location,
                   findings: list[Finding]) -> None:
        if not self.bureaus:
            return
        pillars = self._bureau.pillars
        if pillars and (pillars[-1].numeral, pillars[-1].name) == (numeral, name):
            return  # the heading repeated on a new page
        if any(p.numeral == numeral for p in pillars):
            findings.append(Finding(Severity.ERROR, location, say("tree.duplicate_pillar", numeral=numeral),
                                    "重点戦略"))
            return
        pillars.append(_PillarDraft(numeral, name))

    def add_program(self, measure_cell: str, program: Program, findings: list[Finding]) -> None:
        location = program.source
        if not self.bureaus or not self._bureau.pillars:
            findings.append(Finding(Severity.ERROR, location, say("tree.program_before_pillar"), "重点戦略"))
            return
        pillar = self._bureau.pillars[-1]
        if not measure_cell.strip():
            if not pillar.measures:
                findings.append(Finding(Severity.ERROR, location, say("tree.measure_blank"), "主な施策"))
                return
        elif not pillar.measures or pillar.measures[-1].name != measure_cell:
            pillar.measures.append(_MeasureDraft(measure_cell))
        pillar.measures[-1].programs.append(program)

    def add_footnote(self, text: str) -> None:
        if text not in self._footnotes_seen:  # a set beside the list: linear in the number of lines
            self._footnotes_seen.add(text)
            self.footnotes.append(text)

    def note_years(self, years: FiscalYears, location: Location, findings: list[Finding]) -> None:
        if self.years is None:
            self.years = years
        elif years != self.years:
            findings.append(Finding(Severity.ERROR, location,
                                    say("tree.years_differ", first=years.first, second=years.second,
                                        other_first=self.years.first, other_second=self.years.second), "年度"))

    def build(self) -> Publication:
        return Publication(
            title=self.title or "",
            years=self.years,
            footnotes=tuple(self.footnotes),
            bureaus=tuple(
                Bureau(b.name, tuple(
                    Pillar(p.numeral, p.name, tuple(
                        Measure(m.name, tuple(m.programs)) for m in p.measures))
                    for p in b.pillars))
                for b in self.bureaus),
            returned=None if self.returned is None else tuple(self.returned),
        )
