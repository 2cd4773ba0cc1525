"""reportgen: the 主要事務事業 table as print-ready PDF, Excel, HTML and open-data CSV."""
from __future__ import annotations

__version__ = "0.2.0"

import os

# openpyxl writes and reads through lxml when lxml happens to be installed, with
# other XML bytes than the standard library's; the workbook writer reproduces the
# standard library's and the tests check that path, so reportgen uses it
# everywhere (unless OPENPYXL_LXML is set). Before anything imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

from .edition import Options, build  # noqa: E402 (after the setting above)
from .findings import Finding, ReportgenError, Severity  # noqa: E402
from .model import Publication  # noqa: E402
from .sources import LoadResult, read  # noqa: E402


def load(paths: list[str] | str, bureau: str | None = None) -> Publication:
    """Load sources (files or folders) into a Publication; ReportgenError on bad input."""
    from .sources import load as _load
    return _load([paths] if isinstance(paths, str) else list(paths), bureau)


__all__ = ["load", "read", "build", "Options", "Publication", "LoadResult",
           "Finding", "ReportgenError", "Severity"]
