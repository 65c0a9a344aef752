"""Any sequence of deposits, withdrawals and reversals, posted or refused, keeps the savings and
the books in step: no member is ever below zero on any day, and the office's member_savings
account is minus the sum of its members' balances."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycredit.accounts.tests.four_eyes import approved as approved_by
from policycredit.common.selectors import business_date
from policycredit.domain import posting as p
from policycredit.domain import savings as rules
from policycredit.ledger.selectors import balance
from policycredit.savings import services
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import balance_of, group_totals

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 1, 1)

step = st.tuples(
    st.sampled_from(["deposit", "withdraw", "reverse"]),
    st.integers(0, 1),  # which member
    st.integers(1, 20).map(lambda n: n * 10_000),
    st.integers(0, 90),  # days after START: movements arrive out of date order
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_savings_never_go_below_zero_and_the_books_follow(steps, teller, controller, members):
    with transaction.atomic():
        office = members[0].office_id
        ledger_before = balance(office_id=office, kinds=[p.MEMBER_SAVINGS])
        expected = {m.pk: [] for m in members}  # the pure model of each member's movements
        for kind, which, amount, offset in steps:
            member, day = members[which], START + datetime.timedelta(days=offset)
            try:
                with transaction.atomic():
                    _apply(kind, member, amount, day, teller, controller, expected)
            except ValidationError:
                pass
            movements = expected[member.pk]
            assert all(rules.balance(movements, d) >= 0 for d, _ in movements)
        for m in members:
            for d in {d for d, _ in expected[m.pk]}:
                assert balance_of(m, as_of=d) == rules.balance(expected[m.pk], d)
        change = sum(balance_of(m) for m in members)
        ledger = balance(office_id=office, kinds=[p.MEMBER_SAVINGS])
        assert ledger - ledger_before == -change
        in_groups = group_totals(controller, business_date())
        assert -ledger == sum(t.balance for t in in_groups if t.group.office_id == office)
        transaction.set_rollback(True)


def _apply(kind, member, amount, day, teller, controller, expected):
    movements = expected[member.pk]
    if kind == "deposit":
        services.deposit(actor=teller, membership=member, amount=amount, on=day)
        movements.append((day, amount))
    elif kind == "withdraw":
        allowed = rules.available(movements, day)[0] >= amount
        try:
            services.withdraw(actor=teller, membership=member, amount=amount, on=day)
        except ValidationError:
            assert not allowed
            raise
        assert allowed
        movements.append((day, -amount))
    else:
        last = (
            SavingsTransaction.objects.filter(membership=member, reversed_by__isnull=True)
            .exclude(kind="reversal")
            .order_by("-id")
            .first()
        )
        if last is None:
            return
        on = max(day, last.value_date)
        undo = -rules.signed(last.kind, last.amount)
        allowed = undo > 0 or rules.available(movements, on)[0] >= -undo
        try:
            approved_by(
                services.reverse(actor=controller, transaction=last, reason="sai", on=on),
                "giamdoc",
            )
        except ValidationError:
            assert not allowed
            raise
        assert allowed
        movements.append((on, undo))
