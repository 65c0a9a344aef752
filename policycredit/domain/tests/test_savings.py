"""The savings rules without a database."""

import datetime

import pytest

from policycredit.domain import savings as rules

D = datetime.date


def test_a_reversal_does_the_opposite_of_what_it_undoes():
    assert rules.signed("deposit", 50_000) == 50_000
    assert rules.signed("withdrawal", 80_000) == -80_000
    assert rules.signed("reversal", 50_000, "deposit") == -50_000
    assert rules.signed("reversal", 80_000, "withdrawal") == 80_000
    with pytest.raises(ValueError):
        rules.signed("reversal", 1, "reversal")


def test_what_may_leave_is_bounded_by_the_lowest_later_day():
    movements = [(D(2024, 1, 10), 100_000), (D(2024, 2, 20), -60_000), (D(2024, 3, 1), 5_000)]
    assert rules.balance(movements, D(2024, 1, 15)) == 100_000
    assert rules.available(movements, D(2024, 1, 15)) == (40_000, D(2024, 2, 20))
    assert rules.available(movements, D(2024, 3, 1)) == (45_000, D(2024, 3, 1))
    assert rules.available(movements, D(2024, 1, 1)) == (0, D(2024, 1, 1))


def test_only_the_end_of_day_balance_counts():
    """Paid in and out on the same day, in whichever order the rows were keyed."""
    movements = [(D(2024, 1, 10), -30_000), (D(2024, 1, 10), 50_000)]
    assert rules.available(movements, D(2024, 1, 5)) == (0, D(2024, 1, 5))
    assert rules.available(movements, D(2024, 1, 10)) == (20_000, D(2024, 1, 10))


@pytest.mark.parametrize(
    ("amount", "ok"),
    [(1, True), (50_000, True), (0, False), (-1, False), (1.0, False), (True, False)],
)
def test_amounts_are_positive_whole_dong(amount, ok):
    assert rules.is_whole_dong(amount) is ok
