"""Entrustment fees and commissions: worked examples checked by hand, then properties."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.fees import (
    DEFAULT_BANDS,
    DEFAULT_SHARES,
    BalanceBase,
    Collection,
    FeeRuleError,
    commission,
    entrustment_fee,
    month_end,
    month_start,
    overdue_ratio,
    quality_factor,
    split,
)

RATE = Decimal("0.032")  # % per month of the balance on which interest was collected


def test_the_brief_worked_example_a_billion_at_two_and_a_half_percent_overdue():
    """1,000,000,000 × 0.032 % = 320,000; 25,000,000 overdue of 1,000,000,000 is 2.5 %, in the
    2–3 % band: 80 % of 320,000 = 256,000. Split 84 / 9 / 4.5 / 2.5 %: 215,040 + 23,040 +
    11,520 + 6,400 = 256,000."""
    factor = quality_factor(25_000_000, 1_000_000_000)
    assert overdue_ratio(25_000_000, 1_000_000_000) == Decimal("2.5000")
    assert factor == 80
    fee = entrustment_fee([BalanceBase(1_000_000_000, 0, RATE, Decimal(0))], factor)
    assert fee == 256_000
    assert split(fee) == (
        ("ward", 215_040),
        ("district", 23_040),
        ("province", 11_520),
        ("central", 6_400),
    )


@pytest.mark.parametrize(
    ("overdue", "factor"),
    [
        (0, 100),
        (19_999_999, 100),  # 1.9999999 %
        (20_000_000, 80),  # exactly 2 %: the 2 % band
        (29_999_999, 80),
        (30_000_000, 50),
        (39_999_999, 50),
        (40_000_000, 0),
        (1_000_000_000, 0),
    ],
)
def test_band_boundaries_belong_to_the_band_that_starts_there(overdue, factor):
    assert quality_factor(overdue, 1_000_000_000) == factor


def test_a_ratio_just_under_a_boundary_is_shown_cut_not_rounded_up():
    # 19,999,999 / 1,000,000,000 = 1.9999999 %: shown 1.9999 %, never 2.0000 %.
    assert overdue_ratio(19_999_999, 1_000_000_000) == Decimal("1.9999")


def test_an_organisation_with_no_outstanding_has_no_overdue_ratio():
    assert overdue_ratio(0, 0) == 0
    assert quality_factor(0, 0) == 100


def test_bands_are_data_a_new_decision_can_change():
    bands = [(Decimal(0), Decimal(100)), (Decimal("1.5"), Decimal(60))]
    assert quality_factor(15, 1_000, bands) == 60
    assert quality_factor(14, 1_000, bands) == 100


@pytest.mark.parametrize(
    "bands",
    [
        [],
        [(Decimal(1), Decimal(100))],
        [(Decimal(0), Decimal(100)), (Decimal(2), Decimal(80)), (Decimal(2), Decimal(50))],
        [(Decimal(0), Decimal(120))],
        [(0.0, Decimal(100))],
    ],
)
def test_bad_bands_are_refused(bands):
    with pytest.raises(FeeRuleError) as caught:
        quality_factor(0, 100, bands)
    assert caught.value.code == "bad_bands"


def test_a_fee_on_interest_collected_and_several_programmes_is_rounded_once():
    """Two programmes: 333,333 × 0.032 % = 106.66656 and 333,333 × 0.032 % again; plus a rate
    of 1.5 % on 10,001 đ of interest = 150.015. Exact sum 363.34812 × 50 % = 181.67406 → 182.
    Rounded per part it would be 53 + 53 + 75 = 181."""
    bases = [
        BalanceBase(333_333, 0, RATE, Decimal(0)),
        BalanceBase(333_333, 0, RATE, Decimal(0)),
        BalanceBase(0, 10_001, Decimal(0), Decimal("1.5")),
    ]
    assert entrustment_fee(bases, Decimal(50)) == 182


def test_a_half_dong_rounds_up():
    # 15,625 × 0.032 % = 5.0; × 10 % = 0.5 → 1
    assert entrustment_fee([BalanceBase(15_625, 0, RATE, Decimal(0))], Decimal(10)) == 1


def test_commission_on_interest_and_savings():
    """6,869,500 đ interest × 8 % = 549,560; 2,000,000 đ savings × 0.5 % = 10,000."""
    rows = [Collection(6_869_500, 2_000_000, Decimal(8), Decimal("0.5"))]
    assert commission(rows) == 559_560
    assert commission([Collection(6_869_500, 0, Decimal(8), Decimal(0))]) == 549_560
    assert commission([]) == 0


def test_the_split_gives_leftover_dong_to_the_largest_remainders():
    # 1 đ: the commune's 0.84 is the largest remainder.
    assert split(1) == (("ward", 1), ("district", 0), ("province", 0), ("central", 0))
    # 7 đ: exact 5.88 / 0.63 / 0.315 / 0.175 → 5 + 0 + 0 + 0, two left: 0.88 and 0.63 win.
    assert split(7) == (("ward", 6), ("district", 1), ("province", 0), ("central", 0))
    assert split(0) == (("ward", 0), ("district", 0), ("province", 0), ("central", 0))


def test_the_district_share_is_data_after_2025():
    shares = [("ward", Decimal("88.5")), ("province", Decimal("9")), ("central", Decimal("2.5"))]
    assert split(256_000, shares) == (("ward", 226_560), ("province", 23_040), ("central", 6_400))


@pytest.mark.parametrize(
    "shares",
    [
        [],
        [("ward", Decimal(84)), ("district", Decimal(9))],
        [("ward", Decimal(50)), ("ward", Decimal(50))],
        [("ward", Decimal(110)), ("district", Decimal(-10))],
    ],
)
def test_shares_must_sum_to_a_hundred(shares):
    with pytest.raises(FeeRuleError) as caught:
        split(100, shares)
    assert caught.value.code == "bad_shares"


@pytest.mark.parametrize("amount", [1.0, -1, True, Decimal(5)])
def test_amounts_are_whole_dong_never_floats_or_negative(amount):
    with pytest.raises(FeeRuleError) as caught:
        entrustment_fee([BalanceBase(amount, 0, RATE, Decimal(0))], Decimal(100))
    assert caught.value.code == "bad_amount"


def test_rates_are_never_floats():
    with pytest.raises(FeeRuleError) as caught:
        entrustment_fee([BalanceBase(1_000, 0, 0.032, Decimal(0))], Decimal(100))
    assert caught.value.code == "bad_rate"
    with pytest.raises(FeeRuleError):
        entrustment_fee([], Decimal(101))


def test_overdue_above_outstanding_is_impossible():
    with pytest.raises(FeeRuleError):
        quality_factor(2, 1)


def test_months():
    assert month_start(datetime.date(2024, 2, 17)) == datetime.date(2024, 2, 1)
    assert month_end(datetime.date(2024, 2, 17)) == datetime.date(2024, 2, 29)
    assert month_end(datetime.date(2023, 12, 1)) == datetime.date(2023, 12, 31)


# ---------------------------------------------------------------------------- properties

AMOUNTS = st.integers(min_value=0, max_value=10**15)
PERCENTS = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False)


@st.composite
def shares(draw):
    """2–6 levels whose shares (three decimals) sum to exactly 100 %."""
    cuts = sorted(draw(st.lists(st.integers(0, 100_000), min_size=1, max_size=5)))
    points = [0, *cuts, 100_000]
    return [
        (f"level{i}", Decimal(b - a) / 1000)
        for i, (a, b) in enumerate(zip(points, points[1:], strict=False))
    ]


@given(AMOUNTS, shares())
def test_split_parts_sum_exactly_and_stay_within_a_dong_of_their_share(amount, rows):
    parts = split(amount, rows)
    assert sum(part for _, part in parts) == amount
    assert [level for level, _ in parts] == [level for level, _ in rows]
    for (_, part), (_, share) in zip(parts, rows, strict=True):
        exact = Fraction(amount) * Fraction(share) / 100
        assert 0 <= part and abs(part - exact) < 1


@given(AMOUNTS)
def test_the_default_split_sums_to_the_fee(amount):
    assert sum(part for _, part in split(amount, DEFAULT_SHARES)) == amount


@given(st.integers(0, 10**14), st.integers(0, 10**14))
def test_the_factor_never_rises_as_overdue_grows(a, b):
    outstanding = 10**14
    low, high = sorted((a, b))
    assert quality_factor(high, outstanding) <= quality_factor(low, outstanding)
    assert quality_factor(low, outstanding) in {band.factor for band in DEFAULT_BANDS}


@given(st.integers(0, 10**15), st.integers(0, 10**15))
def test_the_factor_agrees_with_the_ratio_shown(overdue, extra):
    outstanding = overdue + extra
    ratio = overdue_ratio(overdue, outstanding)
    expected = [b.factor for b in DEFAULT_BANDS if ratio >= b.ratio_from][-1]
    assert quality_factor(overdue, outstanding) == expected


@given(AMOUNTS, AMOUNTS, PERCENTS, PERCENTS)
def test_the_fee_is_the_exact_fee_rounded_half_up(balance, interest, rate, factor):
    fee = entrustment_fee([BalanceBase(balance, interest, rate, Decimal(1))], factor)
    exact = (Fraction(balance) * Fraction(rate) + Fraction(interest)) / 100 * Fraction(factor) / 100
    assert abs(fee - exact) <= Fraction(1, 2)
    assert fee >= 0


@given(AMOUNTS, PERCENTS)
def test_a_full_factor_never_pays_less_than_a_reduced_one(balance, factor):
    base = [BalanceBase(balance, 0, RATE, Decimal(0))]
    assert entrustment_fee(base, factor) <= entrustment_fee(base, Decimal(100))


@given(AMOUNTS, AMOUNTS, PERCENTS, PERCENTS)
def test_commission_is_the_exact_commission_rounded_half_up(interest, savings, r1, r2):
    paid = commission([Collection(interest, savings, r1, r2)])
    exact = (Fraction(interest) * Fraction(r1) + Fraction(savings) * Fraction(r2)) / 100
    assert abs(paid - exact) <= Fraction(1, 2)
