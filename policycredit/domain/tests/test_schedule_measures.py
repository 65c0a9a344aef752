"""Extension of the whole loan and the ceiling on extensions, with hand-checked dates."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.dates import add_months
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.history import Instalment
from policycredit.domain.schedule import (
    extend_whole,
    extension_ceiling,
    maturity,
    total,
    within_ceiling,
)

D = datetime.date


def test_a_whole_loan_extension_moves_every_instalment_from_its_date_on():
    """Asked on 01/02/2025 for two months: the January instalment has fallen due and stays;
    31/03 moves to 31/05 and 31/05 to 31/07, each on the same day of the month."""
    plan = [
        Instalment(D(2025, 1, 15), 10_000_000),
        Instalment(D(2025, 3, 31), 10_000_000),
        Instalment(D(2025, 5, 31), 30_000_000),
    ]
    assert extend_whole(plan, D(2025, 2, 1), 2) == (
        Instalment(D(2025, 1, 15), 10_000_000),
        Instalment(D(2025, 5, 31), 10_000_000),
        Instalment(D(2025, 7, 31), 30_000_000),
    )


def test_an_instalment_due_on_the_day_asked_still_moves():
    # Unpaid at the end of its day it would be overdue: asked on the day, it is not yet.
    plan = [Instalment(D(2025, 3, 15), 25_000_000), Instalment(D(2026, 3, 15), 25_000_000)]
    assert extend_whole(plan, D(2025, 3, 15), 6) == (
        Instalment(D(2025, 9, 15), 25_000_000),
        Instalment(D(2026, 9, 15), 25_000_000),
    )


def test_month_ends_are_clamped_and_instalments_meeting_on_a_date_merge():
    """30/01 and 31/01 both move to 28/02/2025 (no 29th, 30th or 31st that month)."""
    plan = [Instalment(D(2025, 1, 30), 1_000_000), Instalment(D(2025, 1, 31), 2_000_000)]
    assert extend_whole(plan, D(2025, 1, 1), 1) == (Instalment(D(2025, 2, 28), 3_000_000),)


@pytest.mark.parametrize("months", [0, -1, True, 1.5])
def test_an_extension_moves_by_whole_months_of_one_or_more(months):
    with pytest.raises(LoanRuleError) as error:
        extend_whole([Instalment(D(2025, 3, 15), 1)], D(2025, 1, 1), months)
    assert error.value.code == LoanRuleError.BAD_SCHEDULE


def test_nothing_left_to_fall_due_is_nothing_to_extend():
    with pytest.raises(LoanRuleError) as error:
        extend_whole([Instalment(D(2025, 3, 15), 1)], D(2025, 3, 16), 3)
    assert error.value.code == LoanRuleError.NO_SUCH_INSTALMENT


@pytest.mark.parametrize(
    ("term", "ceiling"),
    [
        (6, 6),  # short-term: as long as its term
        (12, 12),  # 12 months is still short-term
        (13, 6),  # medium-term: half of 13 months, rounded down
        (24, 12),
        (36, 18),
        (120, 60),
    ],
)
def test_the_ceiling_is_a_share_of_the_original_term(term, ceiling):
    assert extension_ceiling(term, 100, 50) == ceiling


def test_the_ceiling_counts_calendar_months_from_the_original_maturity():
    """Original maturity 31/08/2025, six months allowed: up to 28/02/2026, not a day more."""
    assert within_ceiling(D(2025, 8, 31), D(2026, 2, 28), 6)
    assert not within_ceiling(D(2025, 8, 31), D(2026, 3, 1), 6)
    assert within_ceiling(D(2025, 8, 31), D(2025, 8, 31), 0)


def test_maturity_is_the_last_due_date():
    assert maturity([Instalment(D(2026, 3, 15), 1), Instalment(D(2025, 3, 15), 1)]) == D(
        2026, 3, 15
    )
    assert maturity([]) is None


_days = st.integers(min_value=0, max_value=3000).map(
    lambda n: D(2024, 1, 1) + datetime.timedelta(days=n)
)
_plans = st.lists(
    st.builds(Instalment, _days, st.integers(min_value=1, max_value=10**9)), min_size=1
)


@given(plan=_plans, on=_days, months=st.integers(min_value=1, max_value=60))
def test_a_whole_loan_extension_keeps_the_principal_and_what_fell_due(plan, on, months):
    if not any(i.due >= on for i in plan):
        with pytest.raises(LoanRuleError):
            extend_whole(plan, on, months)
        return
    moved = extend_whole(plan, on, months)
    assert total(moved) == total(plan)
    before = sum(i.principal for i in plan if i.due < on)
    assert sum(i.principal for i in moved if i.due < on) == before
    # Each moved instalment lands on its own date moved by the months asked, nothing else.
    targets = {add_months(i.due, months) for i in plan if i.due >= on}
    assert {i.due for i in moved if i.due >= on} - {i.due for i in plan if i.due < on} <= targets
    assert maturity(moved) == add_months(maturity(plan), months)
