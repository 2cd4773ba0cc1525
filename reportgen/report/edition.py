"""What every writer receives: the built report and the model it was built from."""
from __future__ import annotations

from dataclasses import dataclass

from reportgen.model.publication import Publication
from reportgen.report.builder import Report


@dataclass(frozen=True)
class Edition:
    """The built report (what the printed formats draw) and the publication it was
    built from (what open data writes: the model itself, not a layout)."""

    publication: Publication
    report: Report
