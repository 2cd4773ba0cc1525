"""What kind of file a source is, told from its first bytes and its name, before any reader
tries it: a file no reader of ours takes gets one sentence saying what it is and how to
save it instead, never a decoding error about byte offsets."""
from __future__ import annotations

import os
import zipfile

from reportgen.messages import say
from reportgen.messages.text import Text

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), Word 97-2003 (.doc)
_MAGIC = ((b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"))
_ZIPPED = (("mimetype", "application/vnd.oasis.opendocument.spreadsheet", "ods"),
           ("word/document.xml", None, "Word (.docx)"), ("ppt/presentation.xml", None, "PowerPoint (.pptx)"))


def _head(path: str) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            return stream.read(8)
    except OSError:
        return None  # the reader says what is wrong with the file itself


def is_zip(path: str) -> bool:
    """A zip (an .xlsx, whatever its name says)."""
    head = _head(path)
    return head is not None and head.startswith(b"PK")


def unreadable_kind(path: str, returned: bool = False) -> Text | None:
    """Why `path` cannot be read as a table, or None. `returned`: a division's return,
    which comes back as the workbook it was sent (a text table is not one)."""
    head = _head(path)
    if head is None:
        return None
    suffix = os.path.splitext(path)[1].lower()
    if head.startswith(_OLE2):
        return None if suffix == ".xls" else say("kinds.xls_renamed", suffix=suffix or "—")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return say("kinds.not_a_table", kind=kind)
    if head.startswith(b"PK"):
        kind = _zipped_kind(path)
        if kind == "ods":
            return None if suffix == ".ods" else say("kinds.ods_renamed", suffix=suffix or "—")
        if kind is not None:
            return say("kinds.not_a_table", kind=kind)
        if suffix == ".xlsm":
            return say("kinds.xlsm")
        return None  # a workbook: the workbook reader checks it
    if suffix in (".xls", ".ods"):
        return say("kinds.not_a_spreadsheet", suffix=suffix)
    if returned:
        return say("kinds.return_not_a_workbook", suffix=suffix or "—")
    return None


def _zipped_kind(path: str) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for member, content, kind in _ZIPPED:
                if member in names and (content is None or archive.read(member)[:100].decode(
                        "ascii", "replace").strip() == content):
                    return kind
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    return None
