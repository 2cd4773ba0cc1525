"""All-or-nothing writes."""
import errno
import os

import pytest

import reportgen.delivery.output as output
from reportgen import ReportgenError
from reportgen.delivery.journal import HOST
from reportgen.delivery.output import write_files


def test_all_files_appear(tmp_path):
    written = write_files({str(tmp_path / "a.csv"): b"a", str(tmp_path / "sub" / "b.pdf"): b"b"})
    assert [os.path.basename(p) for p in written] == ["a.csv", "b.pdf"]
    assert (tmp_path / "sub" / "b.pdf").read_bytes() == b"b"


def test_failure_keeps_previous_edition_and_leaves_no_temporaries(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"old")

    class Boom(bytes):
        pass

    files = {str(tmp_path / "a.csv"): b"new", str(tmp_path / "b.pdf"): None}  # None cannot be written
    with pytest.raises(TypeError):
        write_files(files)
    assert (tmp_path / "a.csv").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["a.csv"]


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    from reportgen import ReportgenError
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ReportgenError) as caught:
        write_files({str(tmp_path / "afile" / "a.pdf"): b"a"})
    assert "afile" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_files_get_the_mode_of_any_new_file_and_nothing_else_is_left(tmp_path):
    mask = os.umask(0o027)
    try:
        write_files({str(tmp_path / "a.csv"): b"a", str(tmp_path / "b.pdf"): b"b" * 100_000})
    finally:
        os.umask(mask)
    assert sorted(os.listdir(tmp_path)) == ["a.csv", "b.pdf"]
    assert {oct((tmp_path / name).stat().st_mode & 0o777) for name in ("a.csv", "b.pdf")} == {oct(0o640)}
    assert (tmp_path / "b.pdf").read_bytes() == b"b" * 100_000


@pytest.mark.parametrize("count", [2, 40])
def test_every_file_is_on_disk_before_any_replaces_an_old_one(tmp_path, monkeypatch, count):
    """The previous edition is replaced only once the new bytes are durable: a few
    files are flushed one by one, many at once (one sync on Linux)."""
    import reportgen.delivery.output as output
    events = []
    real_replace = os.replace
    monkeypatch.setattr(output, "_sync_file_systems", lambda staged: events.append("sync"))
    monkeypatch.setattr(output.os, "fsync", lambda fd: events.append("fsync"))
    monkeypatch.setattr(output.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b)))
    write_files({str(tmp_path / f"{i}.pdf"): b"x" for i in range(count)})
    first_replace = events.index("replace")
    flushes = [e for e in events[:first_replace] if e in ("sync", "fsync")]
    at_once = output._SYNC_ONCE and count >= output.SYNC_ONCE_FROM
    staged_flushes = ["sync"] if at_once else ["fsync"] * count
    assert flushes[:len(staged_flushes)] == staged_flushes  # then the journal's and the folder's
    assert [e for e in events[first_replace:] if e == "replace"] == ["replace"] * count
    assert sorted(os.listdir(tmp_path)) == sorted(f"{i}.pdf" for i in range(count))


def failing_syncfs(monkeypatch, error: int) -> None:
    """Many files on Linux, with a syncfs that fails with `error`."""
    import ctypes

    import reportgen.delivery.output as output

    class Libc:
        @staticmethod
        def syncfs(handle):
            ctypes.set_errno(error)
            return -1
    monkeypatch.setattr(output, "_SYNC_ONCE", True)
    monkeypatch.setattr(output.ctypes, "CDLL", lambda *args, **kwargs: Libc())


def test_a_failed_write_back_keeps_the_previous_edition(tmp_path, monkeypatch):
    """The one flush of many staged files reports a disk error as fsync would;
    nothing is then replaced and no temporary file is left."""
    import errno

    import reportgen.delivery.output as output
    (tmp_path / "0.pdf").write_bytes(b"old")
    failing_syncfs(monkeypatch, errno.EIO)
    with pytest.raises(ReportgenError) as caught:  # a message for the staffer, not an internal error
        write_files({str(tmp_path / f"{i}.pdf"): b"new" for i in range(output.SYNC_ONCE_FROM)})
    assert "Input/output error" in str(caught.value) or os.strerror(errno.EIO) in str(caught.value)
    assert sorted(os.listdir(tmp_path)) == ["0.pdf"] and (tmp_path / "0.pdf").read_bytes() == b"old"


