"""reportgen: the 主要事務事業 table as print-ready PDF, Excel, HTML and open-data CSV."""
from __future__ import annotations

__version__ = "0.2.0"

from .edition import Options, build
from .findings import Finding, ReportgenError, Severity
from .model import Publication
from .sources import LoadResult, read


def load(paths: list[str] | str, bureau: str | None = None) -> Publication:
    """Load sources (files or folders) into a Publication; ReportgenError on bad input."""
    from .sources import load as _load
    return _load([paths] if isinstance(paths, str) else list(paths), bureau)


__all__ = ["load", "read", "build", "Options", "Publication", "LoadResult",
           "Finding", "ReportgenError", "Severity"]
