"""Property: whatever a loan lives through, the stored loan and the books stay the engine's.

Hypothesis draws a few loans and a sequence of acts, each on its own business date: repayments
of any shape, freezes, unfreezes with a new schedule, extensions, term adjustments, write-offs
of principal and interest, reversals of any of those, with the days between them closed (across
month ends, so the month-end proof runs too). An act the rules refuse must leave nothing
written. After every act and every run of closes, ``ledger check --deep`` holds, and at the end
``policycredit calc --loan N --as-of D`` says what each loan row says.
"""

import datetime
import io
import json
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycredit.accounts.tests.four_eyes import decided
from policycredit.closing import services as closing
from policycredit.common.selectors import business_date, replaying
from policycredit.domain.loan import Instalment
from policycredit.ledger.checks import check_books
from policycredit.loans import services
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.proof import deep_check
from policycredit.loans.selectors import loan_state

from .conftest import loan_request

pytestmark = pytest.mark.django_db
D = datetime.date
START = D(2025, 1, 10)
DAY = datetime.timedelta(days=1)

ACTS = ["repay", "freeze", "unfreeze", "extend", "adjust", "write_off", "reverse"]
act = st.tuples(
    st.integers(1, 40),  # days after the previous act
    st.sampled_from(ACTS),
    st.integers(0, 2),  # which loan
    st.integers(1, 100),  # a share in %, of what the act moves
    st.integers(1, 60),  # days ahead, for a new due date
)


class _Rollback(Exception):
    pass


def _portfolio(count):
    from policycredit.accounts.models import User
    from policycredit.capital.models import CapitalSource
    from policycredit.network.models import Membership
    from policycredit.programmes.models import Programme

    users = [User.objects.get(username=u) for u in ("tindung", "giamdoc", "giaodich")]
    programme = Programme.objects.get(code="GQVL")
    source = CapitalSource.objects.get(code="NS-HBT")
    members = Membership.objects.filter(left__isnull=True, household__head__isnull=False)
    requests = []
    for n, member in enumerate(members.select_related("household__head", "group")[:count]):
        amount = (n + 2) * 10_000_000
        plan = (
            Instalment(START + datetime.timedelta(days=25 + 17 * n), amount // 4),
            Instalment(D(2025, 6, 10), amount // 4),
            Instalment(D(2026, 1, 10), amount - 2 * (amount // 4)),
        )
        requests.append(loan_request(member, programme, source, amount, plan))
    with replaying(START):
        return services.originate_many(
            actor=users[0], approver=users[1], disburser=users[2], requests=requests
        )


def _do(kind, loan, share, ahead, actor):
    today = business_date()
    state = loan_state(loan, today)
    if kind == "repay":
        principal = state.principal_outstanding * share // 100
        interest = state.interest_due * (100 - share) // 100
        services.repay(actor=actor, loan=loan, on=today, principal=principal, interest=interest)
    elif kind == "freeze":
        amount = max(1, (state.principal_in_term + state.principal_overdue) * share // 100)
        decided(
            services.freeze,
            loan=loan,
            on=today,
            loss_percent=60,
            months=24,
            decision="QĐ",
            amount=amount,
        )
    elif kind == "unfreeze":
        plan = [Instalment(today + datetime.timedelta(days=ahead), state.principal_frozen)]
        decided(services.unfreeze, loan=loan, on=today, instalments=plan, reason="QĐ")
    elif kind == "extend":
        due = loan.next_due
        if due is None:
            return
        decided(
            services.extend,
            loan=loan,
            due=due,
            new_due=due + datetime.timedelta(days=ahead),
            on=today,
            reason="Gia hạn",
        )
    elif kind == "adjust":
        owed = state.principal_in_term + state.principal_overdue
        first = owed * share // 100
        plan = [
            Instalment(today + datetime.timedelta(days=ahead), first),
            Instalment(today + datetime.timedelta(days=ahead + 90), owed - first),
        ]
        decided(
            services.adjust_terms,
            loan=loan,
            on=today,
            instalments=[i for i in plan if i.principal],
            reason="Điều chỉnh",
        )
    elif kind == "write_off":
        decided(
            services.write_off,
            loan=loan,
            on=today,
            principal=state.principal_outstanding * share // 200,
            interest=state.interest_due * share // 100,
            decision="QĐ xóa nợ",
        )
    else:
        last = (
            LoanTransaction.objects.filter(loan=loan, reversed_by__isnull=True)
            .exclude(kind__in=[K.REVERSAL, K.DISBURSEMENT])
            .order_by("-id")
            .first()
        )
        if last is not None:
            decided(
                services.reverse, proposer="kiemsoat", transaction_to_reverse=last, reason="Sai"
            )


def _proved():
    report = deep_check()
    assert report.ok, [str(d) for d in report.differences[:5]]
    assert check_books().ok


# `make test` runs the suite twice (SQLite, then PostgreSQL), each on both cores
# (pytest-xdist names the worker): six histories a run there, twelve in all with fresh draws
# each time; twelve when this file is run alone. Each history is a few seconds of closes.
EXAMPLES = 6 if os.environ.get("PYTEST_XDIST_WORKER") else 12


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(acts=st.lists(act, min_size=3, max_size=7))
def test_every_act_through_the_close_keeps_the_loans_and_the_books_the_engines(db, acts):
    from policycredit.accounts.models import User

    # The teller takes the money; the other acts are proposed and approved (`decided`).
    teller = User.objects.get(username="giaodich")
    try:
        with transaction.atomic():
            loans = _portfolio(3)
            closing.start_at(day=START)
            closing.close_day()
            for gap, kind, which, share, ahead in acts:
                closing.close_until(until=business_date() + datetime.timedelta(days=gap - 1))
                _proved()
                loan = Loan.objects.get(pk=loans[which].pk)
                written = LoanTransaction.objects.count()
                try:
                    with transaction.atomic():
                        _do(kind, loan, share, ahead, teller)
                except ValidationError:
                    # Refused: nothing half-written.
                    assert LoanTransaction.objects.count() == written
                _proved()
            closing.close_until(until=business_date() + datetime.timedelta(days=35))
            _proved()
            today = business_date()
            for loan in Loan.objects.all():
                out = io.StringIO()
                call_command("calc", loan=loan.number, as_of=today.isoformat(), stdout=out)
                calc = json.loads(out.getvalue())
                assert calc["principal_outstanding"] == loan.principal_outstanding
                assert calc["principal_overdue"] == loan.principal_overdue
                assert calc["principal_frozen"] == loan.principal_frozen
                assert calc["interest_paid_total"] == loan.interest_paid_total
                since = loan.overdue_since.isoformat() if loan.overdue_since else None
                assert calc["overdue_since"] == since
            raise _Rollback
    except _Rollback:
        pass
