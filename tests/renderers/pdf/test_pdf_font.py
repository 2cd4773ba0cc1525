"""The PDF's faces (pdf_font): widths and coverage read from the font file itself,
missing glyphs, names per file, compact faces, and fonts that cannot be used."""
from __future__ import annotations

import hashlib
import io
import shutil
from struct import unpack_from

import pytest
from conftest import BOLD_FONT as BOLD
from conftest import REGULAR_FONT as REGULAR
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from reportgen import ReportgenError
from reportgen.renderers.pdf.font import Face, load_fonts, missing_glyphs

# ---------------------------------------------------------------- the font file, read independently

def ttf_tables(data: bytes) -> dict[str, bytes]:
    count = unpack_from(">H", data, 4)[0]
    tables = {}
    for i in range(count):
        tag, _, offset, length = unpack_from(">4sLLL", data, 12 + 16 * i)
        tables[tag.decode("latin-1")] = data[offset:offset + length]
    return tables


def ttf_cmap(table: bytes) -> dict[int, int]:
    """Unicode -> glyph id from the Windows Unicode subtable (format 12, else format 4)."""
    offsets = {}
    for i in range(unpack_from(">H", table, 2)[0]):
        platform, encoding, offset = unpack_from(">HHL", table, 4 + 8 * i)
        offsets[(platform, encoding)] = offset
    mapping = {}
    offset = offsets.get((3, 10))
    if offset is not None and unpack_from(">H", table, offset)[0] == 12:
        for g in range(unpack_from(">L", table, offset + 12)[0]):
            start, end, glyph = unpack_from(">LLL", table, offset + 16 + 12 * g)
            mapping.update((c, glyph + c - start) for c in range(start, end + 1))
        return mapping
    offset = offsets[(3, 1)]
    segments = unpack_from(">H", table, offset + 6)[0] // 2
    ends = unpack_from(f">{segments}H", table, offset + 14)
    starts = unpack_from(f">{segments}H", table, offset + 16 + 2 * segments)
    deltas = unpack_from(f">{segments}h", table, offset + 16 + 4 * segments)
    range_at = offset + 16 + 6 * segments
    ranges = unpack_from(f">{segments}H", table, range_at)
    for i in range(segments):
        for c in range(starts[i], min(ends[i], 0xFFFE) + 1):
            if ranges[i] == 0:
                glyph = (c + deltas[i]) & 0xFFFF
            else:
                glyph = unpack_from(">H", table, range_at + 2 * i + ranges[i] + 2 * (c - starts[i]))[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                mapping[c] = glyph
    return mapping


def font_truth(path):
    """(advance width per character in 1/1000 em, width of glyph 0) from cmap, head, hhea and hmtx."""
    tables = ttf_tables(path.read_bytes())
    units_per_em = unpack_from(">H", tables["head"], 18)[0]
    long_metrics = unpack_from(">H", tables["hhea"], 34)[0]

    def advance(glyph: int) -> float:
        return unpack_from(">H", tables["hmtx"], 4 * min(glyph, long_metrics - 1))[0] * 1000 / units_per_em

    cmap = ttf_cmap(tables["cmap"])
    return {chr(c): advance(g) for c, g in cmap.items()}, advance(0)


SAMPLES = "あ漢事業A1,（）△●ｱ "


@pytest.mark.parametrize("path,weight", [(REGULAR, "regular"), (BOLD, "bold")])
def test_widths_and_glyphs_are_the_fonts_hmtx_and_cmap(path, weight):
    face = getattr(load_fonts(), weight)
    widths, default = font_truth(path)
    assert face.default_width == default
    assert face.glyphs == frozenset(widths)
    assert {c: face.widths[c] for c in widths} == widths
    # spot checks a reader can verify by eye: full-width is one em, half-width half of it
    assert [face.widths[c] for c in "あ漢（●"] == [1000.0] * 4
    assert [face.widths[c] for c in "A1,ｱ"] == [500.0] * 4
    assert all(c in face.glyphs for c in SAMPLES)


def test_characters_absent_from_the_cmap_are_not_glyphs():
    widths, _ = font_truth(REGULAR)
    face = load_fonts().regular
    for c in "ก😀\u0e01\U0001F600":
        assert c not in widths and c not in face.glyphs


# ---------------------------------------------------------------- missing_glyphs

def test_missing_glyphs_lists_each_missing_character_once_in_first_seen_order():
    face = load_fonts().regular
    assert missing_glyphs("กaข事ก😀ขa", face) == "กข😀"


def test_missing_glyphs_is_empty_for_drawable_text_and_ignores_line_breaks():
    face = load_fonts().regular
    assert "\n" not in face.glyphs
    assert missing_glyphs("事業\n(R6)\n△1,000", face) == ""
    assert missing_glyphs("", face) == ""


def test_missing_glyphs_reports_other_control_characters():
    face = load_fonts().regular
    assert "\t" not in face.glyphs
    assert missing_glyphs("a\tb\n", face) == "\t"


TOY = Face("toy", {}, 1000.0, frozenset("abc"))


@given(st.text(alphabet="abcdxyz\n", max_size=40))
def test_missing_glyphs_property(text):
    missing = missing_glyphs(text, TOY)
    expected_set = set(text) - set("abc\n")
    assert set(missing) == expected_set
    assert len(missing) == len(expected_set)  # no repeats
    positions = [text.index(c) for c in missing]
    assert positions == sorted(positions)  # in order of first appearance


# ---------------------------------------------------------------- a user's font

def test_a_users_font_serves_both_weights_under_a_name_stable_per_file(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder in (first, second, other):
        folder.mkdir()
    shutil.copy(REGULAR, first / "My Font!.ttf")
    shutil.copy(REGULAR, second / "My Font!.ttf")
    shutil.copy(BOLD, other / "My Font!.ttf")
    digest = hashlib.sha256(REGULAR.read_bytes()).hexdigest()[:8]
    fonts = load_fonts(str(first / "My Font!.ttf"))
    assert fonts.regular is fonts.bold
    assert fonts.regular.name == f"MyFont-{digest}"
    assert load_fonts(str(second / "My Font!.ttf")).regular.name == f"MyFont-{digest}"
    bold_digest = hashlib.sha256(BOLD.read_bytes()).hexdigest()[:8]
    assert bold_digest != digest
    assert load_fonts(str(other / "My Font!.ttf")).regular.name == f"MyFont-{bold_digest}"
    for name in (f"MyFont-{digest}", f"MyFont-{bold_digest}"):  # registered: the canvas can draw with it
        assert pdfmetrics.getFont(name).face.charWidths[ord("あ")] == 1000


def test_the_shipped_faces_are_named_after_their_files():
    fonts = load_fonts()
    assert (fonts.regular.name, fonts.bold.name) == ("BIZUDGothic-Regular", "BIZUDGothic-Bold")
    assert fonts.regular is not fonts.bold


# ---------------------------------------------------------------- subsets

def draw(face_names: list[str], text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    for y, name in enumerate(face_names):
        canvas.setFont(name, 12)
        canvas.drawString(50, 700 - 50 * y, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def subset_characters(pdf: bytes) -> list[set[str]]:
    """Per embedded TrueType subset: the characters its ToUnicode map names (less NUL and space)."""
    result = []
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if font["/Subtype"] != "/TrueType":
            continue
        cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
        body = cmap.split("beginbfchar", 1)[1].split("endbfchar", 1)[0].split()
        result.append({chr(int(u.strip("<>"), 16)) for u in body[1::2]} - {"\0", " "})
    return result


def test_subsets_hold_only_the_drawn_characters_and_read_back_as_text():
    fonts = load_fonts()
    pdf = draw([fonts.regular.name, fonts.bold.name], "事業 R6")
    assert PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split() == ["事業", "R6", "事業", "R6"]
    assert subset_characters(pdf) == [{"事", "業", "R", "6"}, {"事", "業", "R", "6"}]


# ---------------------------------------------------------------- fonts that cannot be used

def test_a_missing_font_file_is_an_error_naming_the_path(tmp_path):
    path = tmp_path / "nowhere" / "missing.ttf"
    with pytest.raises(ReportgenError) as caught:
        load_fonts(str(path))
    assert str(path) in str(caught.value)
    assert caught.value.findings[0].field == "font"


def test_a_folder_is_not_a_font_file(tmp_path):
    with pytest.raises(ReportgenError) as caught:
        load_fonts(str(tmp_path))
    assert str(tmp_path) in str(caught.value)


@pytest.mark.parametrize("name,content", [
    ("text.ttf", b"hello, not a font"),
    ("empty.ttf", b""),
    ("cff.otf", b"OTTO" + REGULAR.read_bytes()[4:4096]),
], ids=["text", "empty", "cff-otf"])
def test_a_non_truetype_file_is_an_error_naming_the_path(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportgenError) as caught:
        load_fonts(str(path))
    message = str(caught.value)
    assert str(path) in message and "TrueType" in message
    assert caught.value.findings[0].field == "font"


@pytest.mark.parametrize("fraction", [0.001, 0.5], ids=["first-kilobytes", "first-half"])
def test_a_truncated_truetype_file_is_an_error_naming_the_path(tmp_path, fraction):
    """A font cut short (an interrupted download or copy) is not a TrueType font either.
    Once a bug (fixed): ReportLab raises struct.error for it, which _face does not catch, so the
    user gets a traceback instead of a message naming the file."""
    data = REGULAR.read_bytes()
    path = tmp_path / "cut-short.ttf"
    path.write_bytes(data[:int(len(data) * fraction)])
    with pytest.raises(ReportgenError) as caught:
        load_fonts(str(path))
    assert str(path) in str(caught.value)
