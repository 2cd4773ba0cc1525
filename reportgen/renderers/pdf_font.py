"""The PDF's Japanese TrueType face: registration, advance widths, glyph coverage.

The shipped face is BIZ UDゴシック (fonts/, SIL OFL 1.1). `--font` may name
another TTF/TTC. ReportLab embeds TrueType outlines as subsets; CFF-outline
OTF cannot be embedded, which is reported as a clear error.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..findings import Finding, ReportgenError, Severity
from ..model import Location

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "fonts"
REGULAR = FONT_DIR / "BIZUDGothic-Regular.ttf"
BOLD = FONT_DIR / "BIZUDGothic-Bold.ttf"

# Characters that are layout, not glyphs.
_NOT_DRAWN = frozenset("\n")


@dataclass(frozen=True)
class Face:
    """A registered font and its advance widths per character (1/1000 em)."""

    name: str
    widths: dict[str, float]
    default_width: float
    glyphs: frozenset[str]


@dataclass(frozen=True)
class Fonts:
    regular: Face
    bold: Face


def load_fonts(font_path: str | None = None) -> Fonts:
    if font_path is None:
        return Fonts(_face(str(REGULAR)), _face(str(BOLD)))
    face = _face(font_path)
    return Fonts(face, face)  # a user's single face serves for both weights


@lru_cache(maxsize=None)
def _face(path: str) -> Face:
    if not os.path.isfile(path):
        raise ReportgenError(Finding(Severity.ERROR, Location(path), "フォントファイルがありません", "font"))
    # A stable name per file, so the same font gives the same PDF bytes.
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:8]
    stem = "".join(c for c in Path(path).stem if c.isalnum() or c == "-")
    name = stem if Path(path).resolve().parent == FONT_DIR else f"{stem}-{digest}"
    try:
        font = TTFont(name, path, subfontIndex=0)
    except (TTFError, OSError, KeyError, ValueError) as exc:
        raise ReportgenError(Finding(
            Severity.ERROR, Location(path),
            f"TrueType フォントとして読めません（CFF 形式の .otf は埋め込めません）: {exc}", "font")) from None
    pdfmetrics.registerFont(font)
    face = font.face
    widths = {chr(code): float(width) for code, width in face.charWidths.items()}
    glyphs = frozenset(chr(code) for code in face.charToGlyph)
    return Face(name, widths, float(face.defaultWidth), glyphs)


def missing_glyphs(text: str, face: Face) -> str:
    """The characters of `text` the face cannot draw, in order, without repeats."""
    missing = set(text) - face.glyphs - _NOT_DRAWN
    return "".join(dict.fromkeys(c for c in text if c in missing))
