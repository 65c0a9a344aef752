from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.money import format_vnd, parse_vnd, round_half_up


def test_the_review_figure_is_written_the_vietnamese_way():
    assert format_vnd(80_627_000_000) == "80.627.000.000 đ"
    assert format_vnd(0) == "0 đ"
    assert format_vnd(-1_500) == "-1.500 đ"


def test_money_is_never_a_float():
    with pytest.raises(TypeError):
        format_vnd(1.5)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_and_parse_round_trip(amount):
    assert parse_vnd(format_vnd(amount)) == amount


@pytest.mark.parametrize("text", ["80,627,000,000", "80.627.000.000 đ", "80627000000 VND"])
def test_amounts_as_the_bank_exports_write_them(text):
    assert parse_vnd(text) == 80_627_000_000


def test_not_an_amount():
    with pytest.raises(ValueError):
        parse_vnd("80 tỷ")


def test_halves_round_away_from_zero():
    assert round_half_up(Decimal("274999.5")) == 275000
    assert round_half_up(Decimal("274999.4999")) == 274999
