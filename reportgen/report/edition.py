"""What every writer receives: the built report and the model it was built from."""
from __future__ import annotations

from dataclasses import dataclass

from reportgen.model.publication import Publication
from reportgen.options import BuildOptions
from reportgen.report.builder import Report, build_report
from reportgen.report.words import load_words


@dataclass(frozen=True)
class Edition:
    """The built report (what the printed formats draw) and the publication it was
    built from (what open data writes: the model itself, not a layout)."""

    publication: Publication
    report: Report


def build_edition(publication: Publication, building: BuildOptions, division: str | None = None) -> Edition:
    """The edition of `publication` as the build options word it (the book, or one
    division's part): its words loaded (once per process), then the report built."""
    words = load_words(building.glossary, building.templates)
    report = build_report(publication, building.subtotals, building.lang, words, division=division,
                          deadline=building.deadline, return_to=building.return_to)
    return Edition(publication, report)
