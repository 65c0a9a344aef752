from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.money import MAX_VND, AmountError, format_vnd, parse_vnd, round_half_up


def test_the_review_figure_is_written_the_vietnamese_way():
    assert format_vnd(80_627_000_000) == "80.627.000.000 đ"
    assert format_vnd(0) == "0 đ"
    assert format_vnd(-1_500) == "-1.500 đ"


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        format_vnd(1.5)


@pytest.mark.parametrize(
    "text",
    [
        "80.627.000.000 đ",
        "80627000000 VND",
        "80627000000",
        " 80.627.000.000₫ ",
        "80.627.000.000\u00a0đ",
    ],
)
def test_amounts_as_people_type_them(text):
    assert parse_vnd(text) == 80_627_000_000


def test_one_thousand_is_one_thousand_on_every_screen():
    # The counter form posted 1 đ for "1.000": Django's IntegerField drops a ".000" tail.
    assert parse_vnd("1.000") == 1_000
    assert parse_vnd("1.000.000") == 1_000_000
    assert parse_vnd("0") == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.000,50", "decimals"),  # the entry screen made it 100.050 đ
        ("1000,5", "decimals"),
        ("80,627,000,000", "decimals"),  # a comma is the Vietnamese decimal mark
        ("1.00", "grouping"),
        ("1.0000", "grouping"),
        ("10.00.000", "grouping"),
        (".000", "grouping"),
        ("1 000 000", "grouping"),
        ("١٢٣", "characters"),  # Arabic-Indic digits: isdigit() and int() take them
        ("１２３", "characters"),  # full-width digits
        ("1\x00000", "characters"),
        ("100\u200f", "characters"),  # a right-to-left mark
        ("1e6", "characters"),
        ("80 tỷ", "characters"),
        ("", "empty"),
        ("  đ ", "empty"),
        ("-1.000", "negative"),
        ("1.000.000.000.000.000", "too_large"),
        ("9" * 5000, "too_large"),  # refused before int() is asked to read it
    ],
)
def test_refused_with_a_reason(text, code):
    with pytest.raises(AmountError) as refusal:
        parse_vnd(text)
    assert refusal.value.code == code
    assert isinstance(refusal.value, ValueError)


def test_a_minus_sign_where_the_caller_allows_one():
    assert parse_vnd("-1.500 đ", negative=True) == -1_500
    with pytest.raises(AmountError):
        parse_vnd("--1.500", negative=True)


def test_the_largest_amount_is_below_a_thousand_trillion():
    assert parse_vnd("999.999.999.999.999") == MAX_VND == 10**15 - 1
    assert parse_vnd("000000000000001000") == 1_000  # leading zeros do not count as size


@given(st.integers(min_value=-MAX_VND, max_value=MAX_VND))
def test_format_and_parse_round_trip(amount):
    assert parse_vnd(format_vnd(amount), negative=True) == amount


@given(st.integers(min_value=0, max_value=MAX_VND))
def test_plain_digits_are_the_amount(amount):
    assert parse_vnd(str(amount)) == amount


@given(st.integers(min_value=MAX_VND + 1, max_value=10**40))
def test_beyond_the_maximum_is_refused(amount):
    for text in (str(amount), format_vnd(amount)):
        with pytest.raises(AmountError, match="too_large"):
            parse_vnd(text)


@given(st.text(max_size=30))
def test_any_text_is_an_amount_in_range_or_a_refusal(text):
    try:
        amount = parse_vnd(text, negative=True)
    except AmountError:
        return
    assert -MAX_VND <= amount <= MAX_VND
    assert all(ch.isascii() for ch in text if ch.isdigit())
    assert "," not in text


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from("٠١٢٣٤٥٦٧٨٩０１２３۴߂"))
def test_a_foreign_digit_anywhere_is_refused(amount, digit):
    text = str(amount)
    for at in range(len(text) + 1):
        with pytest.raises(AmountError):
            parse_vnd(text[:at] + digit + text[at:])


def test_not_an_amount():
    with pytest.raises(ValueError):
        parse_vnd("80 tỷ")


def test_halves_round_away_from_zero():
    assert round_half_up(Decimal("274999.5")) == 275000
    assert round_half_up(Decimal("274999.4999")) == 274999
