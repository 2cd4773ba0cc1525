"""reportgen: the 主要事務事業 table as print-ready PDF, Excel, HTML and open-data CSV."""
from __future__ import annotations

__version__ = "0.2.0"

from reportgen.delivery.split import split
from reportgen.frames import from_frame, read_frame, to_frame
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Publication
from reportgen.pipeline import Options, build
from reportgen.readers.sources import LoadResult, read


def load(paths: list[str] | str, bureau: str | None = None, glossary: str | None = None) -> Publication:
    """Load sources (files or folders) into a Publication; ReportgenError on bad input."""
    from reportgen.readers.sources import load as _load
    return _load([paths] if isinstance(paths, str) else list(paths), bureau, glossary)


__all__ = ["load", "read", "build", "split", "to_frame", "from_frame", "read_frame", "Options", "Publication",
           "LoadResult", "Finding", "ReportgenError", "Severity"]
