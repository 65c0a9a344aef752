"""Every write of members' savings: deposit, withdrawal, a batch of deposits, reversal.

Each runs in one database transaction that locks the membership row, checks the movement
against the member's whole log (a balance may never be negative on any day, see ``rules``),
posts the journal entry, appends the movement pointing at it and writes the audit event. Two
tellers paying out of one member's savings at once therefore queue on the lock, and the second
sees the first's withdrawal before its own is checked.

A deposit or withdrawal beyond the teller's limit, and every reversal, needs a second person
(`accounts.policy`): the call then returns a pending `Proposal` and moves no money; approving
it calls the same function again with the approval. The transaction day's batch
(`deposit_many`) is already maker-checker (the teller enters, the controller signs off).
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal
from policycredit.accounts.roles import Act
from policycredit.audit.models import Action
from policycredit.audit.services import record, record_created_many, snapshot
from policycredit.common.selectors import business_date, one_business_day
from policycredit.common.services import require
from policycredit.domain import posting as p
from policycredit.domain import savings as rules
from policycredit.ledger.models import EntryKind
from policycredit.ledger.services import EntrySpec, post, post_many, reverse_entry
from policycredit.network.models import Membership
from policycredit.savings import refusals
from policycredit.savings.models import SavingsKind as K
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import movements_of

CASH_OFFICE = p.CASH_OFFICE


def deposit(
    *,
    actor,
    membership,
    amount: int,
    on: datetime.date,
    idempotency_key=None,
    cash=CASH_OFFICE,
    approval=None,
) -> SavingsTransaction | Proposal:
    """Savings handed in for a member (by the group leader at the transaction day, or at the
    counter)."""
    return _move(actor, membership, K.DEPOSIT, amount, on, idempotency_key, cash, approval)


def withdraw(
    *,
    actor,
    membership,
    amount: int,
    on: datetime.date,
    idempotency_key=None,
    cash=CASH_OFFICE,
    approval=None,
) -> SavingsTransaction | Proposal:
    """Savings paid out to a member; never more than the member has on that day and after."""
    return _move(actor, membership, K.WITHDRAWAL, amount, on, idempotency_key, cash, approval)


class Deposit(NamedTuple):
    membership: Membership
    on: datetime.date
    amount: int
    key: str | None = None  # idempotency key (a transaction day's entry)


@transaction.atomic
@one_business_day()
def deposit_many(*, actor, entries: list[Deposit], cash=CASH_OFFICE) -> list[SavingsTransaction]:
    """A transaction day's savings (form 13/TD) or a history load: every entry is checked and
    every problem listed at once; one refusal refuses the whole batch. One journal entry per
    movement, written in bulk."""
    entries = [Deposit(*e) for e in entries]
    _require_cash(cash)
    ids = sorted({e.membership.pk for e in entries})
    members = {m.pk: m for m in _locked().filter(pk__in=ids).order_by("pk")}
    errors = []
    for n, e in enumerate(entries, 1):
        member = members[e.membership.pk]
        problems = refusals.problems(member, e.amount, e.on)
        if problems:
            errors.append(f"{n} ({member.household.code}): " + " ".join(m for m, _c in problems))
    if errors:
        raise ValidationError(errors)
    journal = post_many(
        [_spec(actor, members[e.membership.pk], K.DEPOSIT, e.amount, e.on, cash) for e in entries]
    )
    created = SavingsTransaction.objects.bulk_create(
        [
            SavingsTransaction(
                membership_id=e.membership.pk,
                office_id=members[e.membership.pk].office_id,
                kind=K.DEPOSIT,
                amount=e.amount,
                value_date=e.on,
                actor=actor,
                journal_entry=entry,
                idempotency_key=e.key,
            )
            for e, entry in zip(entries, journal, strict=True)
        ],
        batch_size=2000,
    )
    record_created_many(actor=actor, instances=created)
    return created


@transaction.atomic
def reverse(
    *,
    actor,
    transaction: SavingsTransaction,
    reason: str,
    on: datetime.date | None = None,
    approval=None,
) -> SavingsTransaction | Proposal:
    """Undo a movement by appending its reversal, dated ``on`` (today by default), with the
    mirror of its journal entry. Taking back a deposit is refused if the money has since been
    withdrawn."""
    require(bool(reason.strip()), _("A reversal needs its reason."), code="reason_required")
    original = SavingsTransaction.objects.select_related("journal_entry").get(pk=transaction.pk)
    require(original.kind != K.REVERSAL, _("A reversal cannot itself be reversed."))
    on = on or business_date()
    refusals.require_not_future(on)
    require(
        on >= original.value_date,
        _("A reversal cannot be dated before the transaction it reverses."),
        code="bad_date_order",
    )
    member = _locked().get(pk=original.membership_id)
    require(
        not SavingsTransaction.objects.filter(reverses=original).exists(),
        _("This transaction has already been reversed."),
        code="already_reversed",
    )
    if original.kind == K.DEPOSIT:
        refusals.require_deposit_still_there(movements_of(member), original.amount, on)
    proposal = policy.gate(
        Act.SAVINGS_REVERSE,
        actor,
        amount=original.amount,
        approval=approval,
        earlier_actors=[original.actor_id],
        office_id=original.office_id,
        parameters={"transaction": original.pk, "reason": reason, "on": on.isoformat()},
    )
    if proposal is not None:
        return proposal
    memo = f"{K.REVERSAL.label} – {original.get_kind_display()} – {member.household}"
    if original.journal_entry is not None:
        entry = reverse_entry(actor=actor, entry=original.journal_entry, on=on, memo=memo)
    else:
        entry = post(  # a movement loaded without its entry: mirror what it would have posted
            EntrySpec(
                office_id=original.office_id,
                value_date=on,
                kind=EntryKind.REVERSAL,
                lines=p.negate(_lines(original.kind, original.amount, CASH_OFFICE)),
                memo=memo,
                actor=actor,
            )
        )
    tx = SavingsTransaction(
        membership=member,
        office_id=original.office_id,
        kind=K.REVERSAL,
        amount=original.amount,
        value_date=on,
        reverses=original,
        reason=reason,
        actor=actor,
        journal_entry=entry,
    )
    return _insert(actor, tx, approval)


# ---------------------------------------------------------------------------- internals


_ACT = {K.DEPOSIT: Act.SAVINGS_DEPOSIT, K.WITHDRAWAL: Act.SAVINGS_WITHDRAW}


@transaction.atomic
def _move(actor, membership, kind, amount, on, idempotency_key, cash, approval):
    _require_cash(cash)
    if idempotency_key:
        existing = _replayed(idempotency_key, membership, kind, amount, on)
        if existing is not None:
            return existing  # a replayed submission posts once
    member = _locked().get(pk=membership.pk)
    if idempotency_key:
        # Checked again under the lock: a twin submission may have committed while we waited.
        existing = _replayed(idempotency_key, membership, kind, amount, on)
        if existing is not None:
            return existing
    refusals.require_no_problems(member, amount, on)
    if kind == K.WITHDRAWAL:
        refusals.require_available(movements_of(member), amount, on)
    proposal = policy.gate(
        _ACT[kind],
        actor,
        amount=amount,
        approval=approval,
        office_id=member.office_id,
        key=f"{_ACT[kind]}:{idempotency_key}"[:64] if idempotency_key else None,
        parameters={
            "membership": member.pk,
            "amount": amount,
            "on": on.isoformat(),
            "idempotency_key": idempotency_key,
            "cash": cash,
        },
    )
    if proposal is not None:
        return proposal
    entry = post(_spec(actor, member, kind, amount, on, cash))
    tx = SavingsTransaction(
        membership=member,
        office_id=member.office_id,
        kind=kind,
        amount=amount,
        value_date=on,
        idempotency_key=idempotency_key,
        actor=actor,
        journal_entry=entry,
    )
    return _insert(actor, tx, approval)


def _locked():
    """Memberships under a row lock (only their own rows: the household is read, not locked)."""
    return Membership.objects.select_for_update(of=("self",)).select_related("household__head")


def _insert(actor, tx: SavingsTransaction, approval=None) -> SavingsTransaction:
    try:
        with transaction.atomic():
            tx.save()
    except IntegrityError as error:
        raise ValidationError(_("This entry was already posted."), code="duplicate") from error
    new = {**snapshot(tx), **policy.names(approval)}
    record(actor=actor, action=Action.SAVINGS_MOVED, instance=tx, new=new)
    return tx


def _replayed(key, membership, kind, amount, on) -> SavingsTransaction | None:
    existing = SavingsTransaction.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    require(
        (existing.membership_id, existing.kind, existing.amount, existing.value_date)
        == (membership.pk, kind, amount, on),
        _("This submission's key was already used for a different entry."),
        code="idempotency_conflict",
    )
    return existing


def _require_cash(cash: str) -> None:
    if cash not in p.CASH:
        raise ValueError(f"cash must be one of {p.CASH}, not {cash!r}")  # a programming error


def _lines(kind, amount, cash):
    return p.savings_deposit(rules.signed(kind, amount), cash=cash)


def _spec(actor, member, kind, amount, on, cash) -> EntrySpec:
    return EntrySpec(
        office_id=member.office_id,
        value_date=on,
        kind=EntryKind.SAVINGS,
        lines=_lines(kind, amount, cash),
        memo=f"{K(kind).label} – {member.household}",
        actor=actor,
    )


# ------------------------------------------------- what a second person's approval carries out


def _approved_move(service):
    def run(parameters, *, proposer, approval):
        return service(
            actor=proposer,
            membership=Membership.objects.get(pk=parameters["membership"]),
            amount=parameters["amount"],
            on=datetime.date.fromisoformat(parameters["on"]),
            idempotency_key=parameters["idempotency_key"],
            cash=parameters["cash"],
            approval=approval,
        )

    return run


def _approved_reversal(parameters, *, proposer, approval):
    return reverse(
        actor=proposer,
        transaction=SavingsTransaction.objects.get(pk=parameters["transaction"]),
        reason=parameters["reason"],
        on=datetime.date.fromisoformat(parameters["on"]),
        approval=approval,
    )


def _describe(proposal) -> str:
    p = proposal.parameters
    if "membership" in p:
        member = Membership.objects.select_related("household").get(pk=p["membership"])
        on = datetime.date.fromisoformat(p["on"])
        return f"{proposal.get_act_display()}: {member.household} – {on:%d/%m/%Y}"
    original = SavingsTransaction.objects.select_related("membership__household").get(
        pk=p["transaction"]
    )
    return (
        f"{proposal.get_act_display()}: {original.get_kind_display()} "
        f"{original.value_date:%d/%m/%Y} – {original.membership.household} – {p['reason']}"
    )


def register_acts() -> None:
    """Handed to the accounts' four-eyes policy from the app's `ready()`."""
    policy.register(Act.SAVINGS_DEPOSIT, _approved_move(deposit), _describe)
    policy.register(Act.SAVINGS_WITHDRAW, _approved_move(withdraw), _describe)
    policy.register(Act.SAVINGS_REVERSE, _approved_reversal, _describe)
