"""Reads of the transaction day: the collection sheets (danh sách thu lãi, thu nợ, tiền gửi),
the day's drafts and totals, the receipts. Scoped to the user through the network's and loans'
selectors.

What a sheet says is due comes from the same engine the calculator uses: for each loan,
``state_at(history, day)`` — so the sheet's interest equals ``policycredit calc --loan NUMBER
--as-of DAY``. Principal due is the overdue principal plus the instalments falling due on or
before the day; savings due is what the member usually saves (the last deposit of the last
three months), a suggestion the teller overwrites.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet, Sum
from django.urls import reverse

from policycredit.accounts.roles import Role
from policycredit.accounts.selectors import scope_of
from policycredit.calendar.selectors import YearData, next_transaction_day
from policycredit.domain.dates import add_months
from policycredit.domain.loan import LoanRuleError, state_at
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.geo.models import TransactionPoint
from policycredit.geo.selectors import transaction_points_for
from policycredit.loans.models import Loan
from policycredit.loans.selectors import histories_of
from policycredit.network.models import Membership, SavingsGroup
from policycredit.network.selectors import groups_for
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import signed_amount
from policycredit.transactiondays.models import (
    DayEntry,
    DayStatus,
    EntryKind,
    LeaderStatementLine,
    NoCollection,
    StatementStatus,
    TransactionDay,
)


def days_for(user) -> QuerySet:
    """Office staff see their offices' days; a ward officer, an organisation officer or a group
    leader sees the days of the points where their groups bank (and, on them, only their
    groups: the sheets read through ``groups_for``)."""
    scope = scope_of(user)
    qs = TransactionDay.objects.select_related("point", "office")
    if scope.everything:
        return qs
    points = groups_for(user).values("transaction_point_id")
    return qs.filter(Q(office_id__in=scope.office_ids) | Q(point_id__in=points))


@dataclass
class LoanLine:
    loan: Loan
    outstanding: int
    overdue: int
    frozen: int
    principal_due: int
    interest_due: int
    next_due: datetime.date | None

    @property
    def total_due(self) -> int:
        return self.principal_due + self.interest_due


@dataclass
class MemberLine:
    membership: Membership
    loans: list[LoanLine]
    savings_due: int
    savings_balance: int

    @property
    def household(self):
        return self.membership.household

    @property
    def total_due(self) -> int:
        return sum(x.total_due for x in self.loans) + self.savings_due


@dataclass
class GroupSheet:
    group: SavingsGroup
    day: datetime.date
    members: list[MemberLine] = field(default_factory=list)

    def total(self, name: str) -> int:
        if name in ("savings_due", "savings_balance", "total_due"):
            return sum(getattr(m, name) for m in self.members)
        return sum(getattr(x, name) for m in self.members for x in m.loans)

    @property
    def totals(self) -> dict:
        names = ["outstanding", "overdue", "principal_due", "interest_due"]
        return {
            **{n: self.total(n) for n in names},
            "savings_due": self.total("savings_due"),
            "total_due": self.total("total_due"),
        }

    @property
    def borrowers(self) -> int:
        return sum(1 for m in self.members if m.loans)


def loan_line(loan: Loan, history, day: datetime.date) -> LoanLine:
    state = state_at(history, day)
    due_now = sum(i.principal for i in state.remaining_instalments if i.due <= day)
    return LoanLine(
        loan=loan,
        outstanding=state.principal_outstanding,
        overdue=state.principal_overdue,
        frozen=state.principal_frozen,
        principal_due=min(state.principal_overdue + due_now, state.principal_outstanding),
        interest_due=state.interest_due,
        next_due=state.next_due.due if state.next_due else None,
    )


def point_sheets(user, point, day: datetime.date, group_ids=None) -> list[GroupSheet]:
    """Every group's sheet at a point for a day, in a handful of queries whatever the size."""
    groups = groups_for(user).filter(transaction_point=point).select_related("organisation")
    if group_ids is not None:
        groups = groups.filter(pk__in=group_ids)
    groups = list(groups.order_by("code"))
    members = (
        Membership.objects.filter(group__in=groups, joined__lte=day)
        .exclude(left__lt=day)
        .select_related("household__head")
        .order_by("group_id", "household__code")
    )
    loans = list(
        Loan.objects.filter(group__in=groups, first_disbursed_on__lte=day)
        .exclude(~Q(status__in=OPEN_STATUSES), state_date__lte=day)
        .select_related("programme", "borrower")
        .order_by("first_disbursed_on", "number")
    )
    histories = histories_of(loans)
    by_household: dict[tuple, list] = {}
    for loan in loans:
        try:
            line = loan_line(loan, histories[loan.pk], day)
        except LoanRuleError:
            continue  # a history the engine refuses at this date is shown on the loan's page
        if line.outstanding or line.interest_due:
            by_household.setdefault((loan.group_id, loan.household_id), []).append(line)
    usual, balances = _savings_figures(members, day)
    sheets = {g.pk: GroupSheet(group=g, day=day) for g in groups}
    for m in members:
        sheets[m.group_id].members.append(
            MemberLine(
                membership=m,
                loans=by_household.get((m.group_id, m.household_id), []),
                savings_due=usual.get(m.pk, 0),
                savings_balance=balances.get(m.pk, 0),
            )
        )
    return list(sheets.values())


