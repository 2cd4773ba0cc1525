"""Writing an edition's files all-or-nothing.

Each file goes to a temporary file in its target folder; only after every file
of the edition is written and on disk are they moved into place, as one unit
(delivery.journal): a failure or a kill never leaves a half file, a mix of two
editions, or the previous edition destroyed.
"""
from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import sys
from collections.abc import Mapping
from contextlib import ExitStack

from reportgen.delivery.journal import (
    HOST,
    LOCK_NAME,
    Move,
    alive,
    fsync_path,
    locked,
    recover,
    replace_all,
)
from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Location

# Every file's bytes are on disk before any file is moved into place. For many
# files on Linux one syncfs() of the output's file system after staging does
# that for all of them (a split of 3,600 files spent seconds in one fsync per
# file); a few files, or elsewhere, are flushed one by one.
_SYNC_ONCE = sys.platform.startswith("linux")
SYNC_ONCE_FROM = 16  # files
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation

# Staged files and backups: .reportgen-HOST-PID-TOKEN-INDEX.part / .old
_LEFTOVER = re.compile(r"\.reportgen-(?P<host>[A-Za-z0-9-]+)-(?P<pid>[0-9]+)-[0-9a-f]+-[0-9]+\.(part|old)")


def restore_interrupted(folder: str) -> list[str]:
    """Put `folder` back to one whole edition if a killed run left it part-way through
    moving its files into place, and remove what killed runs left there; returns the
    journals of the interrupted runs (empty when there was nothing to do)."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []  # no folder yet, or one we may write but not read: nothing of ours to find
    journals: list[str] = []
    if any(name.endswith(".journal") for name in names) or LOCK_NAME in names:
        with locked(folder):  # waits for a live run; takes over the lock of a killed one
            journals = recover(folder)
    remove_stale_parts(folder)
    return journals


def remove_stale_parts(folder: str) -> list[str]:
    """Remove the staged files and backups that a killed run left in `folder` (made on
    this host by a process that no longer exists); returns them. Files of runs on other
    hosts (a shared folder) cannot be told apart and are left. POSIX only: elsewhere
    asking whether a process exists is not a harmless call."""
    if os.name != "posix":
        return []
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []
    removed = []
    for name in names:
        match = _LEFTOVER.fullmatch(name)
        if match and match["host"] == HOST and not alive(int(match["pid"])):
            path = os.path.join(folder, name)
            try:
                os.unlink(path)
            except FileNotFoundError:
                continue  # another run removed it first
            removed.append(path)
    return removed


def _sync_file_systems(staged: list[str]) -> None:
    """Flush the file systems holding the staged files with syncfs (Linux), through
    one staged file of each (a folder may be write-only); a failed write back is
    raised (Linux 5.8 and later). Where syncfs cannot be used, each file is fsynced."""
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        syncfs = None
    devices: dict[int, str] = {}
    for path in staged:
        devices.setdefault(os.stat(path).st_dev, path)
    for path in devices.values() if syncfs is not None else ():
        handle = os.open(path, os.O_WRONLY)
        try:
            if syncfs(handle) != 0:
                error = ctypes.get_errno()
                if error in (errno.ENOSYS, errno.EPERM, errno.EACCES):  # not allowed here (a sandbox)
                    syncfs = None
                    break
                raise OSError(error or errno.EIO, os.strerror(error or errno.EIO), path)
        finally:
            os.close(handle)
    if syncfs is None:
        for path in staged:
            fsync_path(path)


def write_files(files: Mapping[str, bytes]) -> list[str]:
    """Write {path: content}; all appear, or none is touched."""
    staged: list[tuple[str, str]] = []
    folders: set[str] = set()
    token = secrets.token_hex(6)  # this run's temporary names: no clash with another run's
    sync_once = _SYNC_ONCE and len(files) >= SYNC_ONCE_FROM
    folder = ""
    try:
        for index, (path, content) in enumerate(files.items()):
            folder = os.path.dirname(os.path.abspath(path))
            if folder not in folders:
                try:
                    os.makedirs(folder, exist_ok=True)
                except (FileExistsError, NotADirectoryError):
                    raise ReportgenError(Finding(Severity.ERROR, Location(folder),
                                                 say("output.folder_is_a_file"), "-o")) from None
                folders.add(folder)
                restore_interrupted(folder)
            temporary = os.path.join(folder, f".reportgen-{HOST}-{os.getpid()}-{token}-{index}.part")
            # created as any new file is (0666 less the umask), never over an existing one
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            staged.append((temporary, path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                if not sync_once:
                    stream.flush()
                    os.fsync(stream.fileno())
        if sync_once:
            _sync_file_systems([temporary for temporary, _ in staged])
    except BaseException as exc:
        _remove(staged)
        if isinstance(exc, OSError):  # the disk or the folder, not the data: a message saying what to do
            raise ReportgenError(_environment_problem(exc, folder)) from None
        raise
    if not staged:
        return []
    moves = [Move(path, temporary, temporary[:-len(".part")] + ".old") for temporary, path in staged]
    try:
        with ExitStack() as locks:
            for held in sorted(folders):
                locks.enter_context(locked(held))
            # the journal lives beside the first file; its entries are relative to that folder
            replace_all(os.path.dirname(os.path.abspath(staged[0][1])), moves, token)
    except OSError as exc:  # the lock or the journal could not be written: nothing replaced
        _remove(staged)
        raise ReportgenError(_environment_problem(exc, folder)) from None
    except BaseException:
        _remove(staged)
        raise
    return [path for _, path in staged]


def _remove(staged: list[tuple[str, str]]) -> None:
    for temporary, _ in staged:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _environment_problem(exc: OSError, folder: str) -> Finding:
    """A failure to stage the files (nothing replaced yet: the previous edition stands)."""
    where = Location(str(exc.filename or folder))
    reason = exc.strerror or type(exc).__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        message = say("output.disk_full")
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        message = say("output.not_writable", reason=reason)
    else:
        message = say("output.write_failed", reason=reason)
    return Finding(Severity.ERROR, where, message, "-o")
