"""Every PDF reportgen writes (the book, a division's, a change report) is tagged, and
two PDF/UA checkers we did not write (pdfua and outloud, from PyPI) find no error in
it; only a Python caller's `Options(tagged=False)` draws one untagged."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

BIN = Path(sys.executable).parent


def run(*args, cwd=None):
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True,
                            encoding="utf-8", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> list[Path]:
    """The seed's books (A3 and A4, Japanese, English and bilingual), a division's PDF and a change report."""
    out = tmp_path_factory.mktemp("pdfs")
    run("build", str(SEED), "-o", str(out / "a3"), "--format", "pdf", "--lang", "ja,en,ja+en", "-q")
    run("build", str(SEED), "-o", str(out / "a4"), "--format", "pdf", "--lang", "ja,en", "--paper", "a4", "-q")
    run("split", str(SEED), "-o", str(out / "divisions"), "--format", "pdf", "-q")
    changed = out / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("4,359", "4,400"), encoding="utf-8")
    run("diff", str(SEED), str(changed), "-o", str(out / "report"), "--format", "pdf")
    files = sorted(out.glob("*/*.pdf"))
    assert len(files) == 5 + 4 + 1
    return files


def test_pdfinfo_says_tagged(pdfs):
    for path in pdfs:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info, path.name


def test_qpdf_finds_no_error(pdfs):
    for path in pdfs:
        checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout, path.name


def test_pdfua_finds_no_error(pdfs):
    for path in pdfs:
        result = subprocess.run([str(BIN / "pdfua"), "check", "--format", "json", str(path)],
                                capture_output=True, text=True)
        report = json.loads(result.stdout)
        assert report["summary"]["errors"] == 0 and result.returncode != 3, (path.name, report["findings"])
        assert report["summary"]["warnings"] == 0, (path.name, report["findings"])


def test_outloud_finds_no_error(pdfs, tmp_path):
    report = tmp_path / "outloud.json"
    result = subprocess.run([str(BIN / "outloud"), "--fail-on", "error", "--json", str(report), "-q",
                             *map(str, pdfs)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert report.exists()


def test_only_a_python_caller_can_ask_for_an_untagged_pdf(tmp_path):
    from reportgen import Options, build

    written, _ = build([str(SEED)], str(tmp_path), ["pdf"], Options(tagged=False))
    info = subprocess.run(["pdfinfo", written[0]], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          no" in info
    refused = subprocess.run([sys.executable, "-m", "reportgen.cli", "build", str(SEED), "-o", str(tmp_path / "x"),
                              "--tagged"], capture_output=True, text=True, encoding="utf-8")
    assert refused.returncode == 2 and "--tagged" in refused.stderr  # no such switch: tagging is not optional
