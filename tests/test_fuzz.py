"""Fuzzing the text loader: mangled layouts load cleanly or fail with findings, never crash."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SEED
from reportgen import Severity, read
from reportgen.validation import validate

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")


@st.composite
def mangled(draw) -> bytes:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        operation = draw(st.sampled_from(["shuffle", "truncate", "duplicate", "delete", "cut_line",
                                          "bytes", "swap_fields", "insert_tabs"]))
        index = draw(st.integers(min_value=0, max_value=max(0, len(lines) - 1)))
        if operation == "shuffle":
            draw(st.randoms()).shuffle(lines)
        elif operation == "truncate":
            lines = lines[:index]
        elif operation == "duplicate" and lines:
            lines.insert(index, lines[index])
        elif operation == "delete" and lines:
            del lines[index]
        elif operation == "cut_line" and lines:
            cut = draw(st.integers(min_value=0, max_value=len(lines[index])))
            lines[index] = lines[index][:cut]
        elif operation == "swap_fields" and lines:
            fields = lines[index].split("\t")
            draw(st.randoms()).shuffle(fields)
            lines[index] = "\t".join(fields)
        elif operation == "insert_tabs" and lines:
            fields = lines[index].split("\t")
            fields.insert(draw(st.integers(min_value=0, max_value=len(fields))), "")
            lines[index] = "\t".join(fields)
    data = "\n".join(lines).encode("utf-8")
    if draw(st.booleans()):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
    return data


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_layout_loads_or_fails_cleanly(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    path.write_bytes(data)
    started = time.perf_counter()
    result = read([str(path)])
    assert time.perf_counter() - started < 2
    for finding in result.findings:
        assert finding.location.file == str(path) or finding.location.file
        assert str(finding)  # every finding can be shown
    if not result.errors:
        assert result.publication is not None
        # what loads is a model the checks accept, with every budget an int or none
        assert not [f for f in validate(result.publication) if f.severity is Severity.ERROR]
        for program in result.publication.programs:
            assert all(b.amount is None or isinstance(b.amount, int) for b in program.budgets)


@settings(max_examples=60, deadline=2000)
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "doc.txt"
    path.write_bytes(data)
    result = read([str(path)], bureau="局")
    assert result.errors or result.publication is not None
