"""Reads of applications and loans, scoped to the user, and the engine's view of a loan."""

import datetime
from typing import NamedTuple

from django.db.models import Q, QuerySet, Sum

from policycredit.accounts.selectors import scope_of
from policycredit.borrowers.selectors import households_for
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
from policycredit.loans.models import Application, Loan, LoanTransaction
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
