"""File names built from data (bureau and division names), safe on Windows and Linux.

Readable Japanese stays as it is; only what a file system cannot hold is
replaced: path separators and Windows' forbidden characters by their
full-width forms, control characters by '_', trailing dots and spaces
dropped, reserved device names (CON, NUL, COM1 …) prefixed, and the name
kept under 150 bytes of UTF-8. Two names that end up equal (or equal but for
case, as on Windows) are told apart by a stable ' (2)' suffix.
"""
from __future__ import annotations

import os
import re
import unicodedata

# Windows forbids <>:"/\|?*; their full-width twins read the same to a person.
_REPLACEMENTS = str.maketrans({"<": "＜", ">": "＞", ":": "：", '"': "”", "/": "／", "\\": "＼",
                               "|": "｜", "?": "？", "*": "＊"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)
MAX_BYTES = 150


def safe_stem(text: str) -> str:
    name = _CONTROL.sub("_", text.translate(_REPLACEMENTS)).strip()
    name = name.rstrip(". ")
    if not name or set(name) <= {"."}:
        name = "_"
    if name.startswith("."):
        name = "_" + name  # no hidden files, no '..'
    if _RESERVED.match(name):
        name = "_" + name
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        name = encoded[:MAX_BYTES].decode("utf-8", errors="ignore").rstrip(". ")
    return name


def unique_stems(wanted: list[str]) -> list[str]:
    """Safe, distinct stems in the given order; later duplicates get ' (2)', ' (3)' …"""
    taken: set[str] = set()
    result = []
    for text in wanted:
        base = safe_stem(text)
        stem, number = base, 1
        while _key(stem) in taken:
            number += 1
            suffix = f" ({number})"
            stem = safe_stem(base.encode("utf-8")[:MAX_BYTES - len(suffix)].decode("utf-8", errors="ignore")) + suffix
        taken.add(_key(stem))
        result.append(stem)
    return result


def _key(stem: str) -> str:
    """Names that one file system would treat as the same file."""
    return unicodedata.normalize("NFC", stem).casefold()


def inside(folder: str, name: str) -> str:
    """The path of `name` in `folder`; an error if it would land anywhere else."""
    root = os.path.realpath(folder)
    path = os.path.realpath(os.path.join(root, name))
    if os.path.dirname(path) != root:
        raise ValueError(f"{name!r} is not a plain file name inside {folder}")
    return path
