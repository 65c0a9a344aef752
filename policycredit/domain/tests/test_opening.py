"""A loan opened at a position: the history `domain.opening` builds replays to exactly that
position, and the row it derives without replaying is the engine's row.

Worked example, checked by hand: on 31/10/2026 the bank has 30,000,000 in term (due
30/06/2027), 10,000,000 overdue and 5,000,000 frozen. The loan is opened on 30/10 with
45,000,000 disbursed; on 31/10 it is frozen (frozen outranks overdue), overdue since 31/10,
one day past due: debt group 1 under thresholds of 10, 90, 180 and 360 days; on 09/11 it is
ten days past due, group 2.
"""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from policycredit.domain.engine import state_at
from policycredit.domain.history import Terms
from policycredit.domain.loanrow import row_of
from policycredit.domain.opening import Position, history, row

D = datetime.date
THRESHOLDS = (10, 90, 180, 360)
TERMS = Terms(Decimal("0.66"))


def test_worked_example():
    position = Position(D(2026, 10, 31), 30_000_000, 10_000_000, 5_000_000, D(2027, 6, 30))
    assert row(position, THRESHOLDS) == ("frozen", D(2026, 10, 31), 1)
    state = state_at(history(position, TERMS), D(2026, 10, 31))
    assert (state.principal_in_term, state.principal_overdue, state.principal_frozen) == (
        30_000_000,
        10_000_000,
        5_000_000,
    )
    later = state_at(history(position, TERMS), D(2026, 11, 9))
    assert row_of(later, (), THRESHOLDS)["debt_group"] == 2


amounts = st.integers(min_value=0, max_value=5_000_000_000)


@st.composite
def positions(draw):
    as_of = draw(st.dates(D(2000, 1, 2), D(2040, 12, 31)))
    in_term, overdue, frozen = draw(amounts), draw(amounts), draw(amounts)
    if in_term + overdue + frozen == 0:
        in_term = 1
    due = as_of + datetime.timedelta(days=draw(st.integers(0, 3000)))
    interest = draw(st.tuples(st.integers(0, 10**8), st.integers(0, 10**8)))
    return Position(as_of, in_term, overdue, frozen, due if in_term else None, *interest)


@settings(max_examples=300, deadline=None)
@given(positions(), st.sampled_from([Decimal("0"), Decimal("0.55"), Decimal("0.9")]))
def test_history_replays_to_the_position_and_its_row(position, rate):
    state = state_at(history(position, Terms(rate)), position.as_of)
    assert state.principal_in_term == position.in_term
    assert state.principal_overdue == position.overdue
    assert state.principal_frozen == position.frozen
    assert state.interest_due == position.interest_in_term + position.interest_overdue
    derived = row_of(state, (), THRESHOLDS)
    status, overdue_since, group = row(position, THRESHOLDS)
    assert (derived["status"], derived["overdue_since"], derived["debt_group"]) == (
        status,
        overdue_since,
        group,
    )