def group_sheet(user, group: SavingsGroup, day: datetime.date) -> GroupSheet:
    return point_sheets(user, group.transaction_point, day, group_ids=[group.pk])[0]


def _savings_figures(members, day):
    """Each member's usual monthly saving (the last deposit of the last three months) and
    balance on the day, in two queries."""

    ids = [m.pk for m in members]
    recent = SavingsTransaction.objects.filter(
        membership_id__in=ids,
        kind="deposit",
        value_date__lt=day,
        value_date__gte=add_months(day, -3),
        reversed_by__isnull=True,
    )
    last = dict(
        recent.values("membership_id").annotate(last=Max("id")).values_list("membership_id", "last")
    )
    usual = dict(
        SavingsTransaction.objects.filter(pk__in=last.values()).values_list(
            "membership_id", "amount"
        )
    )
    balances = dict(
        SavingsTransaction.objects.filter(membership_id__in=ids, value_date__lte=day)
        .values("membership_id")
        .annotate(total=Sum(signed_amount()))
        .values_list("membership_id", "total")
    )
    return usual, balances


# ---------------------------------------------------------------------------- the day's drafts


@dataclass
class DayTotals:
    collected_principal: int = 0
    collected_interest: int = 0
    deposits: int = 0
    withdrawals: int = 0
    disbursed: int = 0
    payouts: int = 0

    @property
    def cash_in(self) -> int:
        return self.collected_principal + self.collected_interest + self.deposits

    @property
    def cash_out(self) -> int:
        return self.withdrawals + self.disbursed + self.payouts

    @property
    def net(self) -> int:
        return self.cash_in - self.cash_out


def day_totals(day: TransactionDay) -> DayTotals:
    totals = DayTotals()
    rows = day.entries.values("kind").annotate(
        principal=Sum("principal"), interest=Sum("interest"), amount=Sum("amount")
    )
    for r in rows:
        if r["kind"] == EntryKind.COLLECTION:
            totals.collected_principal += r["principal"] or 0
            totals.collected_interest += r["interest"] or 0
        elif r["kind"] == EntryKind.DEPOSIT:
            totals.deposits += r["amount"] or 0
        elif r["kind"] == EntryKind.WITHDRAWAL:
            totals.withdrawals += r["amount"] or 0
        elif r["kind"] == EntryKind.DISBURSEMENT:
            totals.disbursed += r["amount"] or 0
        else:
            totals.payouts += r["amount"] or 0
    return totals


def expected_cash(day: TransactionDay) -> int:
    """What the till should hold at close: the cash brought, plus what came in, less what
    went out."""
    return day.cash_brought + day_totals(day).net


def entries_of(day: TransactionDay, group=None) -> QuerySet:
    # The households too: the day page lists whom to give a receipt, one row per entry.
    qs = day.entries.select_related(
        "loan__household",
        "membership__household",
        "application__borrower",
        "application__household",
        "source",
        "entered_by",
    )
    return qs.filter(group=group) if group is not None else qs


# What a group brings to the point itself; a disbursement or a payout is the office's doing.
GROUP_KINDS = (EntryKind.COLLECTION, EntryKind.DEPOSIT, EntryKind.WITHDRAWAL)