def test_many_files_are_flushed_with_their_file_system_once(tmp_path, monkeypatch):
    import ctypes

    import reportgen.delivery.output as output
    real = ctypes.CDLL(None, use_errno=True)
    calls = []

    class CountingLibc:
        @staticmethod
        def syncfs(handle):
            calls.append(handle)
            return real.syncfs(handle)
    monkeypatch.setattr(output, "_SYNC_ONCE", True)
    monkeypatch.setattr(output.ctypes, "CDLL", lambda *args, **kwargs: CountingLibc())
    files = {str(tmp_path / sub / f"{i}.csv"): f"{sub}{i}".encode()
             for i in range(output.SYNC_ONCE_FROM) for sub in ("a", "b")}
    written = write_files(files)
    assert len(calls) == 1  # two folders, one file system
    assert {p: open(p, "rb").read() for p in written} == files


def test_many_files_go_to_a_folder_that_may_be_written_but_not_read(tmp_path):
    """syncfs goes through a staged file, and nothing needs to list or open the folder
    (which may be write-only: the tests run as root, so refusing is simulated)."""
    import reportgen.delivery.output as output
    folder = tmp_path / "drop"
    folder.mkdir()
    files = {str(folder / f"{i}.pdf"): b"x" for i in range(output.SYNC_ONCE_FROM)}
    real_open, real_listdir = os.open, os.listdir

    def no_folder_reads(path, flags, *args):
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args)

    def no_listing(path="."):
        if os.path.abspath(path) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_listdir(path)
    import pytest as _pytest
    with _pytest.MonkeyPatch.context() as patch:
        patch.setattr(output.os, "open", no_folder_reads)
        patch.setattr(output.os, "listdir", no_listing)
        write_files(files)
    assert sorted(os.listdir(folder)) == sorted(os.path.basename(p) for p in files)


def test_where_syncfs_is_not_allowed_each_file_is_flushed(tmp_path, monkeypatch):
    import errno

    import reportgen.delivery.output as output
    fsynced = []
    failing_syncfs(monkeypatch, errno.EPERM)
    monkeypatch.setattr(output.os, "fsync", lambda handle: fsynced.append(os.readlink(f"/proc/self/fd/{handle}")))
    write_files({str(tmp_path / f"{i}.pdf"): b"x" for i in range(output.SYNC_ONCE_FROM)})
    staged = [os.path.basename(path) for path in fsynced if path.endswith(".part")]
    assert len(set(staged)) == output.SYNC_ONCE_FROM


@pytest.mark.parametrize("error,words", [(errno.ENOSPC, "空きが足りず"), (errno.EROFS, "書き込めません"),
                                         (errno.EIO, "書き出しに失敗しました")])
def test_a_disk_or_folder_failure_is_a_message_and_the_previous_edition_stands(tmp_path, monkeypatch, error, words):
    """Full disk, read-only or failing storage: exit 1 with what to do, not an internal error."""
    target = tmp_path / "edition.pdf"
    target.write_bytes(b"previous")

    def failing_fsync(handle):
        raise OSError(error, os.strerror(error))
    monkeypatch.setattr(output.os, "fsync", failing_fsync)
    with pytest.raises(ReportgenError) as caught:
        output.write_files({str(target): b"new"})
    assert words in str(caught.value) and "前の版はそのまま" in str(caught.value)
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition.pdf"]  # no temporary file left


def test_the_next_run_removes_what_a_killed_run_left_and_nothing_of_a_live_one(tmp_path):
    """A run killed while staging leaves .part files; the next run on the same folder
    removes them. A run still alive (here: this process) keeps its own."""
    import subprocess
    import sys
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)  # a process that has exited
    left = tmp_path / f".reportgen-{HOST}-{dead_pid}-abcdef012345-0.part"
    live = tmp_path / f".reportgen-{HOST}-{os.getpid()}-abcdef012345-1.part"
    other_host = tmp_path / f".reportgen-otherhost-{dead_pid}-abcdef012345-2.part"
    for path in (left, live, other_host):
        path.write_bytes(b"half")
    write_files({str(tmp_path / "edition.csv"): b"new"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["edition.csv", live.name, other_host.name])


def test_a_build_killed_while_staging_leaves_nothing_after_the_next_build(tmp_path):
    """SIGKILL at the moment the first staged file is written: the next run cleans up."""
    import signal
    import subprocess
    import sys
    from conftest import SEED
    script = f"""
import os, signal
import reportgen.delivery.output as output
real = output.os.fsync
def die(handle):
    os.kill(os.getpid(), signal.SIGKILL)  # killed after a staged file is written, before any move
output.os.fsync = die
from reportgen.cli import main
main(["build", {str(SEED)!r}, "-o", {str(tmp_path / "out")!r}, "-q"])
"""
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]
    again = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(SEED), "-o", str(tmp_path / "out"),
                            "-q"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".reportgen-")]
