"""A month's figures for the fees, read from the loans' transactions in a handful of queries.

For each loan an office lends through a group, at the month's end (``as_of``):

* **outstanding** — disbursed less principal repaid and written off by that day, from the
  transaction log (transactions that were reversed, and the reversals, left out);
* **interest collected** — interest of the repayments dated in the month, likewise;
* **overdue** — the loans' state rows hold overdue principal as of their last refresh, not as
  of a past month's end, and replaying every loan's history for every month would be too dear.
  So overdue at the month's end is taken as the smallest of: the loan's overdue principal now,
  the principal of its instalments that fell due by that day (an instalment due on the month's
  last day and unpaid at its close is overdue, as the close of that day makes it) less the
  principal repaid and written off by then, and its outstanding then. It is exact for a loan
  still overdue now whose schedule has not changed since; a loan that was overdue at the time
  and has caught up since counts as not overdue. Frozen principal (khoanh nợ, suspended by
  decision after an objective risk) is not overdue, and stays in the outstanding.

The statements need these figures only summed by group × programme (``GroupMonth``). When the
close of day has taken the month-end snapshot, they are read from it (a few rows per group,
whatever the portfolio's size); the snapshot was taken from the loans' state rows at the close of
the month's last day, which are exact. Otherwise (a month computed by hand, or a database that
has never been closed) they are summed from the loans as above.

Members' savings collected come from the savings app when it is installed (deposits dated in the
month, reversed ones left out); without it a group has collected no savings.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, Sum

from policycredit.loans.models import Instalment, Loan, LoanTransaction, Snapshot
from policycredit.loans.models import TransactionKind as K
from policycredit.savings.models import SavingsTransaction


@dataclass(frozen=True)
class LoanMonth:
    loan_id: int
    group_id: int
    organisation_id: int
    programme_id: int
    outstanding: int
    overdue: int
    interest: int


@dataclass(frozen=True)
class GroupMonth:
    """A group's figures under one programme: ``base_balance`` is the outstanding of its loans
    whose interest was collected in the month (the entrustment fee's base)."""

    group_id: int
    organisation_id: int
    programme_id: int
    outstanding: int
    base_balance: int
    overdue: int
    interest: int


def group_months(office_id: int, start: datetime.date, as_of: datetime.date) -> list[GroupMonth]:

    if Snapshot.objects.filter(office_id=office_id, month_end=as_of).exists():
        return from_snapshot(office_id, as_of)
    return from_loans(office_id, start, as_of)


def from_snapshot(office_id: int, month_end: datetime.date) -> list[GroupMonth]:

    snapshot = Snapshot.objects.filter(office_id=office_id, month_end=month_end)
    rows = (
        snapshot.filter(group__isnull=False)
        .values("group_id", "group__organisation_id", "programme_id")
        .annotate(
            outstanding=Sum("outstanding"),
            base=Sum("paying_outstanding"),
            overdue=Sum("overdue"),
            interest=Sum("interest_in_month"),
        )
        .order_by("group_id", "programme_id")
    )
    return [
        GroupMonth(
            r["group_id"],
            r["group__organisation_id"],
            r["programme_id"],
            r["outstanding"],
            r["base"],
            r["overdue"],
            r["interest"],
        )
        for r in rows
        if r["outstanding"] or r["interest"]
    ]


def from_loans(office_id: int, start: datetime.date, as_of: datetime.date) -> list[GroupMonth]:
    sums: dict[tuple, list[int]] = {}
    for x in loan_months(office_id, start, as_of):
        row = sums.setdefault((x.group_id, x.organisation_id, x.programme_id), [0, 0, 0, 0])
        row[0] += x.outstanding
        row[1] += x.outstanding if x.interest else 0
        row[2] += x.overdue
        row[3] += x.interest
    return [GroupMonth(*key, *figures) for key, figures in sorted(sums.items())]


def loan_months(office_id: int, start: datetime.date, as_of: datetime.date) -> list[LoanMonth]:
    """The figures of every loan of the office that went through a group, as of ``as_of``,
    with the interest collected from ``start`` to ``as_of``."""
    standing = LoanTransaction.objects.filter(
        office_id=office_id,
        value_date__lte=as_of,
        kind__in=[K.DISBURSEMENT, K.REPAYMENT, K.WRITE_OFF],
        reversed_by__isnull=True,
    )
    flows = {
        row["loan_id"]: row
        for row in standing.values("loan_id").annotate(
            disbursed=Sum("principal", filter=Q(kind=K.DISBURSEMENT)),
            repaid=Sum("principal", filter=Q(kind__in=[K.REPAYMENT, K.WRITE_OFF])),
            interest=Sum("interest", filter=Q(kind=K.REPAYMENT, value_date__gte=start)),
        )
    }
    fell_due = dict(
        Instalment.objects.filter(office_id=office_id, due__lte=as_of)
        .values("loan_id")
        .annotate(total=Sum("principal"))
        .values_list("loan_id", "total")
    )
    loans = Loan.objects.filter(
        office_id=office_id, group__isnull=False, first_disbursed_on__lte=as_of
    ).values_list("id", "group_id", "group__organisation_id", "programme_id", "principal_overdue")
    out = []
    for loan_id, group_id, organisation_id, programme_id, overdue_now in loans:
        flow = flows.get(loan_id)
        if flow is None:
            continue  # its disbursement was reversed
        repaid = flow["repaid"] or 0
        outstanding = (flow["disbursed"] or 0) - repaid
        overdue = min(overdue_now, max(fell_due.get(loan_id, 0) - repaid, 0), outstanding)
        interest = flow["interest"] or 0
        if outstanding or interest:
            out.append(
                LoanMonth(
                    loan_id,
                    group_id,
                    organisation_id,
                    programme_id,
                    outstanding,
                    max(overdue, 0),
                    interest,
                )
            )
    return out


def savings_collected(office_id: int, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Members' savings deposited in each group from ``start`` to ``end``: {group id: đồng}."""
    model = _savings_model()
    if model is None:
        return {}
    where = "office_id" if _has_field(model, "office") else "membership__office_id"
    deposits = model.objects.filter(
        **{where: office_id}, kind="deposit", value_date__gte=start, value_date__lte=end
    )
    if _has_field(model, "reverses"):
        deposits = deposits.filter(reversed_by__isnull=True)
    rows = deposits.values("membership__group_id").annotate(total=Sum("amount"))
    return {row["membership__group_id"]: row["total"] or 0 for row in rows}


def _savings_model():
    """The members' savings movements (the fees sit above the savings app)."""
    return SavingsTransaction


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
