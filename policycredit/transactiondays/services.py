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
from django.utils.translation import ngettext

from policycredit.accounts.roles import can_act
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.calendar.selectors import sessions_around
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
    NoCollection,
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
    _refuse_off_calendar(point, on)
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


def _refuse_off_calendar(point, on: datetime.date) -> None:
    """A day is opened only on one of the point's sessions. The legitimate way to hold it on
    another date is a move recorded in the calendar, with its reason and the officer who
    decided it (`calendar.services.move_day`); after that the moved date is a session here."""
    sessions, _data = sessions_around(point, on)
    if any(s.date == on for s in sessions):
        return
    this_month = next(s for s in sessions if (s.fixed.year, s.fixed.month) == (on.year, on.month))
    raise ValidationError(
        _(
            "%(day)s is not a transaction day of %(point)s: its session of %(month)s is on "
            "%(session)s (day %(fixed)s of each month, by the calendar's rule). To hold it on "
            "another date, the director or a credit officer first records the move in the "
            "Calendar, with the reason."
        )
        % {
            "day": f"{on:%d/%m/%Y}",
            "point": point.name,
            "month": f"{on:%m/%Y}",
            "session": f"{this_month.date:%d/%m/%Y}",
            "fixed": point.day_of_month,
        },
        code="not_a_transaction_day",
    )


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
    """What the teller typed for one loan or one member of a group.

    `seen` is what the form showed as saved when it was opened: (principal, interest) for a
    loan, (deposit, withdrawal) for a member, zeros where nothing was saved. Two tellers may
    have the same group open; a save whose row has changed underneath it since is refused
    (`save_group`) rather than silently written over. None: the caller keeps no such memory
    (a loader), and the row is written as sent."""

    loan_id: int | None = None
    principal: int = 0
    interest: int = 0
    membership_id: int | None = None
    deposit: int = 0
    withdrawal: int = 0
    seen: tuple[int, int] | None = None


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
    # By the form field each problem belongs to (p-<loan>, w-<member>, …), so the screen can
    # put the message beside the row and the cursor in the field.
    errors: dict[str, list[str]] = {}
    warnings, wanted = [], {}
    for row in rows:
        amounts = (row.principal, row.interest, row.deposit, row.withdrawal)
        if any(not isinstance(a, int) or a < 0 for a in amounts):
            _refuse_field(
                errors, _row_field(row), _("Amounts are whole đồng and cannot be negative.")
            )
            continue
        if row.loan_id is not None:
            line = loans.get(row.loan_id)
            if line is None:
                _refuse_field(
                    errors,
                    f"p-{row.loan_id}",
                    _("A loan on the form is not on this group's sheet."),
                )
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
                _refuse_field(
                    errors,
                    f"s-{row.membership_id}",
                    _("A member on the form is not in this group on this day."),
                )
                continue
            if row.withdrawal > member.savings_balance + row.deposit:
                _refuse_field(
                    errors,
                    f"w-{row.membership_id}",
                    _(
                        "%(household)s: the withdrawal of %(amount)s is more than the "
                        "member's savings of %(balance)s."
                    )
                    % {
                        "household": member.household,
                        "amount": format_vnd(row.withdrawal),
                        "balance": format_vnd(member.savings_balance + row.deposit),
                    },
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
    stored = _stored_amounts(wanted)
    # A form sent with nothing typed and nothing saved before is a mistake to say, not a save.
    require(
        bool(stored) or any(_has_money(entry) for entry in wanted.values()),
        _("Nothing was entered: type an amount for at least one loan or member, then save."),
        code="nothing_entered",
    )
    _refuse_stale(day, group, rows, stored, loans, members)
    old, new = _upsert(day, wanted, stored)
    if not old and not new:
        return warnings  # the same form sent again (a double click): nothing to record
    # The group came after all: a note that it brought nothing would now contradict its rows.
    came, _deleted = NoCollection.objects.filter(day=day, group=group).delete()
    record(
        actor=actor,
        action=Action.DAY_ENTRIES_RECORDED,
        instance=day,
        old={"group": group.code, "entries": old},
        new={
            "group": group.code,
            "count": len([e for e in wanted.values() if _has_money(e)]),
            "entries": new,
            **({"no_collection": None} if came else {}),
        },
    )
    return warnings


def _row_field(row: Collected) -> str:
    return f"p-{row.loan_id}" if row.loan_id is not None else f"s-{row.membership_id}"


def _refuse_field(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _stored_amounts(wanted: dict[str, DayEntry]) -> dict[str, dict]:
    """The drafts saved under the rows' keys, as {key: {"pk", "principal", "interest",
    "amount", …}} (the day is locked: no other save of it runs meanwhile)."""
    return {
        row["key"]: row
        for row in DayEntry.objects.filter(key__in=wanted).values("key", "pk", *_DRAFT_FIELDS)
    }


def _amounts(stored: dict | None, *fields) -> tuple[int, ...]:
    return tuple((stored or {}).get(f, 0) for f in fields)


def _refuse_stale(day, group, rows, stored, loans, members) -> None:
    """Refuse every row changed by someone else since the form was opened, naming the group
    and the loan (or household) with the figures saved now; nothing is written. A row already
    holding what this save brings is no conflict: that is the same form sent again."""
    stale = []
    for row in rows:
        if row.seen is None:
            continue
        seen = tuple(row.seen)
        if row.loan_id is not None:
            now = _amounts(stored.get(f"d{day.pk}-c{row.loan_id}"), "principal", "interest")
            if now not in (seen, (row.principal, row.interest)):
                stale.append(
                    ValidationError(
                        _(
                            "Group %(group)s, loan %(loan)s: someone else saved %(principal)s "
                            "of principal and %(interest)s of interest after you opened the "
                            "form. Nothing was saved: open the group again to see their "
                            "figures, then correct them if needed."
                        ),
                        code="stale_draft",
                        params={
                            "group": group.code,
                            "loan": loans[row.loan_id].loan.number,
                            "principal": format_vnd(now[0]),
                            "interest": format_vnd(now[1]),
                        },
                    )
                )
        if row.membership_id is not None:
            now = _amounts(stored.get(f"d{day.pk}-s{row.membership_id}"), "amount") + _amounts(
                stored.get(f"d{day.pk}-w{row.membership_id}"), "amount"
            )
            if now not in (seen, (row.deposit, row.withdrawal)):
                stale.append(
                    ValidationError(
                        _(
                            "Group %(group)s, household %(household)s: someone else saved a "
                            "deposit of %(deposit)s and a withdrawal of %(withdrawal)s after "
                            "you opened the form. Nothing was saved: open the group again to "
                            "see their figures, then correct them if needed."
                        ),
                        code="stale_draft",
                        params={
                            "group": group.code,
                            "household": members[row.membership_id].household.code,
                            "deposit": format_vnd(now[0]),
                            "withdrawal": format_vnd(now[1]),
                        },
                    )
                )
    if stale:
        raise ValidationError(stale)


def _check_collection(line, row, on, errors, warnings):
    label = line.loan.number
    if row.interest > line.interest_due:
        _refuse_field(
            errors,
            f"i-{row.loan_id}",
            _(
                "%(loan)s: the interest entered, %(amount)s, is more than the %(due)s due "
                "on %(day)s."
            )
            % {
                "loan": label,
                "amount": format_vnd(row.interest),
                "due": format_vnd(line.interest_due),
                "day": f"{on:%d/%m/%Y}",
            },
        )
    payable = line.outstanding - line.frozen
    if row.principal > payable:
        _refuse_field(
            errors,
            f"p-{row.loan_id}",
            _("%(loan)s: the principal entered, %(amount)s, is more than the %(owed)s owed.")
            % {"loan": label, "amount": format_vnd(row.principal), "owed": format_vnd(payable)},
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


# What the audit keeps of a draft row: its amounts.
_MONEY_FIELDS = ("principal", "interest", "amount")


def _money_of(values) -> dict:
    return {f: values[f] for f in _MONEY_FIELDS if values[f]}


def _upsert(day, wanted: dict[str, DayEntry], existing: dict[str, dict]) -> tuple[dict, dict]:
    """Drafts keyed by day and row: a resent form (double click, a dropped connection) lands on
    the same rows; a row brought back to zero is no longer an entry. New rows go in one
    statement and rows resent unchanged cost nothing: this is the request a teller waits for
    all day. Returns the amounts of the rows that changed, before and after, by key."""
    new, gone = [], []
    before, after = {}, {}
    for key, entry in wanted.items():
        stored = existing.get(key)
        values = {f: getattr(entry, f) for f in _DRAFT_FIELDS}
        if not _has_money(entry):
            if stored is not None:
                gone.append(stored["pk"])
                before[key], after[key] = _money_of(stored), {}
            continue
        if stored is None:
            new.append(entry)
            before[key], after[key] = {}, _money_of(values)
            continue
        if {f: stored[f] for f in _DRAFT_FIELDS} != values:
            entry.pk = stored["pk"]
            entry.save()
            before[key], after[key] = _money_of(stored), _money_of(values)
    DayEntry.objects.filter(pk__in=gone).delete()
    DayEntry.objects.bulk_create(new)
    return before, after


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
    before = _entry_values(key, "amount", "source_id")
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
    record(
        actor=actor,
        action=Action.DAY_ENTRIES_RECORDED,
        instance=day,
        old={"disbursement": key, **before} if before else None,
        new={
            "disbursement": key,
            "application": application.number,
            "amount": entry.amount,
            "source_id": entry.source_id,
        },
    )
    return entry


def _entry_values(key: str, *fields) -> dict:
    """A draft's stored values before a save changes it ({} if there was none)."""
    return DayEntry.objects.filter(key=key).values(*fields).first() or {}


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
    before = _entry_values(key, "amount")
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
    record(
        actor=actor,
        action=Action.DAY_ENTRIES_RECORDED,
        instance=day,
        old={"payout": key, **before} if before else None,
        new={"payout": key, "amount": entry.amount},
    )
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
    old = _values(day, "cash_count", "cash_counted", "note")
    day.cash_count = clean
    day.cash_counted = sum(int(d) * n for d, n in clean.items())
    day.note = note
    day.save(update_fields=["cash_count", "cash_counted", "note"])
    record(
        actor=actor,
        action=Action.DAY_CASH_COUNTED,
        instance=day,
        old=old,
        new=_values(day, "cash_count", "cash_counted", "note"),
    )
    return day.cash_counted


def _values(day: TransactionDay, *fields) -> dict:
    """The day's fields as the audit keeps them, before or after a change of status or count."""
    data = snapshot(day)
    return {f: data[f if f in data else f"{f}_id"] for f in fields}


@transaction.atomic
def submit(*, actor, day: TransactionDay) -> TransactionDay:
    """The teller hands the day to the controller: entries and cash count are frozen."""
    day = _locked_open(day)
    require(
        day.cash_counted is not None,
        _("Count the cash by denomination before submitting the day."),
        code="no_cash_count",
    )
    _refuse_groups_not_entered(day)
    old = _values(day, "status", "cash_expected")
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
    record(
        actor=actor,
        action=Action.DAY_SUBMITTED,
        instance=day,
        old=old,
        new=_values(day, "status", "cash_expected", "cash_counted"),
    )
    return day


def _refuse_groups_not_entered(day: TransactionDay) -> None:
    missing = selectors.groups_not_entered(day)
    require(
        not missing,
        ngettext(
            "%(count)s group at the point has no entries and no note that it brought nothing "
            'today: %(groups)s. Enter its collections, or record "no collection from this '
            'group today" with the reason.',
            "%(count)s groups at the point have no entries and no note that they brought "
            "nothing today: %(groups)s. Enter each group's collections, or record for it "
            '"no collection from this group today" with the reason.',
            len(missing),
        )
        % {"count": len(missing), "groups": "; ".join(f"{g.code} {g.name}" for g in missing)},
        code="groups_not_entered",
    )


@transaction.atomic
def record_no_collection(*, actor, day: TransactionDay, group, reason: str) -> NoCollection:
    """The teller says a group brought nothing on the day, and why."""
    day = _locked_open(day)
    require(
        group.transaction_point_id == day.point_id,
        _("The group %(group)s does not bank at this point.") % {"group": group},
        code="wrong_point",
    )
    reason = (reason or "").strip()
    require(
        bool(reason),
        _("Say why nothing was collected from the group %(group)s today.") % {"group": group},
        code="reason_required",
    )
    require(
        not DayEntry.objects.filter(day=day, group=group, kind__in=selectors.GROUP_KINDS).exists(),
        _(
            "The group %(group)s already has entries today: bring them back to zero on its "
            "screen before saying nothing was collected."
        )
        % {"group": group},
        code="group_has_entries",
    )
    before = NoCollection.objects.filter(day=day, group=group).values("reason").first()
    note, _created = NoCollection.objects.update_or_create(
        day=day, group=group, defaults={"reason": reason, "recorded_by": actor}
    )
    record(
        actor=actor,
        action=Action.DAY_ENTRIES_RECORDED,
        instance=day,
        old={"group": group.code, "no_collection": before["reason"]} if before else None,
        new={"group": group.code, "no_collection": reason},
    )
    return note


@transaction.atomic
def cancel_no_collection(*, actor, day: TransactionDay, group) -> None:
    """The group came after all: its note goes, and its entries are expected again."""
    day = _locked_open(day)
    note = NoCollection.objects.filter(day=day, group=group).first()
    if note is None:
        return
    record(
        actor=actor,
        action=Action.DAY_ENTRIES_RECORDED,
        instance=day,
        old={"group": group.code, "no_collection": note.reason},
        new={"group": group.code, "no_collection": None},
    )
    note.delete()


@transaction.atomic
def send_back(*, actor, day: TransactionDay, reason: str) -> TransactionDay:
    """The controller returns a submitted day to the teller, with the reason."""
    day = TransactionDay.objects.select_for_update().get(pk=day.pk)
    require(day.status == DayStatus.SUBMITTED, _("Only a submitted day can be sent back."))
    require(bool(reason.strip()), _("Say why the day is sent back."), code="reason_required")
    old = _values(day, "status", "submitted_by")
    day.status = DayStatus.OPEN
    day.save(update_fields=["status"])
    record(
        actor=actor,
        action=Action.DAY_SENT_BACK,
        instance=day,
        old=old,
        new={"status": day.status, "sent_back": reason},
    )
    return day


@transaction.atomic
def sign_off(*, actor, day: TransactionDay, seen: str) -> TransactionDay:
    """The controller approves the day and it is posted, whole, once. ``seen`` is the
    fingerprint of the summary the controller confirmed (`selectors.posting_summary`): what
    is posted is exactly what was shown, never a day changed (sent back, entries altered,
    resubmitted) since the confirmation page was opened."""
    day = TransactionDay.objects.select_for_update().get(pk=day.pk)
    if day.status == DayStatus.POSTED:
        return day  # a repeated sign-off (double click, retry) posts nothing more
    require(
        day.status == DayStatus.SUBMITTED,
        _("The teller has not submitted the day yet."),
        code="not_submitted",
    )
    require(can_act(actor, "day.sign_off"), _("Only a controller signs a day off."), code="role")
    require(
        bool(seen) and seen == selectors.posting_summary(day).fingerprint,
        _(
            "Confirm what will be posted first: open the summary of the day (totals per kind "
            "and per group), check it, then confirm. If it was open already, the day has "
            "changed since: read it again."
        ),
        code="not_confirmed",
    )
    _refuse_groups_not_entered(day)
    makers = {day.submitted_by_id, *day.entries.values_list("entered_by_id", flat=True)}
    require(
        actor.pk not in makers,
        _(
            "You entered or submitted this day, so you cannot also sign it off: another "
            "controller must (maker-checker)."
        ),
        code="maker_checker",
    )
    old = _values(day, "status")
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
    record(
        actor=actor,
        action=Action.DAY_SIGNED_OFF,
        instance=day,
        old=old,
        new={"status": day.status, "net_cash": net, "entries": day.entries.count()},
    )
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


# The group leader's 13/TD statement from the field app has its own module; its writes are the
# app's services like the rest.
from policycredit.transactiondays.statements import (  # noqa: E402, F401
    record_statement,
    resolve_statement,
)
