"""An incremental update (ISO 32000-1 §7.5.6): new and changed objects appended to a PDF.

The tagged PDF's structure tree is one object per table cell, some 200,000 at
10,000 programs. Building them as pikepdf objects and letting qpdf rewrite the file
took 2.5–4 s and 300 MB more than drawing the pages; written here as text, packed
in compressed object streams (§7.5.7), they cost a fraction of that, and
ReportLab's bytes stay as they are.

ReportLab's file has a classic cross-reference table, so the update has one too
(the objects written plain), and its trailer points with /XRefStm to a
cross-reference stream that locates the objects inside object streams: the
hybrid-reference form of §7.5.8.4, the one the standard gives for adding
compressed objects to a file indexed by a table.

The update is checked by the readers we did not write: qpdf (`qpdf --check`, and
pikepdf's structure walk in the tests), poppler (`pdfinfo`, `pdftoppm`) and MuPDF
(under the PDF/UA checker outloud).
"""
from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections.abc import Iterable

OBJECTS_PER_STREAM = 500  # as qpdf and Acrobat do, a reader inflates one stream of a few hundred objects at a time


def append_update(data: bytes, plain: dict[int, bytes], packed: Iterable[tuple[int, str]], free: int,
                  trailer: str, first_id: bytes) -> bytes:
    """`data` followed by an update that writes the objects in `plain` (number -> the
    whole object after `N 0 obj`, streams included) as they are, and the objects of
    `packed` ((number, a dictionary or array as PDF text)) into object streams, made
    as they come so that their text is never held all at once. `free`: the first
    number above every object, where the update's own (object streams, cross-reference
    stream) begin. `trailer`: the entries the update's trailer keeps from the file's
    own (/Root, /Info); `first_id`: the first string of the file's /ID, which stays
    (the second becomes the update's digest, as §14.4 asks of a changed file)."""
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    start = len(out)
    offsets: dict[int, int] = {}  # the objects written plain, listed in the update's table
    packed_at = _PackedObjects()
    for number, body in plain.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    chunk: list[tuple[int, str]] = []
    for item in packed:
        chunk.append(item)
        if len(chunk) == OBJECTS_PER_STREAM:
            free = _add_object_stream(out, offsets, packed_at, free, chunk)
            chunk = []
    if chunk:
        free = _add_object_stream(out, offsets, packed_at, free, chunk)
    if set(offsets) & set(packed_at.numbers):
        raise ValueError("an object is both written plain and packed in an object stream")
    offsets[free] = len(out)
    out += packed_at.stream(free)
    size = free + 1
    digest = hashlib.md5(out[start:]).hexdigest()  # noqa: S324 (an identifier, not a safeguard)
    table = len(out)
    out += _table(offsets)
    out += (f"trailer\n<</Size {size}/Prev {_last_xref(data)}/XRefStm {offsets[free]}{trailer}"
            f"/ID[<{first_id.hex()}><{digest}>]>>\nstartxref\n{table}\n%%EOF\n").encode("ascii")
    return bytes(out)


def _add_object_stream(out: bytearray, offsets: dict[int, int], packed_at: _PackedObjects, number: int,
                       objects: list[tuple[int, str]]) -> int:
    """Writes `objects` in object stream `number`; the next free number."""
    offsets[number] = len(out)
    out += _object_stream(number, objects)
    packed_at.inside(number, [object_number for object_number, _ in objects])
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


def _table(offsets: dict[int, int]) -> bytes:
    """The update's cross-reference table: a subsection per run of consecutive numbers,
    20 bytes an entry."""
    numbers = sorted(offsets)
    lines, start = [b"xref\n"], 0
    for first, count in _runs(numbers):
        lines.append(b"%d %d\n" % (first, count))
        lines.extend(b"%010d 00000 n \n" % offsets[n] for n in numbers[start:start + count])
        start += count
    return b"".join(lines)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """(first, count) of each run of consecutive numbers in sorted `numbers`: a
    cross-reference section's subsections, in a table or a stream's /Index."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][0] + runs[-1][1] == n:
            runs[-1][1] += 1
        else:
            runs.append([n, 1])
    return [(first, count) for first, count in runs]


class _PackedObjects:
    """Where each object inside an object stream is: the type 2 entries (stream, index in
    it) of the update's cross-reference stream, 7 bytes each (/W [1 4 2])."""

    def __init__(self):
        self.numbers = array("q")
        self.rows = bytearray()

    def inside(self, stream: int, numbers: list[int]) -> None:
        prefix = b"\x02" + stream.to_bytes(4, "big")
        self.numbers.extend(numbers)
        self.rows += b"".join(prefix + index.to_bytes(2, "big") for index in range(len(numbers)))

    def stream(self, number: int) -> bytes:
        """The cross-reference stream, as object `number`."""
        order = sorted(range(len(self.numbers)), key=self.numbers.__getitem__)
        rows = b"".join(self.rows[7 * i:7 * i + 7] for i in order)
        content = zlib.compress(rows)
        subsections = " ".join(f"{first} {count}" for first, count in _runs([self.numbers[i] for i in order]))
        return (f"{number} 0 obj\n<</Type/XRef/Size {number + 1}/Index[{subsections}]/W[1 4 2]"
                f"/Filter/FlateDecode/Length {len(content)}>>\nstream\n").encode("ascii") + content + \
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
