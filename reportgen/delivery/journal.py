"""Putting staged files in place as one unit: the previous edition or the new one, never a mix.

output.write_files stages every file of an edition beside its target first. Moving
them into place takes one rename per file, and no file system renames several files
at once, so the move is journalled:

1. One run at a time: the folder is locked (`.reportgen.lock`, made with O_EXCL and
   holding the host and process; a lock left by a process that no longer exists on
   this host is taken over).
2. A journal (`.reportgen-HOST-PID-TOKEN.journal`) names every target, its staged
   file and whether the target existed; it is flushed to disk.
3. Every existing target gets a backup (`….old`): a hard link to it, so nothing is
   copied and the target is untouched (a copy where the file system has no hard
   links). The folder is flushed: journal and backups are on disk before any target
   changes.
4. The staged files are renamed over their targets; the folder is flushed.
5. The journal is removed (from here on the new edition is the edition), then the
   backups.

A failure in 3 or 4 (a file open in another program, a folder at a file's name, a
rename refused) restores every target from its backup and removes the targets that
are new, before the error is reported. If the process is killed or the machine stops
during 3 or 4, the journal stays on disk, and the next reportgen run that writes to
the folder restores the previous edition from it before it does anything else
(`recover`). So once any run has looked at the folder, it holds exactly one edition.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Location

LOCK_NAME = ".reportgen.lock"
# A run's own files in a folder (staged, backups, journal) say which host and process made
# them, so a later run can tell the leftovers of a killed run (its process is gone) from a
# run still writing.
HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
LOCK_WAIT_SECONDS = 60.0  # another run's move into place takes well under a second


@dataclass(frozen=True)
class Move:
    target: str  # path of the file as published
    staged: str  # its new content, staged beside it
    backup: str  # where the previous content is kept until the move is complete


def journal_name(token: str) -> str:
    return f".reportgen-{HOST}-{os.getpid()}-{token}.journal"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def sync_folder(folder: str) -> None:
    """Make the folder's entries (created, renamed, removed files) durable. Windows
    cannot open a folder for this, and its renames are written through."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except PermissionError:
        return  # a folder we may write but not read (a drop box): its file system decides
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextmanager
def locked(folder: str) -> Iterator[None]:
    """Hold the folder's lock: one reportgen run at a time puts files in place there."""
    path = os.path.join(folder, LOCK_NAME)
    waited = 0.0
    while True:
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            if _stale_lock(path):
                _unlink_quietly(path)
                continue
            if waited >= LOCK_WAIT_SECONDS:
                raise ReportgenError(Finding(Severity.ERROR, Location(path), say("output.locked"), "-o")) from None
            time.sleep(0.1)
            waited += 0.1
    try:
        os.write(handle, f"{HOST} {os.getpid()}\n".encode("ascii"))
    finally:
        os.close(handle)
    try:
        yield
    finally:
        _unlink_quietly(path)


def _stale_lock(path: str) -> bool:
    """The lock of a process that no longer exists on this host (killed): it may be taken."""
    try:
        with open(path, encoding="ascii", errors="replace") as stream:
            host, pid = stream.read().split()
        return host == HOST and not alive(int(pid))
    except FileNotFoundError:
        return True  # released meanwhile: try again
    except (OSError, ValueError):
        # a lock still being written (its owner made it an instant ago) or unreadable: an old one is stale
        try:
            return time.time() - os.stat(path).st_mtime > LOCK_WAIT_SECONDS
        except FileNotFoundError:
            return True


