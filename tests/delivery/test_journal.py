"""An edition is one unit: after a failure or a kill at any rename or fsync, OUT holds
exactly the previous edition or exactly the new one once reportgen has run again.

The faults are injected by strace into the real command (a refused rename or fsync,
or SIGKILL at the instant of one), at every rename and every fsync the command makes.
"""
import errno
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

from reportgen import ReportgenError
from reportgen.delivery.journal import HOST, LOCK_NAME, Move, recover, replace_all
from reportgen.delivery.output import restore_interrupted, write_files

STRACE = shutil.which("strace")
FAULTS = ("rename", "fsync")


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reportgen.cli", *args, "-q"]


def contents(folder) -> dict[str, str]:
    """Every entry of the folder (dotfiles included) and a hash of its bytes."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in sorted(os.listdir(folder))}


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Two sources that give different editions: the seed, and the seed with one budget changed."""
    root = tmp_path_factory.mktemp("editions")
    changed = root / "changed" / SEED.name
    changed.parent.mkdir()
    text = SEED.read_text(encoding="utf-8")
    assert "\t39,464\t57,740" in text
    changed.write_text(text.replace("\t39,464\t57,740", "\t39,465\t57,740"), encoding="utf-8")
    return str(SEED), str(changed)


def syscalls(args: list[str], cwd) -> dict[str, int]:
    """How many times the command calls each of FAULTS (strace -c on a run that succeeds)."""
    summary = cwd / "strace-summary.txt"
    subprocess.run([STRACE, "-f", "-c", "-o", str(summary), "-e", "trace=" + ",".join(FAULTS), *args],
                   cwd=cwd, check=True, capture_output=True)
    counts = {}
    for line in summary.read_text().splitlines():
        fields = line.split()
        if fields and fields[-1] in FAULTS:
            counts[fields[-1]] = int(fields[3])  # % time, seconds, usecs/call, calls, [errors,] syscall
    return counts


def run_injected(args: list[str], cwd, fault: str, nth: int, action: str) -> subprocess.CompletedProcess:
    return subprocess.run([STRACE, "-f", "-o", os.devnull, "-e", f"trace={fault}",
                           "-e", f"inject={fault}:{action}:when={nth}", *args],
                          cwd=cwd, capture_output=True, text=True, check=False)


def edition_of(args: list[str], out, cwd) -> dict[str, str]:
    if out.exists():
        shutil.rmtree(out)
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)
    built = contents(out)
    shutil.rmtree(out)
    return built


@pytest.mark.parametrize("verb", ["build", "split"])
def test_every_rename_and_fsync_failing_or_killed_leaves_one_whole_edition(tmp_path, editions, verb):
    assert STRACE, "strace is installed by .ci/system-packages (make test-deps)"
    previous_source, new_source = editions
    out = tmp_path / "out"
    first = command(verb, previous_source, "-o", str(out))
    second = command(verb, new_source, "-o", str(out))
    previous, new = edition_of(first, out, tmp_path), edition_of(second, out, tmp_path)
    assert previous != new
    subprocess.run(first, cwd=tmp_path, check=True, capture_output=True)
    counts = syscalls(second, tmp_path)
    subprocess.run(first, cwd=tmp_path, check=True, capture_output=True)  # back to the previous edition
    assert counts["rename"] == len(new) and counts["fsync"] >= 2
    next_run = command(verb, str(tmp_path / "no-such-source.txt"), "-o", str(out))
    for fault in FAULTS:
        for nth in range(1, counts[fault] + 1):
            where = f"{fault} #{nth} of {counts[fault]}"
            refused = run_injected(second, tmp_path, fault, nth, f"error={'EACCES' if fault == 'rename' else 'EIO'}")
            if refused.returncode == 0:  # the fault came after the new edition was whole and in place
                assert contents(out) == new, where
                subprocess.run(first, cwd=tmp_path, check=True, capture_output=True)
            else:
                assert refused.returncode == 1, (where, refused.stderr)
                assert "Traceback" not in refused.stderr and "前の版" in refused.stderr, (where, refused.stderr)
                assert contents(out) == previous, where

            killed = run_injected(second, tmp_path, fault, nth, "signal=KILL")
            assert killed.returncode != 0, where
            after = subprocess.run(next_run, cwd=tmp_path, capture_output=True, text=True, check=False)
            assert after.returncode == 1 and "Traceback" not in after.stderr, (where, after.stderr)
            assert contents(out) in (previous, new), where  # nothing mixed, nothing of ours left
            if contents(out) == new:
                subprocess.run(first, cwd=tmp_path, check=True, capture_output=True)
    # and the new edition goes in when nothing fails
    subprocess.run(second, cwd=tmp_path, check=True, capture_output=True)
    assert contents(out) == new


