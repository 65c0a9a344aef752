"""Reads of applications and loans, scoped to the user, and the engine's view of a loan."""

import datetime
from typing import NamedTuple

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from policycredit.accounts.roles import can_act
from policycredit.accounts.selectors import scope_of
from policycredit.borrowers.selectors import households_for, persons_matching
from policycredit.domain.loan import (
    Disbursement,
    Freeze,
    Instalment,
    LoanHistory,
    LoanState,
    OpeningInterest,
    Payment,
    Terms,
    WriteOff,
    state_at,
)
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.loans.models import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    Loan,
    LoanStatus,
    LoanTransaction,
)
from policycredit.loans.models import Instalment as InstalmentRow
from policycredit.loans.models import TransactionKind as K


def lending() -> Q:
    """Disbursements that are lending, for turnover: not the opening disbursement that carries a
    loan's position over from the bank's register (its money was lent before, in the bank's
    books; `registers.services`)."""
    return Q(kind=K.DISBURSEMENT) & ~Q(details__has_key="opening")


def _scoped(qs: QuerySet, user, household_path: str) -> QuerySet:

    scope = scope_of(user)
    if scope.everything:
        return qs
    return qs.filter(
        Q(office_id__in=scope.office_ids)
        | Q(**{f"{household_path}__in": households_for(user).values("id")})
    )


def applications_for(user) -> QuerySet:
    qs = Application.objects.select_related("household", "borrower", "programme", "group")
    return _scoped(qs, user, "household")


def loans_for(user) -> QuerySet:
    qs = Loan.objects.select_related("borrower", "programme", "source", "group", "household")
    return _scoped(qs, user, "household")


def numbered_matching(queryset: QuerySet, term: str) -> QuerySet:
    """The loans or applications of ``queryset`` (already scoped) a search term finds: by their
    number (the contract's, the application's), the borrower's name or household code."""
    return persons_matching(queryset, term, path="borrower", numbers=["number"])


def search_loans(user, term: str) -> QuerySet:
    """The loans the user may see that a search term finds, the closest first."""
    return numbered_matching(loans_for(user), term)


def transactions_for(user) -> QuerySet:
    return LoanTransaction.objects.select_related("loan", "actor").filter(
        loan__in=loans_for(user).values("id")
    )


def effective_transactions(loan: Loan, rows=None) -> list[LoanTransaction]:
    """The loan's transactions that stand: neither reversed nor reversals themselves."""
    rows = list(loan.transactions.order_by("value_date", "id")) if rows is None else rows
    reversed_ids = {t.reverses_id for t in rows if t.kind == K.REVERSAL}
    return [t for t in rows if t.kind != K.REVERSAL and t.pk not in reversed_ids]


class _Row(NamedTuple):
    """A transaction as the engine's view needs it: lighter than a model instance."""

    pk: int
    kind: str
    value_date: datetime.date
    principal: int
    interest: int
    details: dict
    reverses_id: int | None


class _Due(NamedTuple):
    due: datetime.date
    principal: int


def histories_of(loans: list[Loan]) -> dict[int, LoanHistory]:
    """The engine's view of many loans, read with two queries whatever their number."""
    ids = [loan.pk for loan in loans]
    transactions: dict[int, list] = {i: [] for i in ids}
    rows = (
        LoanTransaction.objects.filter(loan_id__in=ids)
        .order_by("value_date", "id")
        .values_list(
            "loan_id",
            "id",
            "kind",
            "value_date",
            "principal",
            "interest",
            "details",
            "reverses_id",
        )
    )
    for loan_id, *fields in rows:
        transactions[loan_id].append(_Row(*fields))
    schedules: dict[int, list] = {i: [] for i in ids}
    for loan_id, due, principal in (
        InstalmentRow.objects.filter(loan_id__in=ids, unfreeze__isnull=True)
        .order_by("due")
        .values_list("loan_id", "due", "principal")
    ):
        schedules[loan_id].append(_Due(due, principal))
    return {
        loan.pk: history_of(
            loan, effective_transactions(loan, transactions[loan.pk]), schedules[loan.pk]
        )
        for loan in loans
    }


