"""The interest's use split to the đồng: worked examples and the parts always summing to the
whole (the split is the domain's, `domain.fees.split`, with the budget's shares)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from policycredit.budgets.defaults import SHARES
from policycredit.domain.fees import split


def test_the_example_rule_splits_a_year_of_interest():
    assert dict(split(1_234_567, SHARES)) == {
        "capital": 370_370,
        "risk": 246_913,
        "management": 617_284,
    }


def test_a_đồng_left_over_goes_to_the_largest_remainder():
    assert dict(split(1, SHARES)) == {"capital": 0, "risk": 0, "management": 1}


@st.composite
def shares(draw):
    cuts = sorted(draw(st.lists(st.integers(0, 100_000), min_size=1, max_size=4)))
    points = [0, *cuts, 100_000]
    return [
        (f"use{i}", Decimal(b - a) / 1000)
        for i, (a, b) in enumerate(zip(points, points[1:], strict=False))
    ]


@given(st.integers(0, 10**13), shares())
def test_the_parts_sum_to_the_whole(amount, rule):
    parts = split(amount, rule)
    assert sum(part for _, part in parts) == amount
    for (_, share), (_, part) in zip(rule, parts, strict=True):
        assert abs(part - amount * share / 100) < 1
