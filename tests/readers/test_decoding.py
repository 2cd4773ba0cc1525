"""Decoding: strict UTF-8 (BOM or not), then strict CP932, else an error with the byte offset."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.model.findings import ReportgenError
from reportgen.readers.decoding import decode, split_lines


def test_utf8_bom_and_cp932():
    assert decode("総務市民局".encode("utf-8"), "f") == ("総務市民局", "utf-8")
    assert decode(b"\xef\xbb\xbf" + "局".encode("utf-8"), "f") == ("局", "utf-8-sig")
    assert decode("地域振興課―".encode("cp932"), "f") == ("地域振興課―", "cp932")


def test_neither_names_both_offsets():
    data = "局".encode("utf-8") + b"\x81\xff"
    with pytest.raises(ReportgenError) as caught:
        decode(data, "bad.txt")
    message = str(caught.value)
    assert message.startswith("bad.txt: error: encoding:")
    assert "UTF-8 では byte offset 3" in message and "CP932 (Shift_JIS) では byte offset 3" in message


def test_broken_utf8_after_bom_is_not_reread_as_cp932():
    with pytest.raises(ReportgenError) as caught:
        decode(b"\xef\xbb\xbfab\xff", "f")
    assert "offset 5" in str(caught.value)


def test_crlf_and_control_characters():
    assert split_lines("a\tb\r\nc\n", "f") == ["a\tb", "c"]
    with pytest.raises(ReportgenError) as caught:
        split_lines("ok\nab\x0bc\n", "f.txt")
    assert str(caught.value) == "f.txt:2: error: text: 制御文字 U+000B が 1 列目（行の 3 文字目）にあります"
    with pytest.raises(ReportgenError):
        split_lines("a\rb\n", "f")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=50))
def test_any_text_survives_utf8_and_nothing_is_normalized(text):
    # with a byte-order mark in front, whatever follows is the text exactly
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "f")[0] == text
    if not text.startswith("\ufeff"):  # a leading U+FEFF without one *is* a byte-order mark
        assert decode(text.encode("utf-8"), "f")[0] == text
