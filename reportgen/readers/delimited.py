"""Reader for a table of programs saved as text: CSV or tab-separated, UTF-8 or CP932.

Excel saves a sheet as a comma CSV in CP932 ("CSV (コンマ区切り)") or UTF-8 with
a BOM ("CSV UTF-8"); the open-data CSV is UTF-8 with a BOM; a copy from a
spreadsheet pasted into a text file is tab-separated. The separator is the one
under which the file has a table-of-programs header row. Cells are read by the
csv module, so that every finding names the line the row starts on even when a
quoted cell holds a line break.
"""
from __future__ import annotations

import csv
import io
import re

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Location
from reportgen.readers.decoding import decode, read_text
from reportgen.readers.programs import (
    HEADER_SEARCH_ROWS,
    Grid,
    find_header,
    read_programs,
)
from reportgen.readers.tree import PublicationTree

SEPARATORS = ("\t", ",")
# control characters other than tab and line feed (a carriage return only before a line feed)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]|\r(?!\n)")


HEAD_BYTES = 256 * 1024  # the header row is near the top: a big file is not decoded twice


def is_program_table(path: str) -> bool:
    """Whether a text file holds a table of programs (not the document's own layout)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(HEAD_BYTES)
        # cut at a line feed, which is never part of a UTF-8 or CP932 character
        text, _ = decode(data if len(data) < HEAD_BYTES else data[:data.rfind(b"\n") + 1], path)
    except (ReportgenError, OSError):
        return False  # the document reader says why it cannot be read
    head = "\n".join(text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS])
    return any(_header_found(head, separator) for separator in SEPARATORS)


def load_table(path: str, tree: PublicationTree, findings: list[Finding], bureau: str | None = None) -> None:
    """Read a CSV or tab-separated table of programs into `tree`; problems go to `findings`."""
    try:
        text, _ = read_text(path)
    except ReportgenError as exc:
        findings.extend(exc.findings)
        return
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        start = text.rfind("\n", 0, bad.start()) + 1
        findings.append(Finding(Severity.ERROR, Location(path, line), say(
            "decoding.control_character", code=f"U+{ord(bad.group()[0]):04X}",
            column=_column(text[start:bad.start()]), offset=bad.start() - start + 1), "text"))
        return
    head = "\n".join(text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS])
    separator = next((s for s in SEPARATORS if _header_found(head, s)), ",")
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        findings.append(Finding(Severity.ERROR, Location(path, start), say("delimited.unreadable", error=exc), "text"))
        return
    read_programs(Grid(rows, lambda row, column: Location(path, lines[row] if 0 <= row < len(lines) else 1)),
                  tree, findings, bureau)


def _header_found(head: str, separator: str) -> bool:
    try:
        rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=separator))
    except csv.Error:
        return False
    return find_header(Grid(rows, lambda row, column: Location(""))) is not None


def _column(before: str) -> int:
    """The cell a character is in, counted by the separators before it on its line."""
    return max(before.count(","), before.count("\t")) + 1
