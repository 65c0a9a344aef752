"""The demo's credit plans share each plan line out to wards and organisations without ever
going past it: the apportionment on hand-checked and awkward inputs."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from policycredit.demo.creditplans import MILLION, apportion

M = MILLION


def test_ten_million_shared_one_two_one_gives_the_odd_remainder_to_the_largest():
    # 10 × 1/4 = 2.5, 10 × 2/4 = 5, 10 × 1/4 = 2.5: one million left, tied, goes to "a".
    assert apportion(10 * M, {"a": 1, "b": 2, "c": 1}) == {"a": 3 * M, "b": 5 * M, "c": 2 * M}


def test_a_line_not_in_whole_millions_shares_only_its_whole_millions():
    # 2.893.999.999 đ shares 2.893 millions: 1.446,5 each, the tie to the first.
    shares = apportion(2_893_999_999, {"x": 5, "y": 5})
    assert shares == {"x": 1_447 * M, "y": 1_446 * M}


def test_a_negative_growth_is_shared_out_negative():
    assert apportion(-7 * M, {"a": 3, "b": 1}) == {"a": -5 * M, "b": -2 * M}


def test_a_part_with_no_lending_gets_nothing_and_no_weight_at_all_nothing_is_shared():
    assert apportion(9 * M, {"a": 0, "b": 4}) == {"a": 0, "b": 9 * M}
    assert apportion(9 * M, {"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert apportion(0, {"a": 1}) == {"a": 0}


def test_the_part_no_target_stands_for_keeps_its_share_unallocated():
    shares = apportion(12 * M, {None: 1, 1: 1, 2: 1})
    assert shares[1] + shares[2] == 8 * M


weights = st.dictionaries(st.integers(0, 40), st.integers(0, 10**13), min_size=1, max_size=30)
amounts = st.integers(-(10**13), 10**13)


@given(amounts, weights)
def test_shares_never_go_past_the_line_nor_against_its_way(amount, weights):
    shares = apportion(amount, weights)
    assert set(shares) == set(weights)
    assert all(share % M == 0 for share in shares.values())
    if amount >= 0:
        assert all(share >= 0 for share in shares.values())
        assert sum(shares.values()) <= amount
    else:
        assert all(share <= 0 for share in shares.values())
        assert sum(shares.values()) >= amount
    assert all(shares[k] == 0 for k, w in weights.items() if w == 0)


@given(amounts, weights)
def test_shares_add_up_to_the_whole_millions_when_anyone_lent(amount, weights):
    shares = apportion(amount, weights)
    if any(weights.values()):
        assert abs(sum(shares.values())) == abs(amount) // M * M


@given(st.integers(0, 10**12), weights)
def test_each_share_is_within_a_million_of_its_exact_proportion(amount, weights):
    shares = apportion(amount, weights)
    whole = sum(weights.values())
    millions = amount // M
    for key, weight in weights.items():
        if whole:
            exact = Fraction(millions * weight, whole)
            assert exact - 1 < Fraction(shares[key], M) < exact + 1
