"""Whether a workbook file may be opened, decided before openpyxl loads anything.

openpyxl builds every cell of a workbook in memory, and our reader visits every
position of a sheet's used range, so the cost of a workbook is not its file size:
a 12 KB file with one note at A99999 costs a 2-million-cell grid, 120 near-empty
sheets of 1 MiB each cost gigabytes. So first, from the zip directory: a zip, no
two parts of one name, the required parts, the unpacked size, each large part's
compression ratio. Then one streaming pass (expat, no document type allowed, so
no entity can expand) over every XML part, stopping at the first limit crossed:
the number of XML elements of the whole workbook, and the used range of each
sheet (last row × last column holding a cell), summed over the sheets. A
workbook within these limits loads in seconds and a few hundred MB; one beyond
them is refused with the reason and what to do, before it costs anything.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.utils import column_index_from_string

import reportgen.model.columns as col
from reportgen.messages import Text, say

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes of all members together
MAX_RATIO = 100  # uncompressed / compressed, per member
RATIO_MIN_SIZE = 256 * 1024  # small members may compress very well; a bomb's parts are large
MAX_ELEMENTS = 3_000_000  # XML elements in the whole workbook (a 10,000-program book has ~1 million)
MAX_GRID = 1_000_000  # cells in the sheets' used ranges together (a 10,000-program book: ~300,000)
TABLE_COLUMNS = col.COLUMN_COUNT  # the reader visits at least the table's columns of every row up to the last
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
_CHUNK = 64 * 1024
_CELL_REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")


@dataclass(frozen=True)
class SheetExtent:
    title: str
    last_row: int
    last_column: int

    @property
    def cells(self) -> int:
        """The positions the reader will visit (openpyxl makes a cell for each)."""
        return self.last_row * max(self.last_column, TABLE_COLUMNS)


class Refused(Exception):
    """A workbook refused before it is loaded, with the reason."""

    def __init__(self, message: Text):
        super().__init__(str(message))
        self.message = message


def check_archive(path: str) -> Text | None:
    """Why the file must not be opened as a workbook (Japanese, with `.en`), or None when it may."""
    if not zipfile.is_zipfile(path):
        return say("workbook.not_a_zip")
    try:
        with zipfile.ZipFile(path) as archive:
            return _check(archive)
    except Refused as refused:
        return refused.message
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, RuntimeError,
            NotImplementedError) as exc:
        return say("workbook.broken_zip", error=exc)


def _check(archive: zipfile.ZipFile) -> Text | None:
    members = archive.infolist()
    names = {m.filename for m in members}
    if len(names) != len(members):  # which of two parts of one name would a reader take?
        return say("workbook.duplicate_parts")
    missing = [part for part in REQUIRED_PARTS if part not in names]
    if missing:
        return say("workbook.missing_parts", parts=", ".join(missing))
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        return say("workbook.too_large_unpacked", total=total, limit=MAX_UNCOMPRESSED)
    for member in members:
        if member.file_size >= RATIO_MIN_SIZE:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                return say("workbook.compression_ratio", member=member.filename, ratio=ratio, limit=MAX_RATIO)
    titles = _sheet_titles(archive)
    budget = _Budget()
    grid = 0
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        extent = _scan(archive, member, budget)
        if member.filename in titles and extent is not None:
            sheet = SheetExtent(titles[member.filename], *extent)
            grid += sheet.cells
            if grid > MAX_GRID:
                return say("workbook.grid_too_large", sheet=sheet.title, row=sheet.last_row,
                           column=sheet.last_column, limit=MAX_GRID)
    return None


class _Budget:
    """Elements parsed so far in the workbook, against MAX_ELEMENTS."""

    def __init__(self) -> None:
        self.elements = 0

    def spend(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise Refused(say("workbook.too_many_elements", limit=MAX_ELEMENTS))


def safe_parser() -> expat.XMLParserType:
    """An expat parser that refuses any document type declaration (Refused)."""
    parser = expat.ParserCreate()

    def no_document_type(*_args) -> None:
        # parts of a workbook never declare one; a declaration is how entities expand (XXE, billion laughs)
        raise Refused(say("workbook.document_type"))
    parser.StartDoctypeDeclHandler = no_document_type
    parser.EntityDeclHandler = no_document_type
    parser.ExternalEntityRefHandler = no_document_type
    return parser


def feed(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str, parser: expat.XMLParserType) -> None:
    """Parse one zip member in chunks, never whole in memory."""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: _Budget) -> tuple[int, int] | None:
    """Every element of the part counted against the budget; for a sheet, the last row and
    column holding a cell, as openpyxl will place them (a cell or row without a reference
    follows the one before)."""
    parser = safe_parser()
    row, column, last_row, last_column = 0, 0, 0, 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row, column, last_row, last_column
        budget.spend()
        local = name.rpartition(":")[2]
        if local == "row":
            row = _number(attributes.get("r")) or row + 1
            column = 0
        elif local == "c":
            reference = _CELL_REFERENCE.fullmatch(attributes.get("r", ""))
            if reference:
                column = column_index_from_string(reference.group(1))
                row = int(reference.group(2))
            else:
                column += 1
            last_row, last_column = max(last_row, row), max(last_column, column)
    parser.StartElementHandler = start
    try:
        feed(archive, member, parser)
    except expat.ExpatError:
        return None  # not well-formed: openpyxl will say so if it is a part it reads
    return last_row, last_column


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each worksheet -> its title (xl/workbook.xml and its relationships)."""
    sheets: dict[str, str] = {}  # relationship id -> title
    targets: dict[str, str] = {}  # relationship id -> member

    def sheet(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "sheet":
            rid = next((v for k, v in attributes.items() if k.rpartition(":")[2] == "id" and ":" in k), None)
            if rid:
                sheets[rid] = attributes.get("name", "")

    def relationship(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "Relationship" and "Id" in attributes:
            target = attributes.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attributes["Id"]] = member
    for part, handler in (("xl/workbook.xml", sheet), ("xl/_rels/workbook.xml.rels", relationship)):
        if part not in archive.namelist():
            continue
        parser = safe_parser()
        parser.StartElementHandler = handler
        try:
            feed(archive, archive.getinfo(part), parser)
        except expat.ExpatError:
            continue
    return {targets[rid]: title for rid, title in sheets.items() if rid in targets}


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) <= 7 else None
