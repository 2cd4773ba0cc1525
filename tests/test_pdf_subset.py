"""The compact faces' subsetter against ReportLab's own."""
import random

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from conftest import BOLD_FONT as BOLD
from conftest import REGULAR_FONT as REGULAR
from reportgen.renderers.pdf_font import load_fonts
from reportgen.renderers.pdf_subset import Subsetter, has_composite_glyphs


@pytest.mark.parametrize("path", [REGULAR, BOLD], ids=["regular", "bold"])
def test_subsets_are_reportlabs_byte_for_byte(path):
    face = TTFontFace(str(path))
    assert not has_composite_glyphs(face)
    subsetter = Subsetter(face)
    codes = sorted(face.charToGlyph)
    rng = random.Random(20261128)
    subsets = [[0] + rng.sample(codes, rng.randint(1, 255)) for _ in range(40)]
    subsets += [[0] + [32] * 32 + [ord(c) for c in "事業番号0123456789,"],  # a compact document's first subset
                [0, 0x10FFFF, 0xE000],  # characters the face lacks map to .notdef, as ReportLab does
                [0] + codes[:255], [0] + codes[-255:]]
    for subset in subsets:
        assert subsetter.make(subset) == face.makeSubset(subset)


def test_the_compact_faces_use_it_and_the_edition_faces_do_not():
    from reportlab.pdfbase import pdfmetrics
    compact, ordinary = load_fonts(compact=True), load_fonts()
    for face in (compact.regular, compact.bold):
        assert getattr(pdfmetrics.getFont(face.name).face.makeSubset, "__self__", None).__class__ is Subsetter
    for face in (ordinary.regular, ordinary.bold):
        assert not isinstance(getattr(pdfmetrics.getFont(face.name).face.makeSubset, "__self__", None), Subsetter)


def test_a_composite_glyph_is_found():
    """A glyph with a negative contour count (a composite) keeps ReportLab's subsetter."""
    face = TTFontFace(str(REGULAR))
    glyf = bytearray(face.get_table("glyf"))
    first = next(i for i in range(len(face.glyphPos) - 1) if face.glyphPos[i + 1] > face.glyphPos[i])
    glyf[face.glyphPos[first]:face.glyphPos[first] + 2] = b"\xff\xff"
    face.get_table = lambda tag, real=face.get_table: bytes(glyf) if tag == "glyf" else real(tag)
    assert has_composite_glyphs(face)