def groups_not_entered(day: TransactionDay) -> list[SavingsGroup]:
    """The point's groups with a member on the day that have neither an entry nor a note that
    they brought nothing: a day with such a group is not submitted or signed off. Read for the
    services whoever asks (the truth of the day is not the reader's scope)."""
    members = Membership.objects.filter(joined__lte=day.date).exclude(left__lt=day.date)
    return list(
        SavingsGroup.objects.filter(transaction_point_id=day.point_id, founded__lte=day.date)
        .exclude(closed__lt=day.date)
        .filter(pk__in=members.values("group_id"))
        .exclude(pk__in=day.entries.filter(kind__in=GROUP_KINDS).values("group_id"))
        .exclude(pk__in=NoCollection.objects.filter(day=day).values("group_id"))
        .order_by("code")
    )


def no_collections_of(day: TransactionDay) -> dict[int, NoCollection]:
    """The day's notes that a group brought nothing, by group id."""
    return {n.group_id: n for n in day.no_collections.select_related("group", "recorded_by")}


@dataclass
class GroupPosting:
    """One group's part of what sign-off posts."""

    group: SavingsGroup
    principal: int = 0
    interest: int = 0
    deposits: int = 0
    withdrawals: int = 0
    disbursed: int = 0
    payouts: int = 0
    entries: int = 0
    no_collection: str = ""

    @property
    def net(self) -> int:
        return (
            self.principal
            + self.interest
            + self.deposits
            - self.withdrawals
            - self.disbursed
            - self.payouts
        )


@dataclass
class PostingSummary:
    """What "approve and post" will post, as the controller confirms it: totals per kind,
    per group (and what belongs to no group: fees paid to an organisation), the number of
    receipts, and a fingerprint of every entry and the cash, which the sign-off checks."""

    totals: DayTotals
    groups: list[GroupPosting]
    other: GroupPosting | None
    entries: int
    receipts: int
    fingerprint: str


def posting_summary(day: TransactionDay) -> PostingSummary:
    entries = list(
        day.entries.select_related("group", "loan", "membership", "application").order_by("key")
    )
    notes = no_collections_of(day)
    by_group: dict[int | None, GroupPosting] = {}
    households = set()
    # The day as stored now, not as the caller's copy remembers it.
    stored = TransactionDay.objects.filter(pk=day.pk).values(
        "status", "cash_brought", "cash_counted", "submitted_at"
    )[0]
    digest = hashlib.sha256(f"{day.pk}|{sorted(stored.items())}".encode())
    for e in entries:
        digest.update(f"|{e.key}:{e.kind}:{e.principal}:{e.interest}:{e.amount}".encode())
        line = by_group.get(e.group_id)
        if line is None:
            line = by_group[e.group_id] = GroupPosting(group=e.group)
        line.entries += 1
        if e.kind == EntryKind.COLLECTION:
            line.principal += e.principal
            line.interest += e.interest
        elif e.kind == EntryKind.DEPOSIT:
            line.deposits += e.amount
        elif e.kind == EntryKind.WITHDRAWAL:
            line.withdrawals += e.amount
        elif e.kind == EntryKind.DISBURSEMENT:
            line.disbursed += e.amount
        else:
            line.payouts += e.amount
        household = (
            e.loan.household_id
            if e.loan_id
            else e.membership.household_id
            if e.membership_id
            else e.application.household_id
            if e.application_id
            else None
        )
        if household is not None:
            households.add(household)
    for group_id in sorted(notes):
        digest.update(f"|n{group_id}:{notes[group_id].reason}".encode())
        if group_id not in by_group:
            by_group[group_id] = GroupPosting(group=notes[group_id].group)
        by_group[group_id].no_collection = notes[group_id].reason
    other = by_group.pop(None, None)
    return PostingSummary(
        totals=day_totals(day),
        groups=sorted(by_group.values(), key=lambda g: g.group.code),
        other=other,
        entries=len(entries),
        receipts=len(households),
        fingerprint=digest.hexdigest()[:32],
    )


def receipt_lines(day: TransactionDay, household) -> list[DayEntry]:
    """What one household paid in or received on the day (its receipt)."""
    return list(
        entries_of(day)
        .filter(
            kind__in=[
                EntryKind.COLLECTION,
                EntryKind.DEPOSIT,
                EntryKind.WITHDRAWAL,
                EntryKind.DISBURSEMENT,
            ]
        )
        .filter(
            Q(loan__household=household)
            | Q(membership__household=household)
            | Q(application__household=household)
        )
        .order_by("kind", "id")
    )


# ---------------------------------------------------------------------------- work queues


def days_to_sign_off(user) -> QuerySet:
    """Days the teller submitted and nobody signed off yet, the oldest first."""
    return days_for(user).filter(status=DayStatus.SUBMITTED).order_by("date", "point__name")


