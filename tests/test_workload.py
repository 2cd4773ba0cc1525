"""The generator of synthetic publications (bench/workload.py) that the tests and the
benchmark use: what it writes must read back to exactly the totals it says."""
import json
import subprocess
import sys

import pytest
from conftest import WORKLOAD

from reportgen import read
from reportgen.model.amounts import sum_existing


def generate(tmp_path, *arguments: str) -> tuple[bytes, dict]:
    expect = tmp_path / "expect.json"
    text = subprocess.run([sys.executable, str(WORKLOAD), *arguments, "--expect", str(expect)],
                          capture_output=True, check=True).stdout
    return text, json.loads(expect.read_text(encoding="utf-8"))


@pytest.mark.parametrize("programs,bureaus,seed", [(320, 4, 0), (60, 2, 2), (5, 5, 1), (7, 1, 3)])
def test_the_text_reads_back_to_the_totals_it_states(tmp_path, programs, bureaus, seed):
    text, expect = generate(tmp_path, "--programs", str(programs), "--bureaus", str(bureaus), "--seed", str(seed))
    source = tmp_path / "city.txt"
    source.write_bytes(text)
    result = read([str(source)])
    assert not [f for f in result.findings if f.severity.name == "ERROR"]
    got = {b.name: {"programs": len(b.programs),
                    "R6": sum_existing(p.budgets[0].amount for p in b.programs) or 0,
                    "R7": sum_existing(p.budgets[1].amount for p in b.programs) or 0}
           for b in result.publication.bureaus}
    assert got == expect
    assert sum(v["programs"] for v in expect.values()) == programs and len(expect) == bureaus


def test_it_carries_the_seeds_quirks(tmp_path):
    text, _ = generate(tmp_path, "--programs", "320", "--bureaus", "4")
    source = tmp_path / "city.txt"
    source.write_bytes(text)
    result = read([str(source)])
    publication = result.publication
    lines = text.decode("utf-8").split("\n")
    realigned = [f for f in result.findings if f.severity.name == "NOTICE" and f.field == "予算額"]
    assert len(realigned) >= 4 * 8  # the first page of each bureau: an extra empty field on every row
    assert any(line.endswith("\t") and line.count("\t") == 19 for line in lines)  # trailing after KPI ②
    assert sum(1 for line in lines if line.startswith("\t")) > 100  # blank 主な施策 continues the measure
    programs = publication.programs
    assert any(p.major == (False, True) and p.budgets[0].amount is None for p in programs)
    assert any(p.major == (True, False) and p.budgets[1].amount is None for p in programs)
    assert any(p.name.by_year[0] != p.name.by_year[1] for p in programs)
    assert {p.kpis[0].baseline_year.text for p in programs} >= {"R元", "H25", "R5"}
    assert len({p.name.text for p in programs}) == len(programs)  # every name distinct
    assert len({p.summary for p in programs}) == len(programs)


def test_the_same_arguments_give_the_same_bytes(tmp_path):
    first, _ = generate(tmp_path, "--programs", "100", "--bureaus", "3", "--seed", "7")
    second, _ = generate(tmp_path, "--programs", "100", "--bureaus", "3", "--seed", "7")
    other, _ = generate(tmp_path, "--programs", "100", "--bureaus", "3", "--seed", "8")
    assert first == second != other
