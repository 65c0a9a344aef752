"""The allocation rule of a credit plan: worked examples with hand-checked figures, then
properties over any line and allocations."""

from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.credit_plan import Amounts, breaches, total, unallocated

M = 1_000_000


def test_two_wards_within_the_line_leave_the_rest_unallocated():
    line = Amounts(1_000 * M, 300 * M, 700 * M)
    wards = [Amounts(400 * M, 100 * M, 300 * M), Amounts(500 * M, 150 * M, 350 * M)]
    assert breaches(line, wards) == []
    assert unallocated(line, wards) == Amounts(100 * M, 50 * M, 50 * M)


def test_an_over_allocation_says_by_how_much():
    line = Amounts(1_000 * M, 300 * M, 700 * M)
    wards = [Amounts(400 * M, 100 * M, 300 * M), Amounts(700 * M, 150 * M, 350 * M)]
    assert breaches(line, wards) == [("lending", 100 * M)]


def test_a_shrinking_line_allows_shrinking_allocations_only():
    line = Amounts(0, 200 * M, -200 * M)
    assert breaches(line, [Amounts(0, 100 * M, -150 * M)]) == []
    assert breaches(line, [Amounts(0, 100 * M, -250 * M)]) == [("growth", 50 * M)]
    # A ward planned to grow against a line that shrinks: past it by the whole 10 million.
    assert breaches(line, [Amounts(0, 0, 10 * M)]) == [("growth", 10 * M)]


def test_no_growth_planned_allows_none():
    assert breaches(Amounts(5 * M, 0, 0), [Amounts(1 * M, 0, 1)]) == [("growth", 1)]


amounts = st.builds(
    Amounts,
    st.integers(0, 10**13),
    st.integers(0, 10**13),
    st.integers(-(10**13), 10**13),
)


@given(amounts, st.lists(amounts, max_size=6))
def test_lending_and_collection_breach_exactly_when_the_sum_exceeds_the_line(line, allocated):
    found = dict(breaches(line, allocated))
    summed = total(allocated)
    for measure in ("lending", "collection"):
        over = getattr(summed, measure) - getattr(line, measure)
        assert found.get(measure, 0) == max(0, over)


@given(amounts, st.lists(amounts, max_size=6))
def test_a_breakdown_without_breach_leaves_the_line_s_way(line, allocated):
    if breaches(line, allocated):
        return
    left = unallocated(line, allocated)
    assert left.lending >= 0 and left.collection >= 0
    assert left.growth * (1 if line.growth >= 0 else -1) >= 0


@given(amounts)
def test_splitting_a_line_in_two_keeps_to_it(line):
    way = -1 if line.growth < 0 else 1
    half = Amounts(line.lending // 2, line.collection // 2, way * (abs(line.growth) // 2))
    assert breaches(line, [half, line - half]) == []
