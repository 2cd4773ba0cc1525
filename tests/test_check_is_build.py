"""`check` passes exactly what `build` and `split` write: a property over drawn publications
whose texts mix what the shipped font draws, what it lacks, long and odd texts, and budgets."""
import contextlib
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textdoc import page, pillar_row, program_row

from reportgen.cli.commands import main

TEXT = st.text(alphabet=st.sampled_from(list("事業概要あア漢字ABC 012,（）「」—●") +
                                        ["𠮷", "😀", "\u200b", "\u202e", "髙", "﨑"]), min_size=1, max_size=30)
NAME = st.one_of(
    st.text(alphabet=st.sampled_from(list("事業課室あア漢字ABC") + ["𠮷", "😀", "髙"]), min_size=1, max_size=12),
    st.text(alphabet=st.sampled_from(list("推進課室")), min_size=95, max_size=105))  # around the length limit
AMOUNT = st.one_of(st.just(""), st.integers(0, 10 ** 16).map(lambda n: f"{n:,}"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, summary=TEXT, division=NAME, budget=AMOUNT)
def test_check_passes_exactly_what_build_and_split_write(tmp_path_factory, name, summary, division, budget):
    folder = tmp_path_factory.mktemp("drawn")
    source = folder / "drawn.txt"
    row = program_row("施策", 1, name, summary=summary, division=division, budgets=(budget or "1,000", "2,000"))
    source.write_text(page([pillar_row("I 「稼げるまち」の実現"), row], "総務市民局"), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        checked = main(["check", str(source), "-q"])
        built = main(["build", str(source), "-o", str(folder / "out"), "-q"])
        divided = main(["split", str(source), "-o", str(folder / "divisions"), "-q"])
    assert (checked == 0) == (built == 0) == (divided == 0), (checked, built, divided)
    assert built in (0, 1) and divided in (0, 1)  # never an internal error
    assert (folder / "out").exists() == (built == 0)
    assert (folder / "divisions").exists() == (divided == 0)
