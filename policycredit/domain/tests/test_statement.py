"""A member's interest handed to the leader, split over his loans for the teller's sheet."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.statement import split_interest


def test_a_sum_that_covers_every_due_gives_each_loan_its_due_and_no_more():
    # 137,500 đ due on a poor-household loan, 41,250 đ on a water loan; the member hands 200,000.
    assert split_interest(200_000, [137_500, 41_250]) == [137_500, 41_250]


def test_a_smaller_sum_is_shared_by_the_dues_to_the_dong():
    # 100,000 of 150,000 due (100,000 + 50,000): two thirds of each.
    assert split_interest(100_000, [100_000, 50_000]) == [66_667, 33_333]
    # 10 đ over three equal dues: 3.33 each, the earliest loan takes the odd đồng.
    assert split_interest(10, [5, 5, 5]) == [4, 3, 3]


def test_nothing_due_takes_nothing():
    assert split_interest(50_000, []) == []
    assert split_interest(0, [10_000, 0]) == [0, 0]


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        split_interest(-1, [10])


@given(
    st.integers(min_value=0, max_value=10**10),
    st.lists(st.integers(min_value=0, max_value=10**9), max_size=6),
)
def test_the_parts_add_up_and_never_pass_a_due(amount, dues):
    parts = split_interest(amount, dues)
    assert len(parts) == len(dues)
    assert all(0 <= p <= d for p, d in zip(parts, dues, strict=True))
    assert sum(parts) == min(amount, sum(dues))
