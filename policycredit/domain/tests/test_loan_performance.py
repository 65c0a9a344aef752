"""A sheet of 1,000 borrowers must be computed in well under a second (closed form, no day loop)."""

import datetime
import time
from decimal import Decimal

from policycredit.domain.dates import add_months
from policycredit.domain.loan import Disbursement, LoanHistory, Payment, Terms, state_at
from policycredit.domain.schedule import equal_instalments


def two_years_of_monthly_collection(index: int) -> tuple[LoanHistory, datetime.date]:
    """A 10-year poor-household loan, half-yearly instalments, interest collected monthly."""
    first = datetime.date(2022, 1, 1) + datetime.timedelta(days=index % 300)
    amount = 30_000_000 + index * 10_000
    history = LoanHistory(
        terms=Terms(Decimal("0.55")),
        disbursements=(Disbursement(first, amount),),
        instalments=equal_instalments(amount, add_months(first, 6), 20, months_between=6),
    )
    payments = []
    for month in range(1, 25):
        day = add_months(first, month)
        state = state_at(history, day)
        principal = state.next_due.principal if state.next_due.due == day else 0
        payments.append(Payment(day, interest=state.interest_due, principal=principal))
        history = LoanHistory(
            history.terms, history.disbursements, history.instalments, (*payments,)
        )
    return history, add_months(first, 24) + datetime.timedelta(days=10)


def test_a_sheet_of_a_thousand_loans_in_under_a_second():
    sample = [two_years_of_monthly_collection(index) for index in range(25)]
    sheet = sample * 40
    started = time.perf_counter()
    states = [state_at(history, as_of) for history, as_of in sheet]
    elapsed = time.perf_counter() - started
    assert all(state.principal_overdue == 0 for state in states)
    assert elapsed < 1.0, f"1,000 loans took {elapsed:.2f} s"
