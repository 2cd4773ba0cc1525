"""Checks a seed edition built by an installed reportgen (run by .ci/wheel-smoke).

    python check_edition.py OUT

Reads the four files as their users' tools would, with nothing but the standard
library, openpyxl (a dependency of reportgen, so in the clean environment) and
poppler's pdffonts/pdftotext, and compares them with the seed's budget totals,
checked by hand against the seed text: R6 2,548,267 and R7 2,878,000 (千円).
"""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl

TOTALS = (2548267, 2878000)
STEM = "主要事務事業_R6-R7"
BUREAU = "総務市民局"


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"wheel smoke test: {what}")


def main(out: Path) -> None:
    files = {suffix: out / f"{STEM}.{suffix}" for suffix in ("pdf", "xlsx", "html", "csv")}
    for suffix, path in files.items():
        check(path.is_file() and path.stat().st_size > 0, f"{path.name} was not written")

    with open(files["csv"], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    check(len(rows) == 10, f"the CSV has {len(rows)} programs, not 10")
    sums = tuple(sum(int(row[f"{year}予算額(千円)"] or 0) for row in rows) for year in ("R6", "R7"))
    check(sums == TOTALS, f"the CSV's budgets add up to {sums}, not {TOTALS}")

    sheet = openpyxl.load_workbook(files["xlsx"], data_only=True)[BUREAU]
    total_rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == f"合計（{BUREAU}）"
                  or f"合計（{BUREAU}）" in row]
    check(len(total_rows) == 1, "the workbook has no single bureau total row")
    check(tuple(total_rows[0][-2:]) == TOTALS, f"the workbook's total row says {total_rows[0][-2:]}")

    html = files["html"].read_text(encoding="utf-8")
    check('lang="ja"' in html and all(f"{t:,}" in html for t in TOTALS), "the HTML page lacks lang or totals")

    fonts = subprocess.run(["pdffonts", str(files["pdf"])], capture_output=True, text=True, check=True).stdout
    embedded = [line for line in fonts.splitlines() if "BIZUDGothic" in line and " yes yes " in line]
    check(bool(embedded), f"the PDF does not embed the shipped BIZ UDゴシック:\n{fonts}")
    text = subprocess.run(["pdftotext", "-layout", str(files["pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    check(all(f"{t:,}" in text for t in TOTALS), "the PDF does not print the totals")
    print(f"wheel smoke test: {out}: PDF, XLSX, HTML and CSV with totals {TOTALS[0]:,} and {TOTALS[1]:,}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