def test_a_journal_left_by_a_killed_run_is_rolled_back_and_said(tmp_path):
    """Simulated from the inside: two of three targets replaced, then the process 'died'."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.pdf", "b.xlsx"):
        (out / name).write_bytes(b"previous " + name.encode())
    moves = []
    for index, name in enumerate(("a.pdf", "b.xlsx", "c.csv")):
        staged = out / f".reportgen-{HOST}-999999-abcdef-{index}.part"
        staged.write_bytes(b"new " + name.encode())
        moves.append(Move(str(out / name), str(staged), str(staged)[:-5] + ".old"))
    journal = out / f".reportgen-{HOST}-999999-abcdef.journal"
    journal.write_text(json.dumps({"moves": [
        {"target": os.path.basename(m.target), "staged": os.path.basename(m.staged),
         "backup": os.path.basename(m.backup), "existed": os.path.exists(m.target)} for m in moves]}))
    for move in moves[:2]:
        os.link(move.target, move.backup)
    for move in moves[:2]:
        os.replace(move.staged, move.target)
    assert (out / "a.pdf").read_bytes() == b"new a.pdf"
    result = subprocess.run(command("build", str(tmp_path / "missing.txt"), "-o", str(out)),
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert "前回の実行が途中で止まっていたため、前の版に戻しました" in result.stderr
    assert contents(out) == {name: hashlib.sha256(b"previous " + name.encode()).hexdigest()
                             for name in ("a.pdf", "b.xlsx")}


def test_a_file_that_cannot_be_replaced_puts_every_file_back(tmp_path, monkeypatch):
    """As a workbook open in Excel on Windows: the third rename fails, the first two are undone."""
    files = {str(tmp_path / f"{i}.pdf"): f"new {i}".encode() for i in range(4)}
    for path in files:
        with open(path, "wb") as stream:
            stream.write(b"previous")
    real_replace, calls = os.replace, []

    def refuse_third(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise PermissionError(errno.EACCES, "Permission denied", target)
        return real_replace(source, target)
    monkeypatch.setattr(os, "replace", refuse_third)
    with pytest.raises(ReportgenError) as caught:
        write_files(files)
    assert "2.pdf" in str(caught.value) and "Excel" in str(caught.value) and "前の版に戻してあります" in str(caught.value)
    assert sorted(os.listdir(tmp_path)) == [f"{i}.pdf" for i in range(4)]
    assert all(Path(path).read_bytes() == b"previous" for path in files)


def test_a_folder_at_a_files_name_changes_nothing(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"previous")
    (tmp_path / "b.csv").mkdir()
    with pytest.raises(ReportgenError) as caught:
        write_files({str(tmp_path / "a.pdf"): b"new", str(tmp_path / "b.csv"): b"new"})
    assert "同じ名前のフォルダ" in str(caught.value) and "b.csv" in str(caught.value)
    assert sorted(os.listdir(tmp_path)) == ["a.pdf", "b.csv"] and (tmp_path / "a.pdf").read_bytes() == b"previous"


def test_one_run_at_a_time_puts_files_in_place(tmp_path):
    """A lock held by a live process is waited for; one left by a killed process is taken over."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    (tmp_path / LOCK_NAME).write_text(f"{HOST} {int(dead.stdout)}\n")
    write_files({str(tmp_path / "a.pdf"): b"a", str(tmp_path / "b.pdf"): b"b"})
    assert sorted(os.listdir(tmp_path)) == ["a.pdf", "b.pdf"]
    from reportgen.delivery import journal
    (tmp_path / LOCK_NAME).write_text(f"{HOST} {os.getpid()}\n")  # held by a live run (this one)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal, "LOCK_WAIT_SECONDS", 0.3)
        with pytest.raises(ReportgenError) as caught:
            write_files({str(tmp_path / "a.pdf"): b"A", str(tmp_path / "b.pdf"): b"B"})
    assert "別の reportgen" in str(caught.value) and LOCK_NAME in str(caught.value)
    assert (tmp_path / "a.pdf").read_bytes() == b"a"
    assert not [n for n in os.listdir(tmp_path) if re.search(r"\.(part|old|journal)$", n)]


def test_recovery_is_idempotent_and_a_torn_journal_touches_nothing(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"previous")
    (tmp_path / f".reportgen-{HOST}-999999-abcdef.journal").write_text('{"moves": [{"tar')  # cut short
    assert len(recover(str(tmp_path))) == 1 and recover(str(tmp_path)) == []
    assert sorted(os.listdir(tmp_path)) == ["a.pdf"] and restore_interrupted(str(tmp_path)) == []


def test_replace_all_alone_moves_everything(tmp_path):
    moves = []
    for index in range(3):
        staged = tmp_path / f"s{index}.part"
        staged.write_bytes(b"new")
        moves.append(Move(str(tmp_path / f"{index}.txt"), str(staged), str(tmp_path / f"s{index}.old")))
    (tmp_path / "0.txt").write_bytes(b"old")
    replace_all(str(tmp_path), moves, "abcdef")
    assert sorted(os.listdir(tmp_path)) == ["0.txt", "1.txt", "2.txt"]
    assert all((tmp_path / f"{i}.txt").read_bytes() == b"new" for i in range(3))
