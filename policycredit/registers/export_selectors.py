"""Reads behind the exports (the HSTD register and the monthly telegram), scoped to the user.

``user=None`` is the console: `policycredit export` runs with the operator's full access, as
`policycredit ledger check` does. A web request always passes its user.
"""

import datetime

from django.db.models import Q, QuerySet, Sum

from policycredit.accounts.selectors import scope_of
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.geo.models import Office
from policycredit.loans.models import Loan, LoanTransaction, Snapshot
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import lending

OPEN = OPEN_STATUSES


def offices_for_export(user=None, office_code: str | None = None) -> QuerySet:
    """The offices whose registers the user may take out: their scope's offices."""
    qs = Office.objects.order_by("code")
    if user is not None:
        scope = scope_of(user)
        if not scope.everything:
            qs = qs.filter(pk__in=scope.office_ids)
    if office_code:
        qs = qs.filter(code=office_code)
    return qs


def loans_on(offices: QuerySet, as_of: datetime.date) -> QuerySet:
    """The loans that may owe something on ``as_of``: disbursed by then and either open now or
    still moving on or after that day. A loan settled before ``as_of`` keeps a state date
    (the day of its last refresh) no earlier than its settlement, so it drops out here."""
    return Loan.objects.filter(
        office__in=offices.values("pk"), first_disbursed_on__lte=as_of
    ).filter(Q(status__in=OPEN) | Q(state_date__gte=as_of))


def flows_in(
    offices: QuerySet, first: datetime.date, last: datetime.date
) -> dict[int, dict[str, int]]:
    """Lending and collection turnover (principal disbursed, principal repaid) per office over
    [first, last], the reversed transactions and their reversals left out: what the month-end
    snapshot keeps as ``disbursed_in_month`` / ``collected_in_month``."""
    rows = (
        LoanTransaction.objects.filter(
            office_id__in=offices.values("pk"), value_date__gte=first, value_date__lte=last
        )
        .exclude(kind=K.REVERSAL)
        .filter(reversed_by__isnull=True)
        .values("office_id")
        .annotate(
            lent=Sum("principal", filter=lending()),
            collected=Sum("principal", filter=Q(kind=K.REPAYMENT)),
        )
        .order_by()
    )
    return {
        r["office_id"]: {"lent": r["lent"] or 0, "collected": r["collected"] or 0} for r in rows
    }


def snapshot_of(offices: QuerySet, month_end: datetime.date) -> dict[int, dict[str, int]]:
    """The close of day's month-end snapshot summed per office, for the offices that have one."""

    rows = (
        Snapshot.objects.filter(month_end=month_end, office_id__in=offices.values("pk"))
        .values("office_id")
        .annotate(
            outstanding=Sum("outstanding"),
            overdue=Sum("overdue"),
            frozen=Sum("frozen"),
            lent=Sum("disbursed_in_month"),
            collected=Sum("collected_in_month"),
        )
        .order_by()
    )
    return {r["office_id"]: {k: v or 0 for k, v in r.items() if k != "office_id"} for r in rows}
