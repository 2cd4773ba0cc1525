"""Every PDF reportgen writes with --tagged (the book, a division's, a change report) is
tagged, and two PDF/UA checkers we did not write (pdfua and outloud, from PyPI) find
no error in it; without --tagged the PDF is as before, untagged."""
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
    run("build", str(SEED), "-o", str(out / "a3"), "--format", "pdf", "--lang", "ja,en,ja+en", "-q", "--tagged")
    run("build", str(SEED), "-o", str(out / "a4"), "--format", "pdf", "--lang", "ja,en", "--paper", "a4", "-q",
        "--tagged")
    run("split", str(SEED), "-o", str(out / "divisions"), "--format", "pdf", "-q", "--tagged")
    changed = out / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("4,359", "4,400"), encoding="utf-8")
    run("diff", str(SEED), str(changed), "-o", str(out / "report"), "--format", "pdf", "--tagged")
    files = sorted(out.glob("*/*.pdf"))
    assert len(files) == 5 + 4 + 1
    return files


def test_pdfinfo_says_tagged(pdfs):
    for path in pdfs:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info, path.name


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


def test_without_tagged_a_pdf_is_untagged(tmp_path):
    run("build", str(SEED), "-o", str(tmp_path), "--format", "pdf", "-q")
    info = subprocess.run(["pdfinfo", str(next(tmp_path.glob("*.pdf")))], capture_output=True, text=True,
                          check=True).stdout
    assert "Tagged:          no" in info
