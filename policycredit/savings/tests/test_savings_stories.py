"""A member's savings told through the services, with every figure checked by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from policycredit.accounts.tests.four_eyes import approved as approved_by
from policycredit.audit.models import AuditEvent
from policycredit.common.selectors import business_date, replaying
from policycredit.domain import posting as p
from policycredit.ledger.models import EntryKind, JournalEntry
from policycredit.ledger.selectors import balance
from policycredit.network.models import Membership
from policycredit.savings import services
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import balance_of

pytestmark = pytest.mark.django_db
D = datetime.date


class Books:
    """The office's savings and cash accounts, as a change since the story began."""

    def __init__(self, office_id):
        self.office_id = office_id
        self.start = self._now()

    def _now(self):
        return {
            k: balance(office_id=self.office_id, kinds=[k]) for k in (p.MEMBER_SAVINGS, *p.CASH)
        }

    def moved(self):
        now = self._now()
        return {k: now[k] - self.start[k] for k in now if now[k] != self.start[k]}


def _code(error) -> str:
    return error.value.error_list[0].code


def three_deposits(teller, member):
    for month in (1, 2, 3):
        services.deposit(actor=teller, membership=member, amount=50_000, on=D(2024, month, 10))


def test_three_monthly_deposits_and_a_withdrawal(teller, member):
    """50,000 đ on 10/01, 10/02 and 10/03/2024 (150,000), 80,000 paid out on 20/03/2024:
    the member has 70,000; the office holds 70,000 more cash and owes its members 70,000."""
    books = Books(member.office_id)
    three_deposits(teller, member)
    withdrawal = services.withdraw(
        actor=teller, membership=member, amount=80_000, on=D(2024, 3, 20)
    )

    assert balance_of(member) == 70_000
    assert balance_of(member, as_of=D(2024, 2, 28)) == 100_000
    assert balance_of(member, as_of=D(2024, 3, 19)) == 150_000
    assert books.moved() == {p.MEMBER_SAVINGS: -70_000, p.CASH_OFFICE: 70_000}
    entry = withdrawal.journal_entry
    assert (entry.kind, entry.office_id, entry.value_date) == (
        EntryKind.SAVINGS,
        member.office_id,
        D(2024, 3, 20),
    )
    assert sorted(entry.lines.values_list("account__kind", "amount")) == [
        (p.CASH_OFFICE, -80_000),
        (p.MEMBER_SAVINGS, 80_000),
    ]


def test_withdrawing_more_than_the_savings_is_refused_and_nothing_is_written(teller, member):
    three_deposits(teller, member)
    counts = (SavingsTransaction.objects.count(), JournalEntry.objects.count())
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.withdraw(actor=teller, membership=member, amount=150_001, on=D(2024, 3, 20))
    assert _code(error) == "insufficient_savings"
    assert "150.000" in error.value.messages[0]
    assert (SavingsTransaction.objects.count(), JournalEntry.objects.count()) == counts
    assert AuditEvent.objects.count() == events
    assert balance_of(member) == 150_000


def test_a_backdated_withdrawal_cannot_empty_a_later_day(teller, member):
    """100,000 in on 10/01, 60,000 out on 20/02; a withdrawal of 50,000 dated 15/01 would leave
    −10,000 on 20/02, although 100,000 stood on 15/01. 40,000 is the most."""
    services.deposit(actor=teller, membership=member, amount=100_000, on=D(2024, 1, 10))
    services.withdraw(actor=teller, membership=member, amount=60_000, on=D(2024, 2, 20))
    with pytest.raises(ValidationError) as error:
        services.withdraw(actor=teller, membership=member, amount=50_000, on=D(2024, 1, 15))
    assert "20/02/2024" in error.value.messages[0]
    services.withdraw(actor=teller, membership=member, amount=40_000, on=D(2024, 1, 15))
    assert balance_of(member) == 0


def test_a_replayed_submission_posts_once(teller, member):
    books = Books(member.office_id)
    first = services.deposit(
        actor=teller, membership=member, amount=50_000, on=D(2024, 1, 10), idempotency_key="k1"
    )
    again = services.deposit(
        actor=teller, membership=member, amount=50_000, on=D(2024, 1, 10), idempotency_key="k1"
    )
    assert again.pk == first.pk
    assert SavingsTransaction.objects.filter(membership=member).count() == 1
    assert books.moved() == {p.MEMBER_SAVINGS: -50_000, p.CASH_OFFICE: 50_000}


def test_a_key_used_for_another_entry_is_refused(teller, members):
    services.deposit(
        actor=teller, membership=members[0], amount=50_000, on=D(2024, 1, 10), idempotency_key="k"
    )
    with pytest.raises(ValidationError) as error:
        services.deposit(
            actor=teller,
            membership=members[1],
            amount=50_000,
            on=D(2024, 1, 10),
            idempotency_key="k",
        )
    assert _code(error) == "idempotency_conflict"


