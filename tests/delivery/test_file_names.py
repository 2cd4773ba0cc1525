"""File names from division names: readable, safe on Windows and Linux, distinct."""
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.delivery.file_names import MAX_BYTES, inside, safe_stem, unique_stems


@pytest.mark.parametrize("name,stem", [
    ("地域振興課", "地域振興課"),
    ("企画課/調整係", "企画課／調整係"),
    ("../../etc", "_．．／．．／etc".replace("．", ".")),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("COM1", "_COM1"),
    ("課名.", "課名"), ("課名 . ", "課名"), ("..", "_"), ("", "_"),
    ('a<b>:c"d\\e|f?g*', "a＜b＞：c”d＼e｜f？g＊"),
    ("改行\n入り", "改行_入り"),
])
def test_safe_stem(name, stem):
    assert safe_stem(name) == stem


@given(st.text(max_size=400))
def test_any_name_is_a_plain_file_name(name):
    stem = safe_stem(name)
    assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert not stem.startswith(".") and not stem.endswith((".", " "))
    assert len(stem.encode("utf-8")) <= MAX_BYTES
    assert os.path.basename(inside("/tmp/out", stem + ".xlsx")) == stem + ".xlsx"


def test_collisions_get_a_stable_suffix():
    assert unique_stems(["局_課/係", "局_課／係", "局_ABC", "局_abc", "局_課/係"]) == [
        "局_課／係", "局_課／係 (2)", "局_ABC", "局_abc (2)", "局_課／係 (3)"]


def test_very_long_names_stay_distinct():
    stems = unique_stems(["局_" + "長" * 200, "局_" + "長" * 201])
    assert len(set(stems)) == 2 and all(len(s.encode("utf-8")) <= MAX_BYTES for s in stems)


def test_inside_refuses_escapes():
    with pytest.raises(ValueError):
        inside("/tmp/out", "../x")
    with pytest.raises(ValueError):
        inside("/tmp/out", "a/b")