def scheduled(loan: Loan) -> QuerySet:
    """The loan's own schedule as it stands (without the instalments an unfreeze set, which
    belong to that decision: `Instalment.unfreeze`)."""
    return loan.instalments.filter(unfreeze__isnull=True).order_by("due")


def history_of(loan: Loan, transactions=None, instalments=None) -> LoanHistory:
    """What the pure engine needs to know of a loan, built from its transaction log."""
    rows = effective_transactions(loan) if transactions is None else transactions
    if instalments is None:
        instalments = scheduled(loan)
    freezes: list[dict] = []
    for t in rows:
        if t.kind == K.FREEZE:
            freezes.append(
                {
                    "start": t.value_date,
                    "end": None,
                    "amount": t.details.get("amount"),
                    "instalments": (),
                }
            )
        elif t.kind == K.UNFREEZE and freezes and freezes[-1]["end"] is None:
            freezes[-1]["end"] = t.value_date
            # The frozen principal comes back on the schedule the unfreeze decision set.
            freezes[-1]["instalments"] = tuple(
                Instalment(datetime.date.fromisoformat(row["due"]), row["principal"])
                for row in t.details.get("schedule", [])
            )
    opening = None
    for t in rows:
        brought = t.details.get("opening_interest") if t.kind == K.DISBURSEMENT else None
        if brought:
            # A loan opened from earlier books (the bank's register): the interest they said
            # was unpaid, due from the date they were drawn up (see domain.history).
            opening = OpeningInterest(
                datetime.date.fromisoformat(brought["from"]),
                brought.get("in_term", 0),
                brought.get("overdue", 0),
            )
    return LoanHistory(
        terms=Terms(
            monthly_rate=loan.monthly_rate,
            overdue_factor=loan.overdue_factor,
            day_basis=loan.day_basis,
        ),
        disbursements=tuple(
            Disbursement(t.value_date, t.principal) for t in rows if t.kind == K.DISBURSEMENT
        ),
        instalments=tuple(Instalment(i.due, i.principal) for i in instalments),
        payments=tuple(
            Payment(t.value_date, t.interest, t.principal) for t in rows if t.kind == K.REPAYMENT
        ),
        freezes=tuple(Freeze(f["start"], f["end"], f["amount"], f["instalments"]) for f in freezes),
        write_offs=tuple(
            WriteOff(t.value_date, t.principal, t.interest) for t in rows if t.kind == K.WRITE_OFF
        ),
        opening=opening,
    )


def loan_state(loan: Loan, as_of: datetime.date) -> LoanState:
    return state_at(history_of(loan), as_of)


def outstanding_from_source(source, office_id=None) -> int:
    qs = Loan.objects.filter(source=source, status__in=OPEN_STATUSES)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    return qs.aggregate(total=Sum("principal_outstanding"))["total"] or 0


def household_programme_exposure(household, programme, excluding_application=None) -> int:
    """Principal a household owes or has asked for under one programme."""
    owed = (
        Loan.objects.filter(household=household, programme=programme)
        .filter(status__in=OPEN_STATUSES)
        .aggregate(total=Sum("principal_outstanding"))["total"]
        or 0
    )
    pending = Application.objects.filter(
        household=household,
        programme=programme,
        status__in=["submitted", "reviewed", "appraised", "confirmed", "approved"],
    )
    if excluding_application is not None:
        pending = pending.exclude(pk=excluding_application.pk)
    return owed + (pending.aggregate(total=Sum("amount"))["total"] or 0)


# ---------------------------------------------------------------------------- work queues

# The step each status waits for (the order of `services.applications`): an application is at
# a user's step when their role may take the step it waits for.
WAITS_FOR = {
    ApplicationStatus.SUBMITTED: ApplicationStatus.REVIEWED,
    ApplicationStatus.REVIEWED: ApplicationStatus.APPRAISED,
    ApplicationStatus.APPRAISED: ApplicationStatus.CONFIRMED,
    ApplicationStatus.CONFIRMED: ApplicationStatus.APPROVED,
}

# Loans that still repay on their schedule: a frozen debt has none until it is unfrozen.
_REPAYING = [LoanStatus.ACTIVE, LoanStatus.OVERDUE]


