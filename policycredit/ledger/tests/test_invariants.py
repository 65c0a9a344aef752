"""Any sequence of loan events, valid or refused, keeps every invariant of the books."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_event
from hypothesis import strategies as st

from policycredit.accounts.tests.four_eyes import decided
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment as Planned
from policycredit.ledger.checks import check_books
from policycredit.loans import services
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import loan_state

pytestmark = pytest.mark.django_db
D = datetime.date
START = D(2024, 3, 15)

fraction = st.integers(min_value=0, max_value=4).map(lambda n: n / 4)
loan_event = st.one_of(
    st.tuples(st.just("pay"), st.integers(1, 120), fraction, fraction),
    st.tuples(st.just("time"), st.integers(1, 200)),
    st.tuples(st.just("freeze"), st.integers(1, 60)),
    st.tuples(st.just("unfreeze"), st.integers(1, 200)),
    st.tuples(st.just("write_off"), st.integers(1, 60), fraction),
    st.tuples(st.just("reverse"), st.integers(0, 30)),
)


def _run(loan, step, day, actors):
    teller, director = actors
    kind = step[0]
    loan = Loan.objects.get(pk=loan.pk)
    state = loan_state(loan, day)
    if kind == "pay":
        interest = int(state.interest_due * step[2])
        principal = int((state.principal_outstanding - state.principal_frozen) * step[3])
        services.repay(actor=teller, loan=loan, on=day, principal=principal, interest=interest)
    elif kind == "time":
        services.refresh_states([loan], as_of=day, actor=director)
    elif kind == "freeze":
        decided(services.freeze, loan=loan, on=day, loss_percent=55, months=12, decision="QĐ")
    elif kind == "unfreeze":
        plan = [Planned(day + datetime.timedelta(days=30), state.principal_frozen)]
        decided(services.unfreeze, loan=loan, on=day, instalments=plan, reason="QĐ")
    elif kind == "write_off":
        principal = int(state.principal_outstanding * step[2])
        decided(
            services.write_off, loan=loan, on=day, principal=principal, interest=0, decision="QĐ"
        )
    elif kind == "reverse":
        last = (
            LoanTransaction.objects.filter(loan=loan, reversed_by__isnull=True)
            .exclude(kind__in=[K.REVERSAL, K.DISBURSEMENT])
            .order_by("-id")
            .first()
        )
        # The district has one controller and one director, and nobody approves undoing his
        # own act (accounts.policy): the director's own unfreeze has nobody left to approve it.
        if last is not None and last.actor_id != director.pk:
            decided(
                services.reverse,
                proposer="kiemsoat",
                transaction_to_reverse=last,
                reason="sai",
                on=day,
            )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(loan_event, min_size=1, max_size=7))
def test_any_sequence_of_loan_events_keeps_the_books_right(
    events, approved_job_loan, district, teller, director
):
    with transaction.atomic():
        with replaying(START):
            loan = services.disburse(
                actor=teller, application=approved_job_loan, source=district, on=START
            )
        day = START
        for step in events:
            day = day + datetime.timedelta(days=step[1])
            with replaying(day):
                try:
                    with transaction.atomic():
                        _run(loan, step, day, (teller, director))
                    note_event(f"{step[0]} posted")
                except ValidationError:
                    # A refused event leaves nothing behind: the check below proves it.
                    note_event(f"{step[0]} refused")
                report = check_books()
                assert report.ok, report.differences
        transaction.set_rollback(True)
