"""What the field app reads: the groups a person works for, a group's pack for the meeting,
the open conflicts. Every figure is the collection sheet's (`transactiondays.selectors`: the
leader's sheet of the point's next transaction day), so the phone, the 13/TD paper and the
teller's sheet agree to the đồng; every read goes through the scoped selectors.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.accounts.roles import Role, can_act
from policycredit.common.selectors import business_date
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.inspections.models import GroupInspection, LoanUseCheck, UseOutcome
from policycredit.inspections.selectors import checkable_loans, sheet_in_force
from policycredit.network.models import SavingsGroup
from policycredit.network.selectors import groups_for
from policycredit.transactiondays import fingerprint, prefill
from policycredit.transactiondays import selectors as days
from policycredit.transactiondays.leader import member_name
from policycredit.transactiondays.models import ConflictReason, LeaderStatementLine

# How far ahead a teller's app looks for the points' next sessions.
TELLER_DAYS_AHEAD = 7


@dataclass(frozen=True)
class FieldGroup:
    group: SavingsGroup
    day: datetime.date
    members: int


def groups_of(user, today: datetime.date) -> list[FieldGroup]:
    """The groups the user may work for in the field, each with the point's next day: a group
    leader his own group; an organisation or credit officer the groups of his area; a teller
    the groups of his office's points whose next day is within a week."""
    groups = (
        groups_for(user)
        .filter(closed__isnull=True)
        .select_related("transaction_point")
        .order_by("transaction_point__name", "code")
    )
    next_days: dict[int, datetime.date] = {}
    found = []
    for group in groups:
        point = group.transaction_point_id
        if point not in next_days:
            next_days[point] = days.leader_day(group, today)
        found.append(FieldGroup(group, next_days[point], group.active_members))
    if user.role == Role.TELLER:
        until = today + datetime.timedelta(days=TELLER_DAYS_AHEAD)
        found = [g for g in found if g.day <= until]
    return found


def field_group(user, group_id: int, today: datetime.date) -> FieldGroup | None:
    """A group of the user's area with its point's next day, or None for one outside it.
    A teller may download any group of his office (his list shows only this week's)."""
    group = (
        groups_for(user)
        .filter(pk=group_id, closed__isnull=True)
        .select_related("transaction_point")
        .first()
    )
    if group is None:
        return None
    return FieldGroup(group, days.leader_day(group, today), group.active_members)


def group_data(entry: FieldGroup) -> dict:
    point = entry.group.transaction_point
    return {
        "id": entry.group.pk,
        "code": entry.group.code,
        "name": entry.group.name,
        "point": {"id": point.pk, "name": point.name, "address": point.address},
        "day": entry.day,
        "members": entry.members,
    }


def member_data(member, day: datetime.date, collected=None) -> dict:
    """One member of the pack (also the "now" of a conflict)."""
    figures = fingerprint.member_figures(member, day)
    return {
        "membership_id": member.membership.pk,
        "household_id": member.household.pk,
        "household_code": member.household.code,
        "name": member_name(member),
        "outstanding": figures["outstanding"],
        "interest_due": figures["interest_due"],
        "principal_due": figures["principal_due"],
        "savings_due": member.savings_due,
        "savings_balance": member.savings_balance,
        "loans": [
            {
                "loan_id": x.loan.pk,
                "number": x.loan.number,
                "programme": x.loan.programme.code,
                "outstanding": x.outstanding,
                "overdue": x.overdue,
                "interest_due": x.interest_due,
                "principal_due": x.principal_due,
                "next_due": x.next_due,
            }
            for x in member.loans
        ],
        "basis": fingerprint.basis_of(member, day),
        "collected": None
        if collected is None
        else {"interest": collected.interest, "savings": collected.savings, "key": collected.key},
    }


def pack(user, entry: FieldGroup, today: datetime.date) -> dict:
    """What to take to the meeting: each member's figures for the point's next day, and the
    06/TD checks and the 16/TD inspection for those who record them."""
    group, day = entry.group, entry.day
    sheet = days.group_sheet(user, group, day)
    collected = days.accepted_statement(group, day)
    data = {
        "group": group_data(entry),
        "day": day,
        "downloaded_at": timezone.now(),
        "members": [member_data(m, day, collected.get(m.membership.pk)) for m in sheet.members],
        "checks": None,
        "inspection": None,
    }
    if can_act(user, "inspections.check"):
        data["checks"] = _checks(user, group)
    if can_act(user, "inspections.inspect"):
        data["inspection"] = _inspection(group, today)
    return data


def _checks(user, group) -> dict:
    loans = (
        checkable_loans(user)
        .filter(group=group, status__in=OPEN_STATUSES)
        .select_related("household", "borrower", "programme")
        .order_by("household__code", "number")
    )
    checked = set(LoanUseCheck.objects.filter(loan__group=group).values_list("loan_id", flat=True))
    return {
        "loans": [
            {
                "loan_id": loan.pk,
                "number": loan.number,
                "household_code": loan.household.code,
                "name": loan.borrower.full_name,
                "programme": loan.programme.code,
                "checked": loan.pk in checked,
            }
            for loan in loans
        ],
        "outcomes": [{"value": v, "label": str(label)} for v, label in UseOutcome.choices],
    }


