"""Exact interest arithmetic: integers over one denominator, rounded once, half up."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.accrual import DayRates, round_exact, shown
from policycredit.domain.loan import Terms
from policycredit.domain.money import round_half_up


@given(st.integers(0, 10**20), st.sampled_from([3_000, 36_500, 3_000_000]))
def test_round_exact_is_round_half_up_of_the_exact_quotient(numerator, denominator):
    exact = Fraction(numerator, denominator)
    floor, rest = divmod(exact.numerator, exact.denominator)
    expected = floor + (1 if 2 * rest >= exact.denominator else 0)
    assert round_exact(numerator, denominator) == expected
    if (exact * 2**60 * 5**60).denominator == 1:  # terminating: a Decimal holds it exactly
        assert expected == round_half_up(shown(numerator, denominator))


def test_round_exact_agrees_with_round_half_up_on_halves():
    assert round_exact(1_500, 3_000) == round_half_up(Decimal("0.5")) == 1
    assert round_exact(1_499, 3_000) == 0
    assert (
        round_exact(82_499_999_999, 300_000) == round_half_up(Decimal("274999.99999667")) == 275_000
    )


def test_shown_is_exact_when_the_quotient_terminates():
    assert shown(990_000_000, 3_000) == Decimal("330000")
    assert shown(1, 3_000) == Decimal("0.000333333333")


def test_rates_become_integers_over_one_denominator_per_loan():
    thirty = DayRates(Terms(Decimal("0.55")))
    # 0.55 and 0.715 scaled by 10^3 over 3,000 × 10^3.
    assert thirty.multiplier == {"in_term": 550, "overdue": 715}
    assert thirty.denominator == 3_000_000
    annual = DayRates(Terms(Decimal("0.55"), day_basis=365))
    assert annual.multiplier == {"in_term": 6_600, "overdue": 8_580}
    assert annual.denominator == 36_500_000
    # 50,000,000 for 36 days at 6.6 %/year on 365 days: 11,880,000,000 ÷ 36,500.
    assert annual.fraction(annual.numerator(50_000_000, 36, "in_term")) == Fraction(
        11_880_000_000, 36_500
    )


def test_a_rate_with_many_digits_stays_exact():
    rates = DayRates(Terms(Decimal("0.458333333333333333333333333333333333")))
    value = rates.fraction(rates.numerator(3_000, 1, "in_term"))
    assert value == Fraction(Decimal("0.458333333333333333333333333333333333"))
