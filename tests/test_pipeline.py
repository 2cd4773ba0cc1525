"""Building an edition: all requested formats or none, the previous edition kept on failure."""
from __future__ import annotations

import os

import pytest
from conftest import SEED

import reportgen.delivery.output as output
import reportgen.renderers as renderers
from reportgen import ReportgenError
from reportgen.pipeline import Options, build, parse_formats

FORMATS = ["pdf", "xlsx", "html", "csv"]


@pytest.fixture
def previous(tmp_path):
    out = tmp_path / "out"
    build([str(SEED)], str(out), FORMATS)
    return out, {name: (out / name).read_bytes() for name in os.listdir(out)}


@pytest.mark.parametrize("failing", FORMATS)
def test_a_renderer_failing_keeps_the_previous_edition(previous, monkeypatch, failing):
    out, before = previous

    def broken(*_):
        raise RuntimeError(f"{failing} broke")
    monkeypatch.setitem(renderers.RENDERERS, failing, broken)
    with pytest.raises(RuntimeError):
        build([str(SEED)], str(out), FORMATS)
    assert {name: (out / name).read_bytes() for name in os.listdir(out)} == before


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4])
def test_a_crash_while_writing_keeps_the_previous_edition_and_no_temporary_files(previous, monkeypatch, fail_at):
    out, before = previous
    real_fdopen = os.fdopen
    opened = []

    def failing_fdopen(handle, mode="r", *args, **kwargs):
        opened.append(handle)
        if len(opened) == fail_at:
            os.close(handle)
            raise OSError(28, "No space left on device")
        return real_fdopen(handle, mode, *args, **kwargs)
    monkeypatch.setattr(output.os, "fdopen", failing_fdopen)
    with pytest.raises(ReportgenError):  # the full disk is a message for the staffer
        build([str(SEED)], str(out), FORMATS, Options(checksums=True))
    assert {name: (out / name).read_bytes() for name in os.listdir(out)} == before


def test_interrupted_between_replacements_is_not_possible_to_half_write(previous, monkeypatch):
    """A failure on the second replace puts the first back: whole files of one edition only,
    and a message (tests/delivery/test_journal.py injects it at every rename of a real run)."""
    from reportgen import ReportgenError
    out, before = previous
    real_replace = os.replace
    calls = []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk gone")
        return real_replace(source, target)
    monkeypatch.setattr(output.os, "replace", failing_replace)
    with pytest.raises(ReportgenError, match="前の版に戻してあります"):
        build([str(SEED)], str(out), FORMATS)
    assert sorted(os.listdir(out)) == sorted(before)  # no temporary files left behind
    for name in os.listdir(out):
        assert (out / name).read_bytes() == before[name]  # identical input: whole files either way


def test_formats_are_checked_before_anything_is_read():
    from reportgen import ReportgenError
    with pytest.raises(ReportgenError):
        parse_formats("pdf,docx")
    assert parse_formats("pdf, csv,pdf") == ["pdf", "csv"]


def test_the_registry_of_writers_is_one_table_still_importable_from_the_pipeline():
    import reportgen.pipeline as pipeline
    from reportgen.report.edition import Edition
    assert pipeline.RENDERERS is renderers.RENDERERS and pipeline.Edition is Edition
    assert list(renderers.RENDERERS) == FORMATS


# ---------------------------------------------------------------- options, checked at the boundary

@pytest.mark.parametrize("arguments,option", [
    ({"paper": "b5"}, "paper"), ({"subtotals": "bureau"}, "subtotals"), ({"lang": "fr"}, "lang"),
    ({"name": "../escape"}, "name"), ({"name": ""}, "name"), ({"name": ".."}, "name"), ({"font": 3}, "font"),
    ({"checksums": "yes"}, "checksums"), ({"protect_inputs": 1}, "protect_inputs"), ({"templates": " "}, "templates"),
])
def test_a_bad_option_is_one_clear_error_naming_it(arguments, option):
    with pytest.raises(ReportgenError) as caught:
        Options(**arguments)
    [finding] = caught.value.findings
    assert finding.field == option and finding.location.file == "--" + option.replace("_", "-")
    assert str(arguments[option]) in finding.message or "文字列" in finding.message or "True" in finding.message


def test_bad_formats_are_refused_before_anything_is_read(tmp_path):
    for formats in (["pdf", "docx"], [], ["PDF", 3]):
        with pytest.raises(ReportgenError):
            build([str(tmp_path / "missing.txt")], str(tmp_path / "out"), formats)
    assert not (tmp_path / "out").exists()


def test_the_cli_reports_a_bad_option_without_a_traceback(tmp_path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-c", "from reportgen import Options; Options(paper='b5')"],
                            capture_output=True, text=True)
    assert "ReportgenError" in result.stderr and "--paper" in result.stderr  # Python callers get the exception
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(SEED), "-o", str(tmp_path),
                             "--name", "a/b"], capture_output=True, text=True)
    assert result.returncode == 1 and "--name" in result.stderr and "Traceback" not in result.stderr
