"""Two tellers post to one loan at the same moment: both repayments count, none is lost.

Runs on PostgreSQL only (SQLite serialises writers for the whole database, which proves
nothing): each thread has its own connection and the loan's row lock makes the second wait.
"""

import datetime
import threading

import pytest
from django.db import connection, connections

from policycredit.accounts.tests.four_eyes import step_taker
from policycredit.domain.loan import Instalment as Planned
from policycredit.loans import services
from policycredit.loans.models import Loan

D = datetime.date

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_two_tellers_posting_at_once_lose_no_update(teller, monkeypatch):
    from policycredit.accounts.models import User
    from policycredit.capital.models import CapitalSource
    from policycredit.loans.services import advance_application, submit_application
    from policycredit.loans.tests.conftest import household_with_status
    from policycredit.programmes.models import Programme

    household = household_with_status("poor", 2024)
    officer = User.objects.get(username="tindung")
    application = submit_application(
        actor=officer,
        household=household,
        borrower=household.head,
        programme=Programme.objects.get(code="HN"),
        group=household.memberships.get(left__isnull=True).group,
        amount=50_000_000,
        term_months=24,
        purpose="x",
        applied_on=D(2024, 3, 1),
    )
    for step in ["reviewed", "appraised", "confirmed", "approved"]:
        advance_application(
            actor=step_taker(step), application=application, to=step, on=D(2024, 3, 5)
        )
    loan = services.disburse(
        actor=teller,
        application=application,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
        instalments=[Planned(D(2026, 3, 15), 50_000_000)],
    )
    # Each posting reads the loan's log slowly, so the two surely overlap: without the row
    # lock both would derive the state from a log missing the other's entry.
    import time

    from policycredit.loans.services import state as loan_state

    slow = loan_state.history_of

    def slow_history(*args, **kwargs):
        time.sleep(0.3)
        return slow(*args, **kwargs)

    monkeypatch.setattr(loan_state, "history_of", slow_history)
    start = threading.Barrier(2)
    errors = []

    def post(amount):
        try:
            start.wait()
            services.repay(
                actor=teller, loan=Loan.objects.get(pk=loan.pk), on=D(2024, 4, 20), principal=amount
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(a,)) for a in (1_000_000, 2_000_000)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    loan.refresh_from_db()
    assert loan.principal_repaid_total == 3_000_000
    assert loan.principal_outstanding == 47_000_000
    assert loan.transactions.filter(kind="repayment").count() == 2