def test_a_reversal_restores_the_savings_and_the_books(teller, controller, member):
    books = Books(member.office_id)
    three_deposits(teller, member)
    withdrawal = services.withdraw(
        actor=teller, membership=member, amount=80_000, on=D(2024, 3, 20)
    )
    reversal = approved_by(
        services.reverse(
            actor=controller, transaction=withdrawal, reason="wrong member", on=D(2024, 3, 21)
        ),
        "giamdoc",
    )
    assert balance_of(member) == 150_000
    assert balance_of(member, as_of=D(2024, 3, 20)) == 70_000
    assert books.moved() == {p.MEMBER_SAVINGS: -150_000, p.CASH_OFFICE: 150_000}
    assert reversal.reverses == withdrawal
    assert reversal.journal_entry.reverses == withdrawal.journal_entry
    assert reversal.journal_entry.kind == EntryKind.REVERSAL
    with pytest.raises(ValidationError) as error:
        services.reverse(actor=controller, transaction=withdrawal, reason="again")
    assert _code(error) == "already_reversed"
    with pytest.raises(ValidationError):
        services.reverse(actor=controller, transaction=reversal, reason="undo the undo")


def test_a_deposit_already_withdrawn_cannot_be_taken_back(teller, controller, member):
    deposit = services.deposit(actor=teller, membership=member, amount=50_000, on=D(2024, 1, 10))
    services.withdraw(actor=teller, membership=member, amount=30_000, on=D(2024, 1, 20))
    with pytest.raises(ValidationError) as error:
        services.reverse(actor=controller, transaction=deposit, reason="x", on=D(2024, 1, 25))
    assert _code(error) == "insufficient_savings"
    with pytest.raises(ValidationError) as error:
        services.reverse(actor=controller, transaction=deposit, reason="  ")
    assert _code(error) == "reason_required"
    assert balance_of(member) == 20_000


@pytest.mark.parametrize("amount", [0, -5_000, 50_000.0, "50000", True, None])
def test_amounts_must_be_positive_whole_dong(teller, member, amount):
    with pytest.raises(ValidationError) as error:
        services.deposit(actor=teller, membership=member, amount=amount, on=D(2024, 1, 10))
    assert _code(error) == "amount_not_positive"
    assert not SavingsTransaction.objects.filter(membership=member).exists()


def test_money_is_not_dated_after_the_business_date(teller, member):
    with replaying(D(2024, 5, 31)):
        assert business_date() == D(2024, 5, 31)
        with pytest.raises(ValidationError) as error:
            services.deposit(actor=teller, membership=member, amount=1, on=D(2024, 6, 1))
    assert _code(error) == "future_date"


def test_savings_move_only_while_the_household_is_a_member(teller, member):
    services.deposit(actor=teller, membership=member, amount=50_000, on=D(2024, 1, 10))
    Membership.objects.filter(pk=member.pk).update(left=D(2024, 2, 1))
    member.refresh_from_db()
    for service in (services.deposit, services.withdraw):
        with pytest.raises(ValidationError) as error:
            service(actor=teller, membership=member, amount=10_000, on=D(2024, 2, 2))
        assert _code(error) == "membership_ended"
    # On the day it leaves, the household takes its savings with it.
    services.withdraw(actor=teller, membership=member, amount=50_000, on=D(2024, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.deposit(actor=teller, membership=member, amount=1, on=member.joined - D.resolution)
    assert _code(error) == "not_a_member"


def test_a_transaction_day_batch_posts_one_entry_per_deposit(teller, members):
    books = Books(members[0].office_id)
    created = services.deposit_many(
        actor=teller,
        entries=[
            services.Deposit(members[0], D(2024, 4, 15), 50_000),
            services.Deposit(members[1], D(2024, 4, 15), 30_000),
            services.Deposit(members[0], D(2024, 5, 15), 50_000),
        ],
    )
    assert [balance_of(m) for m in members] == [100_000, 30_000]
    assert books.moved() == {p.MEMBER_SAVINGS: -130_000, p.CASH_OFFICE: 130_000}
    assert len({t.journal_entry_id for t in created}) == 3
    assert (
        AuditEvent.objects.filter(
            model="savings.savingstransaction", object_id__in=[str(t.pk) for t in created]
        ).count()
        == 3
    )


def test_a_batch_lists_every_problem_and_writes_nothing(teller, members):
    with pytest.raises(ValidationError) as error:
        services.deposit_many(
            actor=teller,
            entries=[
                (members[0], D(2024, 4, 15), 50_000),
                (members[1], D(2024, 4, 15), 0),
                (members[0], business_date() + D.resolution, 10),
            ],
        )
    assert [m[:2] for m in error.value.messages] == ["2 ", "3 "]
    assert not SavingsTransaction.objects.filter(membership__in=members).exists()


def test_every_movement_is_audited(teller, member):
    tx = services.deposit(actor=teller, membership=member, amount=50_000, on=D(2024, 1, 10))
    event = AuditEvent.objects.get(model="savings.savingstransaction", object_id=str(tx.pk))
    assert (event.actor, event.office_id, event.new["amount"]) == (teller, member.office_id, 50_000)


def test_a_movement_is_never_edited_nor_deleted(teller, member):
    tx = services.deposit(actor=teller, membership=member, amount=50_000, on=D(2024, 1, 10))
    with pytest.raises(ValueError):
        tx.save()
    with pytest.raises(ValueError):
        tx.delete()
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        SavingsTransaction.objects.filter(pk=tx.pk).update(amount=1)
    assert SavingsTransaction.objects.get(pk=tx.pk).amount == 50_000
