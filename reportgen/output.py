"""Writing an edition's files all-or-nothing.

Each file goes to a temporary file in its target folder and is moved into
place with os.replace only after every file of the edition was written, so a
failure never leaves a half file and never destroys the previous edition.
"""
from __future__ import annotations

import ctypes
import os
import secrets
import sys
from collections.abc import Mapping

from .findings import Finding, ReportgenError, Severity
from .model import Location


# Every file's bytes are on disk before any file is moved into place. For many
# files on Linux one syncfs() of the output's file system after staging does
# that for all of them (a split of 3,600 files spent seconds in one fsync per
# file) and, like fsync, reports a failed write; a few files, or elsewhere, are
# flushed one by one.
_SYNC_ONCE = sys.platform.startswith("linux")
SYNC_ONCE_FROM = 16  # files
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _sync_file_systems(folders: set[str], staged: list[str]) -> None:
    """Flush the file systems holding `folders` (Linux syncfs); an error writing
    any file back is raised, as fsync would. Without syncfs, each file is flushed."""
    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    if syncfs is None:
        for path in staged:
            handle = os.open(path, os.O_RDONLY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)
        return
    done = set()
    for folder in folders:
        handle = os.open(folder, os.O_RDONLY)
        try:
            device = os.fstat(handle).st_dev
            if device not in done and syncfs(handle) != 0:
                error = ctypes.get_errno()
                raise OSError(error, os.strerror(error), folder)
            done.add(device)
        finally:
            os.close(handle)


def write_files(files: Mapping[str, bytes]) -> list[str]:
    """Write {path: content}; all appear, or none is touched."""
    staged: list[tuple[str, str]] = []
    folders: set[str] = set()
    token = secrets.token_hex(6)  # this run's temporary names: no clash with another run's
    sync_once = _SYNC_ONCE and len(files) >= SYNC_ONCE_FROM
    try:
        for index, (path, content) in enumerate(files.items()):
            folder = os.path.dirname(os.path.abspath(path))
            if folder not in folders:
                try:
                    os.makedirs(folder, exist_ok=True)
                except (FileExistsError, NotADirectoryError):
                    raise ReportgenError(Finding(
                        Severity.ERROR, Location(folder), "出力先がフォルダではなくファイルです", "-o",
                        "the output folder is an existing file, not a folder")) from None
                folders.add(folder)
            temporary = os.path.join(folder, f".reportgen-{token}-{index}.part")
            # created as any new file is (0666 less the umask), never over an existing one
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                if not sync_once:
                    stream.flush()
                    os.fsync(stream.fileno())
        if sync_once:
            _sync_file_systems(folders, [temporary for temporary, _ in staged])
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
        raise
    return [path for _, path in staged]
