"""Font subsets for the compact faces: ReportLab's subsetter without the glyph parsing.

A division's PDF embeds two or three subsets of up to 256 glyphs; ReportLab's
TTFontFile.makeSubset reads every glyph of every subset again from the font
file, field by field, looking for composite glyphs. For a face without any
(the shipped BIZ UDゴシック has none; checked once per process) a subset
needs nothing of a glyph but its outline bytes, sliced from the glyph table:
the same bytes as ReportLab's, in a third of the time (tests compare both on
many subsets of the shipped faces). A face with composite glyphs keeps
ReportLab's subsetter.
"""
from __future__ import annotations

from struct import pack, unpack_from

from reportlab.pdfbase.ttfonts import TTFontMaker, _set_ushort

_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")  # tables taken over as they are


def has_composite_glyphs(face) -> bool:
    """Whether any glyph is made of others (a negative contour count)."""
    glyf = face.get_table("glyf")
    positions = face.glyphPos
    return any(positions[i + 1] > positions[i] and unpack_from(">h", glyf, positions[i])[0] < 0
               for i in range(len(positions) - 1))


class Subsetter:
    """makeSubset for one face without composite glyphs, its outlines sliced once."""

    def __init__(self, face) -> None:
        self.face = face
        self.glyf = face.get_table("glyf")
        self.post = b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16

    def make(self, subset: list[int]) -> bytes:
        face = self.face
        char_to_glyph = face.charToGlyph
        glyph_map = [0]  # new glyph number -> glyph number in the font
        glyph_set = {0: 0}  # glyph number in the font -> new glyph number
        code_to_glyph = {}
        for code in subset:
            original = char_to_glyph.get(code, 0)
            if original not in glyph_set:
                glyph_set[original] = len(glyph_map)
                glyph_map.append(original)
            code_to_glyph[code] = glyph_set[original]

        output = TTFontMaker()
        for tag in _COPIED:
            try:
                output.add(tag, face.get_table(tag))
            except KeyError:  # cvt, fpgm and prep are optional
                pass
        output.add("post", self.post)

        count = len(glyph_map)
        hmtx = []
        for index in glyph_map:
            advance, bearing = face.hmetrics[index]
            hmtx.append(int(advance))
            hmtx.append(int(bearing))
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:  # a final run of equal advances is written once
            n -= 2
        n += 2
        metrics = n >> 1
        hmtx = hmtx[:n] + hmtx[n + 1::2]
        output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
        output.add("hhea", _set_ushort(face.get_table("hhea"), 34, metrics))
        output.add("maxp", _set_ushort(face.get_table("maxp"), 4, count))

        entries = len(subset)
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + entries * 2, 0, 0, entries] + [code_to_glyph[c] for c in subset]
        output.add("cmap", pack(f">{len(cmap)}H", *cmap))

        offsets = []
        glyf = []
        position = 0
        outlines, positions = self.glyf, face.glyphPos
        for index in glyph_map:
            offsets.append(position)
            data = outlines[positions[index]:positions[index + 1]]
            glyf.append(data)
            position += len(data)
            if position % 4:
                padding = 4 - position % 4
                glyf.append(b"\0" * padding)
                position += padding
        offsets.append(position)
        output.add("glyf", b"".join(glyf))
        if (position + 1) >> 1 > 0xFFFF:
            location_format = 1
            loca = pack(f">{len(offsets)}L", *offsets)
        else:
            location_format = 0
            loca = pack(f">{len(offsets)}H", *(offset >> 1 for offset in offsets))
        output.add("loca", loca)
        output.add("head", _set_ushort(face.get_table("head"), 50, location_format))
        return output.makeStream()
