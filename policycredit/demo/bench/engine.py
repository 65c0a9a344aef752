"""Benchmarks of the pure engine, printed by `policycredit bench engine` (never timed in tests)."""

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


def sheet(loans: int = 1000) -> list[tuple[LoanHistory, datetime.date]]:
    sample = [two_years_of_monthly_collection(index) for index in range(25)]
    return [sample[i % len(sample)] for i in range(loans)]


def engine(loans: int = 1000) -> dict:
    """Seconds to compute a collection sheet of `loans` borrowers (target: well under 1 s)."""
    rows = sheet(loans)
    started = time.perf_counter()
    for history, as_of in rows:
        state_at(history, as_of)
    return {"loans": loans, "events_per_loan": 25, "seconds": time.perf_counter() - started}
