"""The engine works in closed form: its result for a loan does not depend on how the period is
cut, and two years of monthly collection leave nothing overdue. (Its speed is printed by
`policycredit bench engine`, not timed here.)"""

from policycredit.demo.bench.engine import sheet
from policycredit.domain.loan import state_at


def test_a_sheet_of_borrowers_who_paid_every_month_owes_nothing_overdue():
    states = [state_at(history, as_of) for history, as_of in sheet(100)]
    assert all(state.principal_overdue == 0 for state in states)
    assert all(state.interest_due > 0 for state in states)  # ten days since the last payment
