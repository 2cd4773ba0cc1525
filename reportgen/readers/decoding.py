"""Reading a text file's bytes as text: strict UTF-8 (with or without BOM), then strict CP932.

Never `errors='replace'`, never latin-1, never NFKC: the text is the text.
"""
from __future__ import annotations

import codecs
import re

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity, Text
from reportgen.model.publication import Location

# Tab separates cells; any other C0 control (and DEL) inside a line is reported.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name). Raise ReportgenError naming the byte offset."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _undecodable(path, say("decoding.invalid_utf8_bom", offset=exc.start + 3)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError as cp932_error:
            raise _undecodable(path, say("decoding.cannot_decode", utf8_offset=utf8_error.start,
                                         cp932_offset=cp932_error.start)) from None


def _undecodable(path: str, message: Text) -> ReportgenError:
    return ReportgenError(Finding(Severity.ERROR, Location(path), message, field="encoding"))


def split_lines(text: str, path: str) -> list[str]:
    """Lines without their endings (LF or CRLF). A stray CR or other control
    character is an error naming line and column."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    result = []
    for number, line in enumerate(lines, start=1):
        if line.endswith("\r"):
            line = line[:-1]
        bad = _CONTROL.search(line)
        if bad:
            code, column, offset = f"U+{ord(bad.group()):04X}", line.count(chr(9), 0, bad.start()) + 1, bad.start() + 1
            raise ReportgenError(Finding(
                Severity.ERROR, Location(path, number),
                say("decoding.control_character", code=code, column=column, offset=offset), field="text"))
        result.append(line)
    return result


MAX_SOURCE_BYTES = 64 * 1024 * 1024  # a whole city's table is about 10 MB


def read_lines(path: str) -> tuple[list[str], str]:
    text, encoding = read_text(path)
    return split_lines(text, path), encoding


def read_text(path: str) -> tuple[str, str]:
    """The file's text and encoding; ReportgenError when too large, empty or undecodable."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        limit = MAX_SOURCE_BYTES // 1024 // 1024
        raise ReportgenError(Finding(Severity.ERROR, Location(path), say("decoding.too_large", limit=limit), "size"))
    if not data.strip():
        raise ReportgenError(Finding(Severity.ERROR, Location(path), say("decoding.empty"), "size"))
    return decode(data, path)