def replace_all(folder: str, moves: list[Move], token: str) -> None:
    """Steps 2-5 above, under the folder's lock (held by the caller)."""
    for move in moves:
        if os.path.isdir(move.target):
            raise ReportgenError(Finding(Severity.ERROR, Location(move.target), say("output.folder_in_the_way"), "-o"))
    if len(moves) == 1:  # one rename is atomic by itself: no journal needed
        try:
            os.replace(moves[0].staged, moves[0].target)
        except OSError as exc:
            _unlink_quietly(moves[0].staged)
            raise _replace_failed(exc, moves[0].target) from None
        sync_folder(folder)
        return
    journal = os.path.join(folder, journal_name(token))
    entries = [{"target": os.path.relpath(m.target, folder), "staged": os.path.relpath(m.staged, folder),
                "backup": os.path.relpath(m.backup, folder), "existed": os.path.exists(m.target)} for m in moves]
    _write_durably(journal, json.dumps({"moves": entries}, ensure_ascii=False).encode("utf-8"))
    done = False
    try:
        for move, entry in zip(moves, entries):
            if entry["existed"]:
                _keep_backup(move.target, move.backup)
        sync_folder(folder)
        for move in moves:
            os.replace(move.staged, move.target)
        sync_folder(folder)
        done = True
    except BaseException as exc:
        try:
            _roll_back(folder, entries)
            os.unlink(journal)
            sync_folder(folder)
        except OSError as failure:
            raise ReportgenError(Finding(Severity.ERROR, Location(folder),
                                         say("output.restore_failed", reason=failure.strerror or str(failure)),
                                         "-o")) from None
        if isinstance(exc, OSError):
            raise _replace_failed(exc, str(exc.filename or folder)) from None
        raise
    finally:
        if done:
            os.unlink(journal)  # the new edition is the edition from here on
            _tidy_after_commit(folder, moves)


def _replace_failed(exc: OSError, path: str) -> ReportgenError:
    """A file could not be moved into place: the previous edition has been put back."""
    return ReportgenError(Finding(Severity.ERROR, Location(path),
                                  say("output.replace_failed", reason=exc.strerror or type(exc).__name__), "-o"))


def _tidy_after_commit(folder: str, moves: list[Move]) -> None:
    """Best effort: the new edition is whole and in place. If the removal of the journal
    does not reach the disk (a failed flush, then a crash), the journal reappears and the
    next run restores the previous edition: whole as well. Backups left here are removed
    as a killed run's leftovers by the next run."""
    for move in moves:
        try:
            _unlink_quietly(move.backup)
        except OSError:
            pass
    try:
        sync_folder(folder)
    except OSError:
        pass


def recover(folder: str) -> list[str]:
    """Restore the previous edition wherever a killed run left a journal in `folder`
    (call it holding the folder's lock); returns the journals handled."""
    handled = []
    for name in sorted(os.listdir(folder)):
        if not (name.startswith(".reportgen-") and name.endswith(".journal")):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as stream:
                entries = json.load(stream)["moves"]
        except (ValueError, KeyError, TypeError):
            entries = []  # cut short while it was written: no target had been touched yet
        except FileNotFoundError:
            continue
        _roll_back(folder, entries)
        sync_folder(folder)
        os.unlink(path)
        handled.append(path)
    if handled:
        sync_folder(folder)
    return handled


def _roll_back(folder: str, entries: list[dict]) -> None:
    """Every target as it was before the journalled move: restored from its backup,
    or removed if it is new; then the staged files go."""
    for entry in entries:
        target, backup = os.path.join(folder, entry["target"]), os.path.join(folder, entry["backup"])
        if entry["existed"]:
            if os.path.exists(backup):
                os.replace(backup, target)
                # renaming one hard link over another of the same file does nothing: the backup may remain
                _unlink_quietly(backup)
            # no backup: the run stopped before renaming anything, the target is the previous one
        elif os.path.lexists(target) and not os.path.exists(os.path.join(folder, entry["staged"])):
            os.unlink(target)  # new in this edition and already moved into place
    for entry in entries:
        _unlink_quietly(os.path.join(folder, entry["staged"]))


def _keep_backup(target: str, backup: str) -> None:
    try:
        os.link(target, backup)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        shutil.copyfile(target, backup)  # no hard links here (some shared folders): a copy
        fsync_path(backup)


def _write_durably(path: str, content: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        os.write(handle, content)
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        _unlink_quietly(path)
        raise
    os.close(handle)


def fsync_path(path: str) -> None:
    """Flush one file's bytes to disk, by its path."""
    handle = os.open(path, os.O_WRONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