def _inspection(group, today: datetime.date) -> dict | None:
    """This year's score sheet in force today (an inspection is recorded once done)."""
    criteria, _bands = sheet_in_force(today)
    if not criteria:
        return None
    return {
        "year": today.year,
        "criteria": [{"code": c.code, "label": c.name, "max": c.max_score} for c in criteria],
        "done": GroupInspection.objects.filter(group=group, year=today.year).exists(),
    }


# ------------------------------------------------------------------------------ conflicts


def conflict_message(line: LeaderStatementLine, day: datetime.date) -> str:
    if line.conflict_reason == ConflictReason.DAY_MOVED:
        return _(
            "The transaction day is now %(day)s, not %(recorded)s: check the amounts against "
            "the figures of the new day, then keep them or change them."
        ) % {"day": f"{day:%d/%m/%Y}", "recorded": f"{line.day:%d/%m/%Y}"}
    return _(
        "The member's figures changed after the list was downloaded (a payment or a savings "
        "movement at the bank): check the amounts against the figures now, then keep them or "
        "change them."
    )


class _Sheets:
    """Each group's sheet of its point's next day, read once however many conflicts it has."""

    def __init__(self, user):
        self.user, self.today, self.found = user, business_date(), {}

    def member(self, group, membership_id):
        if group.pk not in self.found:
            day = days.leader_day(group, self.today)
            self.found[group.pk] = (day, days.group_sheet(self.user, group, day))
        day, sheet = self.found[group.pk]
        member = next((m for m in sheet.members if m.membership.pk == membership_id), None)
        return day, member


def conflict_of(user, line: LeaderStatementLine, sheets: _Sheets | None = None) -> dict:
    """A conflict as the app shows it: why, what the app had, what holds now."""
    sheets = sheets or _Sheets(user)
    group = groups_for(user).select_related("transaction_point").get(pk=line.group_id)
    day, member = sheets.member(group, line.membership_id)
    return {
        "id": line.pk,
        "reason": line.conflict_reason,
        "message": conflict_message(line, day),
        "then": line.then,
        "now": member_data(member, day) if member is not None else None,
    }


def open_conflicts(user) -> list[dict]:
    """The open conflicts of the user's area, with the figures now."""
    sheets = _Sheets(user)
    found = []
    for line in days.open_conflicts_for(user):
        conflict = conflict_of(user, line, sheets)
        found.append(
            {
                **conflict,
                "key": line.key,
                "group_id": line.group_id,
                "membership_id": line.membership_id,
                "name": line.membership.household.head.full_name
                if line.membership.household.head_id
                else line.membership.household.code,
                "day": line.day,
                "recorded": {"interest": line.interest, "savings": line.savings},
                "recorded_at": line.recorded_at,
            }
        )
    return found


# ---------------------------------------------------------------- a day's sheet through the API


def sheet_data(user, day, group) -> dict:
    """A group's collection sheet of an opened day, with what is entered and what the entry
    sheet starts from (the web form's values: `transactiondays.views.GroupEntryView`)."""
    sheet = days.group_sheet(user, group, day.date)
    saved = {e.key: e for e in days.entries_of(day, group)}
    start = prefill.from_statement(sheet) if not saved else prefill.Prefill()
    members = []
    for member in sheet.members:
        mid = member.membership.pk
        deposit = saved.get(f"d{day.pk}-s{mid}")
        withdrawal = saved.get(f"d{day.pk}-w{mid}")
        line = start.lines.get(mid)
        loans = []
        for x in member.loans:
            entry = saved.get(f"d{day.pk}-c{x.loan.pk}")
            entered = (entry.principal, entry.interest) if entry else (0, 0)
            loans.append(
                {
                    "loan_id": x.loan.pk,
                    "number": x.loan.number,
                    "programme": x.loan.programme.code,
                    "outstanding": x.outstanding,
                    "overdue": x.overdue,
                    "frozen": x.frozen,
                    "principal_due": x.principal_due,
                    "interest_due": x.interest_due,
                    "next_due": x.next_due,
                    "principal": entered[0],
                    "interest": entered[1],
                    "seen": list(entered),
                    "start_interest": entry.interest
                    if entry
                    else start.interest.get(x.loan.pk, x.interest_due),
                }
            )
        amounts = (deposit.amount if deposit else 0, withdrawal.amount if withdrawal else 0)
        members.append(
            {
                "membership_id": mid,
                "household_id": member.household.pk,
                "household_code": member.household.code,
                "name": member_name(member),
                "savings_due": member.savings_due,
                "savings_balance": member.savings_balance,
                "deposit": amounts[0],
                "withdrawal": amounts[1],
                "seen": list(amounts),
                "start_deposit": amounts[0]
                if saved
                else start.deposits.get(mid, member.savings_due),
                "statement": None
                if line is None
                else {
                    "interest": line.interest,
                    "savings": line.savings,
                    "key": line.key,
                    "received_at": line.received_at,
                },
                "loans": loans,
            }
        )
    return {
        "day": day,
        "group": group,
        "editable": day.status == "open" and can_act(user, "day.enter"),
        "members": members,
        "totals": sheet.totals,
        "conflicts": len(days.open_conflicts_of(group)),
    }