def statuses_at_step_of(user) -> list[str]:
    """The statuses of applications that wait for a step the user's role may take."""
    return [s for s, step in WAITS_FOR.items() if can_act(user, f"application.{step}")]


def applications_at_step_of(user) -> QuerySet:
    """The applications waiting for a step the user may take, oldest first: their role may take
    it, and they took no earlier step of the same application (one person, one step)."""
    took_a_step = ApplicationStep.objects.filter(application=OuterRef("pk"), actor=user)
    return (
        applications_for(user)
        .filter(status__in=statuses_at_step_of(user))
        .exclude(Exists(took_a_step))
        .order_by("applied_on", "id")
    )


def _with_instalment_between(user, start: datetime.date, end: datetime.date) -> QuerySet:
    """The repaying loans the user may see with an instalment due from ``start`` to ``end``
    (found through the instalments' due-date index, not by reading every loan)."""
    falling = InstalmentRow.objects.filter(due__gte=start, due__lte=end)
    scope = scope_of(user)
    if scope.office_ids and not (scope.ward_ids or scope.organisation_ids or scope.group_ids):
        # An office's own instalments (an instalment carries its loan's office): the planner
        # need not walk the whole country's due dates to find one office's.
        falling = falling.filter(office_id__in=scope.office_ids)
    return loans_for(user).filter(status__in=_REPAYING, id__in=falling.values("loan_id"))


def principal_due_by(end: datetime.date):
    """The principal a loan has falling due up to ``end`` on top of what is overdue already, in
    SQL: what the schedule asks up to then, less what was repaid or written off (a prepayment
    pays the nearest instalments, as in the close's transfer to overdue) and less the overdue
    principal; never more than the principal in term."""
    scheduled = (
        InstalmentRow.objects.filter(loan=OuterRef("pk"), due__lte=end)
        .order_by()
        .values("loan")
        .annotate(total=Sum("principal"))
        .values("total")
    )
    return Least(
        F("principal_outstanding") - F("principal_overdue") - F("principal_frozen"),
        Greatest(
            Value(0),
            Coalesce(Subquery(scheduled), Value(0))
            - F("principal_repaid_total")
            - F("principal_written_off")
            - F("principal_overdue"),
        ),
    )


def instalments_due_by_point(user, start: datetime.date, end: datetime.date) -> list[dict]:
    """Principal falling due from ``start`` to ``end`` on the loans the user may see, by the
    transaction point where the loan's group banks (None: loans without a group): each point's
    number of loans, principal and first due date, the soonest first."""
    first_due = (
        InstalmentRow.objects.filter(loan=OuterRef("pk"), due__gte=start)
        .order_by("due")
        .values("due")[:1]
    )
    rows = (
        _with_instalment_between(user, start, end)
        .annotate(due_now=principal_due_by(end), first_due=Subquery(first_due))
        .filter(due_now__gt=0)
        .values("group__transaction_point_id")
        .annotate(loans=Count("id"), principal=Sum("due_now"), first=Min("first_due"))
        .order_by("first", "group__transaction_point_id")
    )
    return [
        {
            "point_id": r["group__transaction_point_id"],
            "loans": r["loans"],
            "principal": r["principal"],
            "first": r["first"],
        }
        for r in rows
    ]


def loans_maturing(user, start: datetime.date, end: datetime.date) -> QuerySet:
    """Repaying loans whose last instalment falls from ``start`` to ``end``, the soonest first."""
    last_due = InstalmentRow.objects.filter(loan=OuterRef("pk")).order_by("-due").values("due")[:1]
    return (
        _with_instalment_between(user, start, end)
        .annotate(maturity=Subquery(last_due))
        .filter(maturity__lte=end)
        .order_by("maturity", "number")
    )


def new_overdue(user, since: datetime.date, until: datetime.date) -> QuerySet:
    """Loans that fell overdue from ``since`` to ``until`` and still are, the earliest first
    (through the overdue-since index)."""
    return (
        loans_for(user)
        .filter(status=LoanStatus.OVERDUE, overdue_since__gte=since, overdue_since__lte=until)
        .order_by("overdue_since", "number")
    )
