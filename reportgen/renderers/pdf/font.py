"""The PDF's Japanese TrueType face: registration, advance widths, glyph coverage.

The shipped face is BIZ UDゴシック (fonts/, SIL OFL 1.1). `--font` may name
another TTF/TTC. ReportLab embeds TrueType outlines as subsets; CFF-outline
OTF cannot be embedded, which is reported as a clear error.
"""
from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Location
from reportgen.resources import font_file

# The shipped faces (resources.py: the project's fonts/ folder, inside the package).
REGULAR = "BIZUDGothic-Regular.ttf"
BOLD = "BIZUDGothic-Bold.ttf"

# Characters that are layout, not glyphs.
_NOT_DRAWN = frozenset("\n")


@dataclass(frozen=True)
class Face:
    """A registered font and its advance widths per character (1/1000 em)."""

    name: str  # as registered: what the canvas draws with
    widths: dict[str, float]
    default_width: float
    glyphs: frozenset[str]


@dataclass(frozen=True)
class Fonts:
    regular: Face
    bold: Face


def load_fonts(font_path: str | None = None) -> Fonts:
    """The faces, registered with ReportLab (once per process and file)."""
    if font_path is None:
        return Fonts(_shipped_face(REGULAR), _shipped_face(BOLD))
    face = _face(font_path)
    return Fonts(face, face)  # a user's single face serves for both weights


@lru_cache(maxsize=None)
def _shipped_face(file_name: str) -> Face:
    with font_file(file_name) as path:
        return _face(str(path), shipped=True)


@lru_cache(maxsize=None)
def _face(path: str, shipped: bool = False) -> Face:
    if not os.path.isfile(path):
        raise ReportgenError(Finding(Severity.ERROR, Location(path), say("pdf_font.no_file"), "font"))
    stem = "".join(c for c in Path(path).stem if c.isalnum() or c == "-")
    if shipped:
        name = stem
    else:  # a stable name per file, so the same font gives the same PDF bytes
        with open(path, "rb") as handle:
            name = f"{stem}-{hashlib.sha256(handle.read()).hexdigest()[:8]}"
    try:
        # asciiReadable=False: a document's subsets hold only the characters it
        # draws (ReportLab would otherwise reserve all of printable ASCII in each
        # face's first subset, a good part of a small division PDF)
        font = TTFont(name, path, subfontIndex=0, asciiReadable=False)
    except (TTFError, OSError, KeyError, ValueError, IndexError, struct.error) as exc:  # a file cut short, too
        raise ReportgenError(Finding(Severity.ERROR, Location(path), say("pdf_font.unreadable", detail=exc),
                                     "font")) from None
    pdfmetrics.registerFont(font)
    face = font.face
    widths = {chr(code): float(width) for code, width in face.charWidths.items()}
    glyphs = frozenset(chr(code) for code in face.charToGlyph)
    return Face(name, widths, float(face.defaultWidth), glyphs)


def missing_glyphs(text: str, face: Face) -> str:
    """The characters of `text` the face cannot draw, in order, without repeats."""
    missing = set(text) - face.glyphs - _NOT_DRAWN
    return "".join(dict.fromkeys(c for c in text if c in missing))
