"""What the command line prints: progress as a bar on a terminal, plain lines in a log, nothing when quiet."""
import io
import subprocess
import sys

from conftest import SEED

import reportgen.cli.console as console_module
from reportgen.cli.console import Console


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_bar_redrawn_in_place():
    err = Terminal()
    show = Console(err=err).progress("build.progress")
    for done in range(5):
        show(done, 4)
    text = err.getvalue()
    assert text.count("\r") == 5 and text.endswith("4/4 形式\n")
    assert "作成中 [" + "#" * console_module.BAR_WIDTH + "] 4/4 形式" in text


def test_a_log_gets_plain_lines_now_and_then_and_the_last(monkeypatch):
    clock = iter([100.0, 101.0, 115.0, 116.0, 117.0])
    monkeypatch.setattr(console_module.time, "monotonic", lambda: next(clock))
    err = io.StringIO()
    show = Console(err=err).progress("collect.progress")
    for done in range(5):
        show(done, 4)
    assert err.getvalue().splitlines() == ["取り込み中 0/4 ファイル", "取り込み中 2/4 ファイル", "取り込み中 4/4 ファイル"]


def test_quiet_prints_no_progress():
    err = Terminal()
    show = Console(quiet=True, err=err).progress("build.progress")
    show(0, 1)
    show(1, 1)
    assert err.getvalue() == ""


def test_build_says_how_far_it_is_in_a_log_and_nothing_with_q(tmp_path):
    run = [sys.executable, "-m", "reportgen.cli", "build", str(SEED), "-o", str(tmp_path / "out")]
    logged = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "作成中 0/4 形式" in logged.stderr and "作成中 4/4 形式" in logged.stderr
    quiet = subprocess.run([*run, "-q"], capture_output=True, text=True, check=True)
    assert "作成中" not in quiet.stderr
