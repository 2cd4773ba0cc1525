"""Fuzzing the text loader: mangled layouts load cleanly or fail with findings, never crash."""
from __future__ import annotations

import time

from conftest import SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen import Severity, read
from reportgen.readers.validation import validate

SEED_LINES = SEED.read_text(encoding="utf-8").split("\n")
NAMES = st.text(alphabet=st.sampled_from(list("事業推進課地域防犯<>&R6()（）・、。 ")), min_size=1, max_size=12)
AMOUNTS = st.one_of(st.just(""), st.integers(min_value=-10**9, max_value=10**9).map(
    lambda v: f"△{-v:,}" if v < 0 else f"{v:,}"))


@st.composite
def generated_lines(draw) -> list[str]:
    """A small publication in the text layout, pages and phantom fields included."""
    from textdoc import page, pillar_row, program_row
    text = ""
    number = 0
    for page_index in range(draw(st.integers(min_value=1, max_value=3))):
        rows = []
        if page_index == 0 or draw(st.booleans()):
            rows.append(pillar_row(draw(st.sampled_from(["I 「稼げるまち」の実現", "II 「彩りあるまち」の実現"]))))
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            number += 1
            marks = draw(st.sampled_from([("●", "●"), ("●", ""), ("", "●")]))
            budgets = tuple(draw(AMOUNTS) if mark else "" for mark in marks)
            rows.append(program_row(draw(st.one_of(st.just(""), NAMES)) if rows or page_index else draw(NAMES),
                                    number, draw(NAMES), marks=marks, budgets=budgets, division=draw(NAMES)))
        text += page(rows, bureau=None if page_index == 0 else "企画局", phantom=page_index == 0)
    return text.split("\n")


@st.composite
def mangled(draw) -> bytes:
    lines = list(draw(st.one_of(st.just(SEED_LINES), generated_lines())))
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


@settings(max_examples=80, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(generated_lines())
def test_generated_publications_load_with_their_numbers(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("gen") / "doc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read([str(path)])
    # a generated layout is well formed: it either loads, or its errors are findings (never an exception)
    if not result.errors:
        programs = result.publication.programs
        assert [p.number for p in programs] == list(range(1, len(programs) + 1))
