"""Cells of the bank's exports: worked examples, and the round trip of any amount or date
through the ways the files write them."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.bankfile import (
    CellError,
    read_date,
    read_id_number,
    read_money,
    read_rate,
    read_sex,
)

D = datetime.date


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1.234.567", 1_234_567),
        ("1,234,567", 1_234_567),
        ("1 234 567", 1_234_567),
        (1234567, 1_234_567),
        (1234567.0, 1_234_567),
        ("1.234.567,00", 1_234_567),
        ("1,234,567.00", 1_234_567),
        ("-5.000", -5_000),
        ("(5.000)", -5_000),
        ("", 0),
        (None, 0),
        ("500", 500),
        ("45.000.000 đ", 45_000_000),
    ],
)
def test_amounts(cell, amount):
    assert read_money(cell) == amount


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("1.234,56", "not_whole"),
        (12.5, "not_whole"),
        ("abc", "not_amount"),
        ("1.234,567.000", "not_amount"),
    ],
)
def test_not_amounts(cell, code):
    with pytest.raises(CellError) as error:
        read_money(cell)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("05/03/2025", D(2025, 3, 5)),
        ("5/3/2025", D(2025, 3, 5)),
        ("05-03-2025", D(2025, 3, 5)),
        ("2025-03-05", D(2025, 3, 5)),
        ("05/03/2025 00:00:00", D(2025, 3, 5)),
        (45721, D(2025, 3, 5)),  # Excel's serial number of 05/03/2025
        (datetime.datetime(2025, 3, 5, 0, 0), D(2025, 3, 5)),
        ("05032025", D(2025, 3, 5)),
    ],
)
def test_dates_day_first(cell, day):
    assert read_date(cell) == day


@pytest.mark.parametrize("cell", ["31/02/2025", "hôm qua", "13/13/2025", 1.5])
def test_not_dates(cell):
    with pytest.raises(CellError) as error:
        read_date(cell)
    assert error.value.code == "not_date"


def test_rates_monthly_and_yearly():
    assert read_rate("0,66") == Decimal("0.6600")
    assert read_rate(0.66) == Decimal("0.6600")
    assert read_rate("7,92%") == Decimal("0.6600")  # a yearly rate, 0.66 × 12


def test_id_numbers():
    assert read_id_number("001 180 012 345") == "001180012345"
    assert read_id_number(1180012345) == "001180012345"  # a number cell lost two zeros
    assert read_id_number(12345678) == "012345678"  # a CMND lost one
    for cell, code in (("0011800123", "id_length"), ("12345X789", "id_digits")):
        with pytest.raises(CellError) as error:
            read_id_number(cell)
        assert error.value.code == code


def test_sex():
    assert [read_sex(x) for x in ("Nam", "Nữ", "nu", "", "M")] == ["M", "F", "F", "", "M"]


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from([".", ",", " "]))
def test_any_amount_survives_its_thousand_separators(amount, mark):
    assert read_money(f"{amount:,}".replace(",", mark)) == amount


@given(st.dates(min_value=D(1900, 3, 1), max_value=D(2199, 12, 31)))
def test_any_date_survives_its_spellings(day):
    serial = (day - D(1899, 12, 30)).days
    spellings = [f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}", day.isoformat(), serial]
    assert {read_date(s) for s in spellings} == {day}
