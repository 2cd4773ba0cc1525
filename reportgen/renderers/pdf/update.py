"""An incremental update (ISO 32000-1 §7.5.6): new and changed objects appended to a PDF.

The tagged PDF's structure tree is one object per table cell, some 200,000 at
10,000 programs. Building them as pikepdf objects and letting qpdf rewrite the file
took 2.5–4 s and 300 MB more than drawing the pages; written here as text, packed
in compressed object streams (§7.5.7) and indexed by a cross-reference stream
(§7.5.8), they cost a fraction of that, and ReportLab's bytes stay as they are.

The update is checked by the readers we did not write: qpdf (`qpdf --check`, and
pikepdf's structure walk in the tests), poppler (`pdfinfo`, `pdftoppm`) and MuPDF
(under the PDF/UA checker outloud).
"""
from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterable

OBJECTS_PER_STREAM = 500  # as qpdf and Acrobat do, a reader inflates one stream of a few hundred objects at a time


def append_update(data: bytes, plain: dict[int, bytes], packed: Iterable[tuple[int, str]], free: int,
                  trailer: str) -> bytes:
    """`data` followed by an update that writes the objects in `plain` (number -> the
    whole object after `N 0 obj`, streams included) as they are, and the objects of
    `packed` ((number, a dictionary or array as PDF text)) into object streams, made
    as they come so that their text is never held all at once. `free`: the first
    number above every object, where the update's own (object streams, cross-reference
    stream) begin. `trailer`: the entries the update's trailer keeps from the file's
    own (/Root, /Info, /ID)."""
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    xref = _CrossReference()
    for number, body in plain.items():
        xref.at(number, len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    chunk: list[tuple[int, str]] = []
    for item in packed:
        chunk.append(item)
        if len(chunk) == OBJECTS_PER_STREAM:
            free = _add_object_stream(out, xref, free, chunk)
            chunk = []
    if chunk:
        free = _add_object_stream(out, xref, free, chunk)
    xref.at(free, len(out))
    out += xref.stream(free, trailer, _last_xref(data))
    out += b"startxref\n%d\n%%%%EOF\n" % xref.offset(free)
    return bytes(out)


def _add_object_stream(out: bytearray, xref: _CrossReference, number: int, objects: list[tuple[int, str]]) -> int:
    """Writes `objects` in object stream `number`; the next free number."""
    xref.at(number, len(out))
    out += _object_stream(number, objects)
    xref.inside(number, [object_number for object_number, _ in objects])
    return number + 1


def _object_stream(number: int, objects: list[tuple[int, str]]) -> bytes:
    """An object stream: `N offset` pairs, then the objects, deflated."""
    pairs, offset = [], 0
    for object_number, text in objects:
        pairs.append(f"{object_number} {offset}")
        offset += len(text) + 1
    header = " ".join(pairs) + "\n"
    content = zlib.compress((header + "\n".join(text for _, text in objects)).encode("ascii"))
    return (b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
            % (number, len(objects), len(header), len(content)) + content + b"\nendstream\nendobj\n")


class _CrossReference:
    """The update's cross-reference stream: a type 1 entry for each object written plain
    (its byte offset), a type 2 entry for each in an object stream (the stream, the
    index in it); 7 bytes each (/W [1 4 2]), made as the objects are written."""

    def __init__(self):
        self.numbers = array("q")
        self.rows = bytearray()

    def at(self, number: int, offset: int) -> None:
        self.numbers.append(number)
        self.rows += b"\x01" + offset.to_bytes(4, "big") + b"\x00\x00"

    def inside(self, stream: int, numbers: list[int]) -> None:
        prefix = b"\x02" + stream.to_bytes(4, "big")
        self.numbers.extend(numbers)
        self.rows += b"".join(prefix + index.to_bytes(2, "big") for index in range(len(numbers)))

    def offset(self, number: int) -> int:
        row = self.numbers.index(number) * 7
        return int.from_bytes(self.rows[row + 1:row + 5], "big")

    def stream(self, number: int, trailer: str, previous: int) -> bytes:
        """The stream, as object `number` (already entered with `at`)."""
        order = sorted(range(len(self.numbers)), key=self.numbers.__getitem__)
        rows = b"".join(self.rows[7 * i:7 * i + 7] for i in order)
        index: list[int] = []  # /Index: [first count] of each run of consecutive numbers
        for i in order:
            n = self.numbers[i]
            if index and index[-2] + index[-1] == n:
                index[-1] += 1
            else:
                index += [n, 1]
        content = zlib.compress(rows)
        subsections = " ".join(map(str, index))
        return (f"{number} 0 obj\n<</Type/XRef/Size {number + 1}/Index[{subsections}]/W[1 4 2]/Prev {previous}"
                f"{trailer}/Filter/FlateDecode/Length {len(content)}>>\nstream\n").encode("ascii") + content + \
            b"\nendstream\nendobj\n"


def _last_xref(data: bytes) -> int:
    """The byte offset of the file's last cross-reference section (its `startxref`)."""
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    if found is None:
        raise ValueError("the PDF has no startxref at its end")
    return int(found.group(1))


def text_string(text: str) -> str:
    """A PDF text string: literal when plain ASCII, otherwise UTF-16BE in hex with its BOM."""
    if text.isascii() and text.isprintable() and not any(c in text for c in "()\\"):
        return f"({text})"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
