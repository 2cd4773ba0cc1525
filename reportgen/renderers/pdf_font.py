"""The PDF's Japanese TrueType face: registration, advance widths, glyph coverage.

The shipped face is BIZ UDゴシック (fonts/, SIL OFL 1.1). `--font` may name
another TTF/TTC. ReportLab embeds TrueType outlines as subsets; CFF-outline
OTF cannot be embedded, which is reported as a clear error.
"""
from __future__ import annotations

import hashlib
import os
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..findings import Finding, ReportgenError, Severity
from ..model import Location
from ..resources import font_file
from .pdf_subset import Subsetter, has_composite_glyphs

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
    display_name: str = ""  # how messages name the font, when not by `name`


@dataclass(frozen=True)
class Fonts:
    regular: Face
    bold: Face


def load_fonts(font_path: str | None = None, compact: bool = False) -> Fonts:
    """The faces, registered with ReportLab.

    `compact`: the same faces registered so that a document's font subsets hold
    only the characters it draws. Otherwise ReportLab reserves every printable
    ASCII character in the first subset of each face in every document (so that
    ASCII stays readable in the page streams); in a small document such as a
    division's sheet that is a good part of what is embedded and compressed.
    Their subsets are also written faster (_lighten_subsets)."""
    if font_path is None:
        return Fonts(_shipped_face(REGULAR, compact), _shipped_face(BOLD, compact))
    face = _face(font_path, compact)
    return Fonts(face, face)  # a user's single face serves for both weights


@lru_cache(maxsize=None)
def _shipped_face(file_name: str, compact: bool) -> Face:
    with font_file(file_name) as path:
        return _face(str(path), compact, shipped=True)


@lru_cache(maxsize=None)
def _face(path: str, compact: bool = False, shipped: bool = False) -> Face:
    if not os.path.isfile(path):
        raise ReportgenError(Finding(Severity.ERROR, Location(path), "フォントファイルがありません", "font",
                                     "the font file does not exist"))
    stem = "".join(c for c in Path(path).stem if c.isalnum() or c == "-")
    if shipped:
        name = stem
    else:  # a stable name per file, so the same font gives the same PDF bytes
        with open(path, "rb") as handle:
            name = f"{stem}-{hashlib.sha256(handle.read()).hexdigest()[:8]}"
    display_name = name
    if compact:
        name += "+compact"  # a registered name never appears in a PDF
    try:
        font = TTFont(name, path, subfontIndex=0, asciiReadable=False if compact else None)
    except (TTFError, OSError, KeyError, ValueError, IndexError, struct.error) as exc:  # a file cut short, too
        raise ReportgenError(Finding(
            Severity.ERROR, Location(path),
            f"TrueType フォントとして読めません（CFF 形式の .otf は埋め込めません）: {exc}", "font",
            f"cannot read this as a TrueType font (CFF-outline .otf cannot be embedded): {exc}")) from None
    _copy_tables_once(font.face)
    if compact:
        _lighten_subsets(font)
        if not has_composite_glyphs(font.face):
            font.face.makeSubset = Subsetter(font.face).make
        # registerFont would alias this name to a font already registered for the
        # same face; the two are never used in one document, so register it as is.
        pdfmetrics._fonts[name] = font
    else:
        pdfmetrics.registerFont(font)
    face = font.face
    widths = {chr(code): float(width) for code, width in face.charWidths.items()}
    glyphs = frozenset(chr(code) for code in face.charToGlyph)
    return Face(name, widths, float(face.defaultWidth), glyphs, display_name)


def _copy_tables_once(face) -> None:
    """ReportLab's subsetter copies each table it needs out of the font file for
    every subset of every document — for 'glyf' that is megabytes each time.
    The file's bytes never change, so each table is copied once per process."""
    tables: dict[str, bytes] = {}
    read_table = face.get_table

    def get_table(tag: str) -> bytes:
        table = tables.get(tag)
        if table is None:
            table = tables[tag] = read_table(tag)
        return table

    face.get_table = get_table


class _FastFlate:
    """FlateDecode at zlib's fastest level (ReportLab's own filter uses the default level)."""

    pdfname = "FlateDecode"

    def encode(self, data: bytes | str) -> bytes:
        return zlib.compress(data.encode("utf-8") if isinstance(data, str) else data, 1)


class _HuffmanFlate(_FastFlate):
    """FlateDecode by Huffman coding alone, for font programs. Glyph outlines
    hold few repeats for deflate's string matching to find: without it a
    subset compresses in ~60% of the time of zlib's fastest level, ~18% larger."""

    def encode(self, data: bytes | str) -> bytes:
        compressor = zlib.compressobj(1, zlib.DEFLATED, 15, 8, zlib.Z_HUFFMAN_ONLY)
        data = data.encode("utf-8") if isinstance(data, str) else data
        return compressor.compress(data) + compressor.flush()


_FAST_FLATE = _FastFlate()
_HUFFMAN_FLATE = _HuffmanFlate()


class _Numbers(pdfdoc.PDFArray):
    """A PDFArray of numbers formatted in one call per line, not element by
    element through ReportLab's generic formatting: the same bytes."""

    def format(self, document, IND=b"\n "):
        numbers = self.sequence
        if ((self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced"
                or not all(type(n) in (int, float) for n in numbers)):
            return super().format(document, IND)
        lines = [fp_str(*numbers[i:i + 10]).encode("ascii") for i in range(0, len(numbers), 10)]
        return b"[ " + b" \n  ".join(lines) + b" ]"


def _lighten_subsets(font: TTFont) -> None:
    """For the compact faces: each document's font subsets written faster.
    Their font programs (mostly glyph outlines, which deflate barely shrinks)
    are Huffman-coded only (_HuffmanFlate) and their ToUnicode maps deflated
    at the fastest level, and their 256 widths formatted in one go.
    The edition's own PDF, which uses the ordinary faces, stays as it is."""
    add_objects = font.addObjects

    def add(doc) -> None:
        fonts = doc.idToObject["BasicFonts"].dict
        before = set(fonts)
        add_objects(doc)
        for name in fonts.keys() - before:
            pdf_font = fonts[name]
            if type(getattr(pdf_font, "Widths", None)) is pdfdoc.PDFArray:
                pdf_font.Widths = _Numbers(pdf_font.Widths.sequence)
            streams = [(_referred(doc, getattr(pdf_font, "ToUnicode", None)), _FAST_FLATE)]
            descriptor = _referred(doc, getattr(pdf_font, "FontDescriptor", None))
            if isinstance(descriptor, pdfdoc.PDFDictionary):
                streams.append((_referred(doc, descriptor.dict.get("FontFile2")), _HUFFMAN_FLATE))
            for stream, flate in streams:
                if isinstance(stream, pdfdoc.PDFStream) and stream.filters:
                    stream.filters = [flate if f is pdfdoc.PDFZCompress else f for f in stream.filters]

    font.addObjects = add


def _referred(doc, reference):
    """The object a PDFObjectReference names, or None."""
    if isinstance(reference, pdfdoc.PDFObjectReference):
        return doc.idToObject.get(reference.name)
    return None


def missing_glyphs(text: str, face: Face) -> str:
    """The characters of `text` the face cannot draw, in order, without repeats."""
    missing = set(text) - face.glyphs - _NOT_DRAWN
    return "".join(dict.fromkeys(c for c in text if c in missing))
