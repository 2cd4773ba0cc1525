"""Next year's draft from this year's edition: R6/R7 becomes R7/R8.

The second year's ● marks, KPI targets, names and budgets move to the first
year's place; the new year's columns are left empty for the divisions to fill.
A program that is not a major program in the second year has no place in the
next edition: it is left out and reported, never dropped silently.
"""
from __future__ import annotations

from dataclasses import replace

from reportgen.messages import say
from reportgen.model.findings import Finding, Severity
from reportgen.model.glossary import load_glossary, year_values
from reportgen.model.publication import (
    Budget,
    Bureau,
    FiscalYears,
    Kpi,
    Location,
    Program,
    ProgramName,
    Publication,
    map_programs,
)


def roll_forward(publication: Publication) -> tuple[Publication, list[Finding]]:
    years = FiscalYears(publication.years.second, publication.years.second + 1)
    # the title and footnote are the glossary's, worded for the new years (令和7年度・令和8年度):
    # data of the draft, not the presentation's templates
    glossary, values = load_glossary(), year_values(years)
    findings: list[Finding] = []

    def rolled(bureau: Bureau, program: Program) -> Program | None:
        if program.major[1]:
            return _rolled(program)
        findings.append(Finding(
            Severity.NOTICE, program.source or Location(bureau.name),
            say("rollforward.left_out", number=program.number, name=program.name.by_year[0],
                year=publication.years.codes[1]), "●"))
        return None

    kept = map_programs(publication, rolled)
    draft = Publication(glossary.label("title", "ja", **values), years,
                        (glossary.label("footnote", "ja", **values),), kept.bureaus,
                        returned=())  # a draft: no division has returned yet
    return draft, findings


def _rolled(program: Program) -> Program:
    name = program.name.by_year[1]
    kpis = tuple(Kpi(k.goal, k.baseline, k.baseline_year, (k.targets[1], "")) for k in program.kpis)
    return replace(program, name=ProgramName(name, (name, name)), major=(True, False), kpis=kpis,
                   budgets=(program.budgets[1], Budget(None)))
