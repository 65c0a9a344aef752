"""What a borrower is shown of his loan, and the look-up log as the office may read it.

Every figure is the engine's (`loans.selectors.history_of`, `domain.loan.state_at`) or the
collection sheet's for the next transaction day (`transactiondays.selectors.loan_line`), so the
borrower's page, the leader's paper, the teller's sheet and the text message agree to the đồng.
Nothing here adds up money itself.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from policycredit.accounts.selectors import scope_of
from policycredit.domain.loan import LoanRuleError, LoanState, state_at
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.geo.models import TransactionPoint
from policycredit.loans.models import Loan
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import effective_transactions, history_of, loans_for
from policycredit.selfservice.models import Lookup, Outcome
from policycredit.transactiondays.selectors import LoanLine, leader_day, loan_line


def loan_for_lookup(loan_id: int) -> Loan:
    return Loan.objects.select_related(
        "borrower",
        "household",
        "household__head",
        "programme",
        "office",
        "group__transaction_point",
    ).get(pk=loan_id)


# ---------------------------------------------------------------------------- the position


@dataclass(frozen=True)
class Position:
    """A loan as its borrower sees it on the business date."""

    loan: Loan
    today: datetime.date
    state: LoanState | None  # None: the engine refuses the history (the office sorts it out)
    point: TransactionPoint | None  # where the loan's group banks; None: ask the office
    next_day: datetime.date | None  # the point's next session on or after today
    at_next_day: LoanLine | None  # what is due at that session, as the collection sheet says
    other_loans: list = field(default_factory=list)  # the household's other open loans


def position(loan: Loan, today: datetime.date) -> Position:
    history = history_of(loan)
    point = loan.group.transaction_point if loan.group_id else None
    if point is not None and not point.active:
        point = None
    try:
        state = state_at(history, today)
    except LoanRuleError:
        state = None
    next_day = at_next_day = None
    if point is not None:
        next_day = leader_day(loan.group, today)
        if state is not None:
            try:
                at_next_day = loan_line(loan, history, next_day)
            except LoanRuleError:
                at_next_day = None
    others = (
        Loan.objects.filter(household_id=loan.household_id, status__in=OPEN_STATUSES)
        .exclude(pk=loan.pk)
        .order_by("number")
        .values_list("number", "programme__name")
    )
    return Position(loan, today, state, point, next_day, at_next_day, list(others))


# ---------------------------------------------------------------------------- the passbook


@dataclass(frozen=True)
class PassbookLine:
    day: datetime.date
    kind: str  # TransactionKind, or "opening" for a balance brought from the bank's register
    label: str
    disbursed: int
    principal_repaid: int
    interest_paid: int
    written_off: int
    outstanding_after: int | None  # the engine's balance at the end of the day


@dataclass(frozen=True)
class ScheduleLine:
    due: datetime.date
    principal: int
    still_owed: int  # what of it the engine still counts unpaid on the business date


@dataclass(frozen=True)
class Passbook:
    loan: Loan
    today: datetime.date
    state: LoanState | None
    maturity: datetime.date | None
    schedule: list[ScheduleLine]
    lines: list[PassbookLine]


def passbook(loan: Loan, today: datetime.date) -> Passbook:
    """The loan's sổ vay vốn: its schedule and every transaction that stands (reversed ones and
    their reversals left out, as the engine leaves them out), each with the balance after."""
    rows = effective_transactions(loan)
    history = history_of(loan, transactions=rows)
    balances: dict[datetime.date, int | None] = {}
    for day in sorted({t.value_date for t in rows if t.value_date <= today}):
        try:
            balances[day] = state_at(history, day).principal_outstanding
        except LoanRuleError:
            balances[day] = None
    try:
        state = state_at(history, today)
    except LoanRuleError:
        state = None
    owed: dict[datetime.date, int] = {}
    for item in state.remaining_instalments if state else ():
        owed[item.due] = owed.get(item.due, 0) + item.principal
    instalments = list(loan.instalments.order_by("due", "id").values_list("due", "principal"))
    schedule = [ScheduleLine(due, principal, 0) for due, principal in instalments]
    # What is still owed belongs to the instalments of a date in their order.
    for i, line in enumerate(schedule):
        take = min(line.principal, owed.get(line.due, 0))
        owed[line.due] = owed.get(line.due, 0) - take
        schedule[i] = ScheduleLine(line.due, line.principal, take)
    lines = [_line(t, balances.get(t.value_date)) for t in rows if t.value_date <= today]
    return Passbook(
        loan=loan,
        today=today,
        state=state,
        maturity=instalments[-1][0] if instalments else None,
        schedule=schedule,
        lines=lines,
    )


def _line(t, balance) -> PassbookLine:
    opening = t.kind == K.DISBURSEMENT and "opening" in (t.details or {})
    return PassbookLine(
        day=t.value_date,
        kind="opening" if opening else t.kind,
        label=str(K(t.kind).label),
        disbursed=t.principal if t.kind == K.DISBURSEMENT else 0,
        principal_repaid=t.principal if t.kind == K.REPAYMENT else 0,
        interest_paid=t.interest if t.kind == K.REPAYMENT else 0,
        written_off=t.principal if t.kind == K.WRITE_OFF else 0,
        outstanding_after=balance,
    )


# ---------------------------------------------------------------------------- the office's log


def lookups_for(user) -> QuerySet:
    """The look-ups of the loans the user may see; the whole log, numbers that name no loan
    included, for whoever sees everything."""
    qs = Lookup.objects.select_related("loan__borrower")
    if scope_of(user).everything:
        return qs
    return qs.filter(loan__in=loans_for(user).values("id"))


def outcome_counts(qs: QuerySet, since: datetime.datetime) -> dict[str, int]:
    """Look-ups by outcome since a moment, every outcome named (0 when none)."""
    counted = dict(
        qs.filter(at__gte=since).order_by().values_list("outcome").annotate(n=Count("id"))
    )
    return {outcome: counted.get(outcome, 0) for outcome in Outcome.values}


def loans_tried(qs: QuerySet, since: datetime.datetime, limit: int = 20) -> list[dict]:
    """The loans with refused or throttled look-ups since a moment, the most tried first: a
    borrower who forgot a detail, or someone guessing another's."""
    failed = Q(outcome__in=[Outcome.REFUSED, Outcome.THROTTLED])
    rows = (
        qs.filter(failed, at__gte=since, loan__isnull=False)
        .order_by()
        .values("loan_id", "loan__number", "loan__borrower__full_name")
        .annotate(
            refused=Count("id", filter=Q(outcome=Outcome.REFUSED)),
            throttled=Count("id", filter=Q(outcome=Outcome.THROTTLED)),
            last=Max("at"),
        )
        .order_by("-refused", "-throttled", "loan__number")[:limit]
    )
    return list(rows)
