"""Every write of the transaction day: open it, take entries, count the cash, submit, sign off.

Entries are drafts until sign-off (see the models' docstring). Each save checks the whole
group's rows against what is due and refuses all of them, listing every problem, if one is
wrong, so nothing is half-written. Sign-off posts everything in one database transaction
through the loans', savings' and fees' own services, which take the entries' keys as their
idempotency keys.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.accounts.roles import can_act
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.common.selectors import business_date, closed_day_refusal
from policycredit.common.services import require
from policycredit.domain import posting as p
from policycredit.domain.money import format_vnd
from policycredit.fees.models import FeeStatement, Payout
from policycredit.fees.services import pay
from policycredit.ledger.models import EntryKind as LedgerKind
from policycredit.ledger.selectors import capital_room
from policycredit.ledger.services import EntrySpec, post
from policycredit.loans.models import ApplicationStatus
from policycredit.loans.services import collect_many, disburse
from policycredit.savings.services import Deposit, deposit_many, withdraw
from policycredit.transactiondays import selectors
from policycredit.transactiondays.models import (
    DENOMINATIONS,
    DayEntry,
    DayStatus,
    EntryKind,
    TransactionDay,
)

IN_TRANSIT = p.CASH_IN_TRANSIT


@transaction.atomic
def open_day(*, actor, point, on: datetime.date, cash_brought: int = 0) -> TransactionDay:
    """Open the day at a point (or return it, if the team opened it already)."""
    require(
        on <= business_date(),
        _("%(day)s is after today's business date: a transaction day opens on its day.")
        % {"day": f"{on:%d/%m/%Y}"},
        code="future_date",
    )
    closed = closed_day_refusal(on)
    require(closed is None, closed, code="closed_day")
    require(
        isinstance(cash_brought, int) and cash_brought >= 0,
        _("The cash brought cannot be negative."),
        code="negative_cash",
    )
    day, created = TransactionDay.objects.get_or_create(
        point=point,
        date=on,
        defaults={"office_id": point.office_id, "opened_by": actor, "cash_brought": cash_brought},
    )
    if created:
        record(actor=actor, action=Action.DAY_OPENED, instance=day, new=snapshot(day))
    return day


def _locked_open(day: TransactionDay) -> TransactionDay:
    day = TransactionDay.objects.select_for_update().get(pk=day.pk)
    require(
        day.status == DayStatus.OPEN,
        _(
            "The day has been submitted: entries can no longer change (the controller can "
            "send it back)."
        ),
        code="not_open",
    )
    return day


@dataclass(frozen=True)
class Collected:
    """What the teller typed for one loan or one member of a group."""

    loan_id: int | None = None
    principal: int = 0
    interest: int = 0
    membership_id: int | None = None
    deposit: int = 0
    withdrawal: int = 0


@transaction.atomic
def save_group(*, actor, day: TransactionDay, group, rows: list[Collected]) -> list[str]:
    """A group's collections and savings for the day, all rows at once. Returns warnings
    (a principal paid ahead of its schedule); refuses every row if one is wrong."""
    day = _locked_open(day)
    require(
        group.transaction_point_id == day.point_id,
        _("The group %(group)s does not bank at this point.") % {"group": group},
        code="wrong_point",
    )
    sheet = selectors.group_sheet(actor, group, day.date)
    loans = {x.loan.pk: x for m in sheet.members for x in m.loans}
    members = {m.membership.pk: m for m in sheet.members}
    errors, warnings, wanted = [], [], {}
    for row in rows:
        amounts = (row.principal, row.interest, row.deposit, row.withdrawal)
        if any(not isinstance(a, int) or a < 0 for a in amounts):
            errors.append(_("Amounts are whole đồng and cannot be negative."))
            continue
        if row.loan_id is not None:
            line = loans.get(row.loan_id)
            if line is None:
                errors.append(_("A loan on the form is not on this group's sheet."))
                continue
            _check_collection(line, row, day.date, errors, warnings)
            key = f"d{day.pk}-c{row.loan_id}"
            wanted[key] = DayEntry(
                day=day,
                kind=EntryKind.COLLECTION,
                key=key,
                group=group,
                loan=line.loan,
                principal=row.principal,
                interest=row.interest,
                entered_by=actor,
            )
        if row.membership_id is not None:
            member = members.get(row.membership_id)
            if member is None:
                errors.append(_("A member on the form is not in this group on this day."))
                continue
            if row.withdrawal > member.savings_balance + row.deposit:
                errors.append(
                    _(
                        "%(household)s: the withdrawal of %(amount)s is more than the "
                        "member's savings of %(balance)s."
                    )
                    % {
                        "household": member.household,
                        "amount": format_vnd(row.withdrawal),
                        "balance": format_vnd(member.savings_balance + row.deposit),
                    }
                )
            for kind, amount, tag in (
                (EntryKind.DEPOSIT, row.deposit, "s"),
                (EntryKind.WITHDRAWAL, row.withdrawal, "w"),
            ):
                key = f"d{day.pk}-{tag}{row.membership_id}"
                wanted[key] = DayEntry(
                    day=day,
                    kind=kind,
                    key=key,
                    group=group,
                    membership=member.membership,
                    amount=amount,
                    entered_by=actor,
                )
    if errors:
        raise ValidationError(errors)
    _upsert(day, wanted)
    record(
        actor=actor,
        action=Action.DAY_ENTRIES_RECORDED,
        instance=day,
        new={"group": group.code, "entries": len([e for e in wanted.values() if _has_money(e)])},
    )
    return warnings


def _check_collection(line, row, on, errors, warnings):
    label = line.loan.number
    if row.interest > line.interest_due:
        errors.append(
            _(
                "%(loan)s: the interest entered, %(amount)s, is more than the %(due)s due "
                "on %(day)s."
            )
            % {
                "loan": label,
                "amount": format_vnd(row.interest),
                "due": format_vnd(line.interest_due),
                "day": f"{on:%d/%m/%Y}",
            }
        )
    payable = line.outstanding - line.frozen
    if row.principal > payable:
        errors.append(
            _("%(loan)s: the principal entered, %(amount)s, is more than the %(owed)s owed.")
            % {"loan": label, "amount": format_vnd(row.principal), "owed": format_vnd(payable)}
        )
    elif row.principal > line.principal_due:
        warnings.append(
            _("%(loan)s: %(amount)s of principal is paid ahead of its schedule.")
            % {"loan": label, "amount": format_vnd(row.principal - line.principal_due)}
        )


def _has_money(entry: DayEntry) -> bool:
    return bool(entry.principal or entry.interest or entry.amount)


# What a row holds besides its day and key: a resent row equal in these is left as it is.
_DRAFT_FIELDS = (
    "kind",
    "group_id",
    "loan_id",
    "membership_id",
    "principal",
    "interest",
    "amount",
    "entered_by_id",
)


def _upsert(day, wanted: dict[str, DayEntry]) -> None:
    """Drafts keyed by day and row: a resent form (double click, a dropped connection) lands on
    the same rows; a row brought back to zero is no longer an entry. New rows go in one
    statement and rows resent unchanged cost nothing: this is the request a teller waits for
    all day."""
    existing = {
        row[0]: row[1:]
        for row in DayEntry.objects.filter(key__in=wanted).values_list("key", "pk", *_DRAFT_FIELDS)
    }
    new, gone = [], []
    for key, entry in wanted.items():
        if not _has_money(entry):
            if key in existing:
                gone.append(existing[key][0])
            continue
        if key not in existing:
            new.append(entry)
            continue
        pk, *stored = existing[key]
        if stored != [getattr(entry, f) for f in _DRAFT_FIELDS]:
            entry.pk = pk
            entry.save()
    DayEntry.objects.filter(pk__in=gone).delete()
    DayEntry.objects.bulk_create(new)


@transaction.atomic
def save_disbursement(*, actor, day: TransactionDay, application, source) -> DayEntry:
    """An approved loan to pay out at the point, from a source that has room for it (counting
    what other open days already mean to pay from it)."""

    day = _locked_open(day)
    require(
        application.status == ApplicationStatus.APPROVED,
        _("Only an approved application can be disbursed."),
        code="not_approved",
    )
    require(
        application.group_id is not None and application.group.transaction_point_id == day.point_id,
        _("This application's group does not bank at this point."),
        code="wrong_point",
    )
    key = f"d{day.pk}-a{application.pk}"
    pending = (
        DayEntry.objects.filter(
            kind=EntryKind.DISBURSEMENT, source=source, day__office_id=day.office_id
        )
        .exclude(day__status=DayStatus.POSTED)
        .exclude(key=key)
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )
    room = capital_room(source.pk, day.office_id, day.date) - pending
    require(
        room >= application.amount,
        _(
            "The capital source %(source)s has %(room)s of room on %(day)s (after the "
            "disbursements already entered); this loan needs %(amount)s."
        )
        % {
            "source": source,
            "room": format_vnd(max(room, 0)),
            "day": f"{day.date:%d/%m/%Y}",
            "amount": format_vnd(application.amount),
        },
        code="no_room",
    )
    entry, _created = DayEntry.objects.update_or_create(
        key=key,
        defaults={
            "day": day,
            "kind": EntryKind.DISBURSEMENT,
            "group": application.group,
            "application": application,
            "source": source,
            "amount": application.amount,
            "entered_by": actor,
        },
    )
    record(actor=actor, action=Action.DAY_ENTRIES_RECORDED, instance=day, new={"disbursement": key})
    return entry


@transaction.atomic
def save_payout(*, actor, day: TransactionDay, statement) -> DayEntry:
    """A fee or commission statement paid out at the point."""

    day = _locked_open(day)
    is_fee = isinstance(statement, FeeStatement)
    link = "fee_statement" if is_fee else "commission_statement"
    amount = statement.fee if is_fee else statement.commission
    require(
        not Payout.objects.filter(**{link: statement}).exists(),
        _("This statement has already been paid."),
        code="already_paid",
    )
    require(amount > 0, _("There is nothing to pay on this statement."), code="nothing_to_pay")
    key = f"d{day.pk}-{'f' if is_fee else 'k'}{statement.pk}"
    entry, _created = DayEntry.objects.update_or_create(
        key=key,
        defaults={
            "day": day,
            "kind": EntryKind.FEE_PAYOUT if is_fee else EntryKind.COMMISSION_PAYOUT,
            link: statement,
            "amount": amount,
            "entered_by": actor,
        },
    )
    record(actor=actor, action=Action.DAY_ENTRIES_RECORDED, instance=day, new={"payout": key})
    return entry


@transaction.atomic
def record_cash_count(*, actor, day: TransactionDay, counts: dict, note: str = "") -> int:
    """The till counted at close, by denomination; returns the total."""
    day = _locked_open(day)
    clean = {}
    for denomination, count in counts.items():
        denomination = int(denomination)
        require(
            denomination in DENOMINATIONS,
            _("%(value)s is not a Vietnamese banknote.") % {"value": format_vnd(denomination)},
            code="bad_denomination",
        )
        require(
            isinstance(count, int) and count >= 0,
            _("The number of %(value)s notes cannot be negative.")
            % {"value": format_vnd(denomination)},
            code="negative_cash",
        )
        if count:
            clean[str(denomination)] = count
    day.cash_count = clean
    day.cash_counted = sum(int(d) * n for d, n in clean.items())
    day.note = note
    day.save(update_fields=["cash_count", "cash_counted", "note"])
    record(actor=actor, action=Action.DAY_CASH_COUNTED, instance=day, new={"cash_count": clean})
    return day.cash_counted


@transaction.atomic
def submit(*, actor, day: TransactionDay) -> TransactionDay:
    """The teller hands the day to the controller: entries and cash count are frozen."""
    day = _locked_open(day)
    require(
        day.cash_counted is not None,
        _("Count the cash by denomination before submitting the day."),
        code="no_cash_count",
    )
    day.cash_expected = selectors.expected_cash(day)
    if day.cash_counted != day.cash_expected:
        require(
            bool(day.note.strip()),
            _(
                "The cash counted, %(counted)s, differs from the %(expected)s expected: "
                "explain the difference in the note before submitting."
            )
            % {
                "counted": format_vnd(day.cash_counted),
                "expected": format_vnd(day.cash_expected),
            },
            code="cash_difference",
        )
    day.status = DayStatus.SUBMITTED
    day.submitted_by, day.submitted_at = actor, timezone.now()
    day.save(update_fields=["status", "submitted_by", "submitted_at", "cash_expected"])
    record(actor=actor, action=Action.DAY_SUBMITTED, instance=day, new={"status": day.status})
    return day


@transaction.atomic
def send_back(*, actor, day: TransactionDay, reason: str) -> TransactionDay:
    """The controller returns a submitted day to the teller, with the reason."""
    day = TransactionDay.objects.select_for_update().get(pk=day.pk)
    require(day.status == DayStatus.SUBMITTED, _("Only a submitted day can be sent back."))
    require(bool(reason.strip()), _("Say why the day is sent back."), code="reason_required")
    day.status = DayStatus.OPEN
    day.save(update_fields=["status"])
    record(actor=actor, action=Action.DAY_SENT_BACK, instance=day, new={"sent_back": reason})
    return day


@transaction.atomic
def sign_off(*, actor, day: TransactionDay) -> TransactionDay:
    """The controller approves the day and it is posted, whole, once."""
    day = TransactionDay.objects.select_for_update().get(pk=day.pk)
    if day.status == DayStatus.POSTED:
        return day  # a repeated sign-off (double click, retry) posts nothing more
    require(
        day.status == DayStatus.SUBMITTED,
        _("The teller has not submitted the day yet."),
        code="not_submitted",
    )
    require(can_act(actor, "day.sign_off"), _("Only a controller signs a day off."), code="role")
    makers = {day.submitted_by_id, *day.entries.values_list("entered_by_id", flat=True)}
    require(
        actor.pk not in makers,
        _(
            "You entered or submitted this day, so you cannot also sign it off: another "
            "controller must (maker-checker)."
        ),
        code="maker_checker",
    )
    _post_entries(day, day.submitted_by)
    net = selectors.day_totals(day).net
    if net:
        day.journal_entry = post(
            EntrySpec(
                office_id=day.office_id,
                value_date=day.date,
                kind=LedgerKind.CASH,
                lines=p.cash_handed_in(net),
                memo=f"{LedgerKind.CASH.label} – {day}",
                actor=actor,
            )
        )
    day.status = DayStatus.POSTED
    day.signed_off_by, day.signed_off_at = actor, timezone.now()
    day.save(update_fields=["status", "signed_off_by", "signed_off_at", "journal_entry"])
    record(actor=actor, action=Action.DAY_SIGNED_OFF, instance=day, new={"status": day.status})
    return day


def _post_entries(day: TransactionDay, teller) -> None:
    """Collections first (they free room), then savings, payouts and disbursements."""

    entries = list(selectors.entries_of(day).order_by("id"))
    by_kind: dict[str, list[DayEntry]] = {}
    for e in entries:
        by_kind.setdefault(e.kind, []).append(e)
    if by_kind.get(EntryKind.COLLECTION):
        collect_many(
            actor=teller,
            entries=[
                (e.loan, day.date, e.principal, e.interest, e.key)
                for e in by_kind[EntryKind.COLLECTION]
            ],
            cash=IN_TRANSIT,
        )
    if by_kind.get(EntryKind.DEPOSIT):
        deposit_many(
            actor=teller,
            entries=[Deposit(e.membership, day.date, e.amount, e.key) for e in by_kind["deposit"]],
            cash=IN_TRANSIT,
        )
    for e in by_kind.get(EntryKind.WITHDRAWAL, []):
        withdraw(
            actor=teller,
            membership=e.membership,
            amount=e.amount,
            on=day.date,
            idempotency_key=e.key,
            cash=IN_TRANSIT,
        )
    for e in by_kind.get(EntryKind.FEE_PAYOUT, []) + by_kind.get(EntryKind.COMMISSION_PAYOUT, []):
        pay(
            actor=teller,
            statement=e.fee_statement or e.commission_statement,
            on=day.date,
            cash=IN_TRANSIT,
        )
    for e in by_kind.get(EntryKind.DISBURSEMENT, []):
        disburse(
            actor=teller,
            application=e.application,
            source=e.source,
            on=day.date,
            idempotency_key=e.key,
            cash=IN_TRANSIT,
        )
