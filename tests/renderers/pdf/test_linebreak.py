"""Kinsoku line breaking measured with the shipped font's widths."""
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.renderers.pdf.font import load_fonts
from reportgen.renderers.pdf.linebreak import break_lines, text_width

FACE = load_fonts().regular


def wrap(text, chars):
    """Wrap to a width of `chars` full-width characters."""
    return break_lines(text, chars * 1000.0, FACE.widths, FACE.default_width)


def test_short_text_is_one_line():
    assert wrap("防犯カメラ運用事業", 20) == ["防犯カメラ運用事業"]


def test_no_line_starts_with_closing_punctuation_or_ends_with_opening():
    # 10 full-width characters a line; the 11th is 、 and must not start line 2
    lines = wrap("あいうえおかきくけこ、さしすせそ", 10)
    assert lines == ["あいうえおかきくけ", "こ、さしすせそ"]
    assert wrap("あいうえおかきくけ「こさしすせ」", 10) == ["あいうえおかきくけ", "「こさしすせ」"]


def test_numbers_are_never_split():
    lines = wrap("合計は１２３あいうえおか5,000,000件です", 10)
    assert any("5,000,000" in line for line in lines)
    lines = wrap("あいうえおかきく62.8%です", 10)
    assert any("62.8%" in line for line in lines)


def test_forced_newline_and_unbreakable_overlong_run():
    assert wrap("旧名(R6)\n新名(R7)", 30) == ["旧名(R6)", "新名(R7)"]
    long_run = "A" * 100  # letters: a word, cut with a hyphen at each line's end
    lines = wrap(long_run, 10)
    assert len(lines) > 1 and all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.removesuffix("-") for line in lines[:-1]) + lines[-1] == long_run
    digits = "1" * 100  # not a word: cut as it is, nothing added
    assert "".join(wrap(digits, 10)) == digits


def test_a_word_wider_than_the_line_is_hyphenated_at_a_syllable():
    assert wrap("Ward Administration Division", 4.5) == ["Ward", "Adminis-", "tration", "Division"]
    assert wrap("Development", 4) == ["Develop-", "ment"]


WORDS = st.lists(st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABC")), min_size=1, max_size=30),
                 min_size=1, max_size=8).map(" ".join)


@settings(max_examples=300)
@given(WORDS, st.integers(min_value=2, max_value=20))
def test_an_english_word_is_never_cut_without_a_hyphen(text, chars):
    width = chars * 1000.0
    lines = break_lines(text, width, FACE.widths, FACE.default_width)
    restored = ""
    for line in lines:
        assert text_width(line, FACE.widths, FACE.default_width) <= width
        follows = text[len(restored):].lstrip(" ")
        restored = text[:len(text) - len(follows)]
        if line.endswith("-") and not follows.startswith(line):  # a hyphen we put in: a word was cut
            assert follows.startswith(line[:-1]) and follows[len(line) - 1].isalpha()
            restored += line[:-1]
        else:  # the line ends at a space or at the text's end: whole words
            assert follows.startswith(line) and follows[len(line):len(line) + 1] in ("", " ")
            restored += line
    assert restored == text.rstrip(" ")


CJK_MIX = st.text(alphabet=st.sampled_from(list(
    "あいうえお漢字事業推進課、。「」（）・ー123,456.%ABCabc ッャ")), max_size=200)


@settings(max_examples=300)
@given(CJK_MIX, st.integers(min_value=1, max_value=40))
def test_every_line_fits_and_no_character_is_lost(text, chars):
    width = chars * 1000.0
    lines = break_lines(text, width, FACE.widths, FACE.default_width)
    for line in lines:
        assert text_width(line, FACE.widths, FACE.default_width) <= width or len(line) == 1
    # only spaces at a break may go, and a hyphen is added where a word of letters is cut;
    # every other character is kept, in order
    joined = "".join(line[:-1] if line.endswith("-") and i < len(lines) - 1 else line
                     for i, line in enumerate(lines))
    assert joined.replace(" ", "") == text.replace(" ", "")
