"""The month-end portfolio snapshot: one grouped scan of the loans (and one of the month's
transactions) written as aggregate rows, so reports for past months never replay loans."""

import datetime

from django.db import connection
from django.db.models import Count, F, Q, Sum

from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.loans.models import Loan, LoanTransaction, Snapshot
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import lending

DIMENSIONS = {
    "office_id": "office_id",
    "ward_id": "group__transaction_point__ward_id",
    "programme_id": "programme_id",
    "source_id": "source_id",
    "organisation_id": "group__organisation_id",
    "group_id": "group_id",
}


def take(month_end: datetime.date) -> int:

    Snapshot.objects.filter(month_end=month_end).delete()  # a re-run replaces, never adds
    first = month_end.replace(day=1)
    open_loans = Loan.objects.filter(
        status__in=OPEN_STATUSES,
        first_disbursed_on__lte=month_end,
    )
    rows = _stocks(open_loans)
    _add_paying(rows, open_loans, first, month_end)
    _add_flows(rows, first, month_end)
    _write(month_end, rows)
    return len(rows)


def _stocks(open_loans) -> dict[tuple, dict]:
    """The open loans' balances, borrowers and jobs, one row per key of DIMENSIONS."""
    rows: dict[tuple, dict] = {}
    # Borrowers are distinct households: summed per household first (a hash aggregation the
    # database runs in parallel), then counted per row, instead of one COUNT(DISTINCT …) that
    # sorts the whole portfolio.
    per_household = (
        open_loans.values(**{f"k_{k}": F(v) for k, v in DIMENSIONS.items()}, k_h=F("household_id"))
        .annotate(
            n=Count("id"),
            o=Sum("principal_outstanding"),
            od=Sum("principal_overdue"),
            fr=Sum("principal_frozen"),
            jn=Sum("jobs_new_verified"),
            jm=Sum("jobs_maintained_verified"),
        )
        .order_by()
    )
    inner, params = per_household.query.sql_with_params()
    keys = ", ".join(f"k_{k}" for k in DIMENSIONS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {keys}, SUM(n), COUNT(*), SUM(o), SUM(od), SUM(fr), SUM(jn), SUM(jm) "
            f"FROM ({inner}) per_household GROUP BY {keys}",
            params,
        )
        for *key, loans, borrowers, outstanding, overdue, frozen, jobs_new, jobs_kept in cursor:
            rows[tuple(key)] = {
                **dict(zip(DIMENSIONS, key, strict=True)),
                "loans": loans,
                "borrowers": borrowers,
                "outstanding": outstanding,
                "overdue": overdue,
                "frozen": frozen,
                "jobs_new": jobs_new,
                "jobs_maintained": jobs_kept,
            }
    return rows


def _add_paying(rows: dict[tuple, dict], open_loans, first, month_end) -> None:
    """The outstanding principal of the open loans that paid interest in the month."""
    # The loans that paid interest in the month, found from the month's transactions (index on
    # the date), then reached by primary key: the cost follows the month's payers.
    payers = (
        LoanTransaction.objects.filter(
            value_date__gte=first,
            value_date__lte=month_end,
            kind=K.REPAYMENT,
            interest__gt=0,
            reversed_by__isnull=True,
        )
        .order_by()
        .values("loan_id")
    )
    for r in (
        open_loans.filter(pk__in=payers)
        .values(**{f"k_{k}": F(v) for k, v in DIMENSIONS.items()})
        .annotate(paying=Sum("principal_outstanding"))
        .order_by()
    ):
        key = tuple(r[f"k_{k}"] for k in DIMENSIONS)
        rows[key]["paying_outstanding"] = r["paying"] or 0


def _add_flows(rows: dict[tuple, dict], first, month_end) -> None:
    """The month's disbursements, collections and interest, also for keys with no open loan."""
    flows = (
        LoanTransaction.objects.filter(value_date__gte=first, value_date__lte=month_end)
        .exclude(kind=K.REVERSAL)
        .filter(reversed_by__isnull=True)
        .values(**{f"k_{k}": F(f"loan__{v}") for k, v in DIMENSIONS.items()})
        .annotate(
            disbursed=Sum("principal", filter=lending()),
            collected=Sum("principal", filter=Q(kind=K.REPAYMENT)),
            interest=Sum("interest", filter=Q(kind=K.REPAYMENT)),
        )
        .order_by()
    )
    for f in flows:
        key = tuple(f[f"k_{k}"] for k in DIMENSIONS)
        rows.setdefault(key, dict(zip(DIMENSIONS, key, strict=True))).update(
            disbursed_in_month=f["disbursed"] or 0,
            collected_in_month=f["collected"] or 0,
            interest_in_month=f["interest"] or 0,
        )


def _write(month_end: datetime.date, rows: dict[tuple, dict]) -> None:
    Snapshot.objects.bulk_create(
        [
            Snapshot(
                month_end=month_end,
                **{k: r.get(k) for k in DIMENSIONS},
                loans=r.get("loans") or 0,
                borrowers=r.get("borrowers") or 0,
                outstanding=r.get("outstanding") or 0,
                overdue=r.get("overdue") or 0,
                frozen=r.get("frozen") or 0,
                disbursed_in_month=r.get("disbursed_in_month", 0),
                collected_in_month=r.get("collected_in_month", 0),
                interest_in_month=r.get("interest_in_month", 0),
                paying_outstanding=r.get("paying_outstanding", 0),
                jobs_new=r.get("jobs_new") or 0,
                jobs_maintained=r.get("jobs_maintained") or 0,
            )
            for r in rows.values()
        ],
        batch_size=5000,
    )
