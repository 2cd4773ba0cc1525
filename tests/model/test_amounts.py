"""The money grammar: what parses, to what, and what is refused."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.model.amounts import (
    AmountError,
    format_amount,
    format_plain,
    parse_amount,
)

amounts = st.integers(min_value=-10**12, max_value=10**12)
FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


@given(amounts)
def test_format_then_parse_is_identity(value):
    assert parse_amount(format_amount(value)) == value


@given(amounts)
def test_plain_form_parses_back(value):
    assert parse_amount(format_plain(value)) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from("△▲−－-"))
def test_every_negative_sign_and_fullwidth_digits(value, sign):
    text = f"{value:,}".translate(FULLWIDTH)
    assert parse_amount(text) == value
    assert parse_amount(sign + text) == -value


@given(st.text(alphabet="0123456789,.△-eE+ 円千", min_size=1, max_size=12))
def test_anything_else_is_an_error_never_a_guess(text):
    try:
        value = parse_amount(text)
    except AmountError:
        return
    # when it parses, it parses exactly: the digits without separators are the value
    digits = "".join(c for c in text if c.isdigit())
    assert value is None or abs(value) == int(digits)
    assert "." not in text and "円" not in text and "千" not in text and "e" not in text.lower()


@pytest.mark.parametrize("text", ["", "—", "―", "-", "－", "  ", "\u3000"])
def test_empty_and_dashes_mean_none_not_zero(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["1,23", "12,3456", "1.5", "12O", "1 000", "△", "1,000円",
                                  "--5", "+5", "NaN", "１，２３"])
def test_malformed(text):
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert text in str(caught.value)


def test_display_forms():
    assert format_amount(2129365) == "2,129,365"
    assert format_amount(-1200) == "△1,200"
    assert format_amount(None) == "—"
    assert format_amount(0) == "0"
    assert format_plain(None) == "" and format_plain(-5) == "-5"