def days_not_posted(user, until: datetime.date) -> QuerySet:
    """Days up to ``until`` not yet signed off and posted: the close of their date waits for
    them (`closing.services`), the oldest first."""
    return (
        days_for(user)
        .filter(date__lte=until)
        .exclude(status=DayStatus.POSTED)
        .order_by("date", "point__name")
    )


@dataclass(frozen=True)
class DayToEnter:
    date: datetime.date
    point: TransactionPoint
    day: TransactionDay | None  # None: the session is in the calendar, the day not opened yet


def days_to_enter(user, today: datetime.date, ahead: int = 7) -> list[DayToEnter]:
    """The days a teller takes entries on: those opened and not yet submitted, then the
    sessions of the calendar from ``today`` to ``ahead`` days on that nobody opened yet; by
    date. Reads the points and their calendar once, whatever their number."""
    until = today + datetime.timedelta(days=ahead)
    opened = list(days_for(user).filter(status=DayStatus.OPEN).order_by("date", "point__name"))
    known = set(days_for(user).filter(date__range=(today, until)).values_list("point_id", "date"))
    points = list(transaction_points_for(user).filter(active=True).order_by("name"))
    data = YearData(today.year, until.year, [p.pk for p in points])
    coming = [
        DayToEnter(session.date, point, None)
        for point in points
        for year in range(today.year, until.year + 1)
        for session in data.sessions(point, year)
        if today <= session.date <= until and (point.pk, session.date) not in known
    ]
    found = [DayToEnter(day.date, day.point, day) for day in opened] + coming
    return sorted(found, key=lambda d: (d.date, d.point.name))


# ---------------------------------------------------------------------- the group leader's papers


def leader_day(group: SavingsGroup, today: datetime.date) -> datetime.date:
    """The transaction day the leader prepares for: the point's next session on or after
    today, from the calendar (its day record is opened only on the day itself)."""
    return next_transaction_day(group.transaction_point, today)


def leader_sheet(user, group: SavingsGroup, today: datetime.date) -> GroupSheet:
    """What each member owes at the next transaction day: the collection sheet of that date,
    so the leader's paper and the teller's sheet agree to the đồng."""
    return group_sheet(user, group, leader_day(group, today))


@dataclass(frozen=True)
class LeaderPapers:
    group: SavingsGroup
    day: datetime.date
    sheet_url: str
    statement_url: str


def leader_papers(user, today: datetime.date) -> LeaderPapers | None:
    """A group leader's papers for the next transaction day (the sheet of what each member
    owes, the 13/TD statement to send), or None for anyone who leads no group."""
    if user.role != Role.GROUP_LEADER:
        return None
    group = groups_for(user).select_related("transaction_point").order_by("code").first()
    if group is None:
        return None
    return LeaderPapers(
        group=group,
        day=leader_day(group, today),
        sheet_url=reverse("transactiondays:leader_sheet_group", args=[group.pk]),
        statement_url=reverse("transactiondays:statement_13td_group", args=[group.pk]),
    )


# ------------------------------------------------------- the 13/TD statement from the field app


def statement_lines_for(user) -> QuerySet:
    """The statement lines of the groups the user may see, every status."""
    return LeaderStatementLine.objects.select_related(
        "membership__household__head", "group", "recorded_by"
    ).filter(group__in=groups_for(user).values("id"))


def open_conflicts_for(user) -> QuerySet:
    """Statement lines kept as conflicts that nobody has resolved yet, the oldest first."""
    return (
        statement_lines_for(user)
        .filter(status=StatementStatus.CONFLICT)
        .order_by("received_at", "id")
    )


def accepted_statement(group, day: datetime.date) -> dict[int, LeaderStatementLine]:
    """The accepted line of each member of the group for the day, by membership id: the
    teller's starting values. Read for the entry sheet whoever opens it (the sheet itself is
    scoped)."""
    lines = LeaderStatementLine.objects.filter(
        group=group, day=day, status=StatementStatus.ACCEPTED
    ).order_by("received_at", "id")
    return {line.membership_id: line for line in lines}


def open_conflicts_of(group) -> list[LeaderStatementLine]:
    return list(
        LeaderStatementLine.objects.filter(group=group, status=StatementStatus.CONFLICT)
        .select_related("membership__household")
        .order_by("received_at", "id")
    )
