"""The files that ship with reportgen: its templates and its fonts.

They live at the top of the project (templates/, fonts/) and are installed inside
the package as `reportgen.templates` and `reportgen.fonts`; importlib.resources
finds them the same way from a wheel, a zip or an editable install, so reportgen
works from any folder without a checkout beside it.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

TEMPLATES = "reportgen.templates"
FONTS = "reportgen.fonts"


def template(name: str) -> Traversable:
    """One shipped template (or the glossary), to read with .read_text()."""
    return files(TEMPLATES) / name


@contextlib.contextmanager
def font_file(name: str) -> Iterator[Path]:
    """A real file path for a shipped font, for libraries that open files by name
    (a temporary copy only when the package is installed as a zip)."""
    with as_file(files(FONTS) / name) as path:
        yield path
