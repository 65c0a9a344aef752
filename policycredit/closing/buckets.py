"""Balances at a rate (`RateBalance`): kept up to date by the loans' postings, rebuilt from a
scan of the loans, and reconciled with that scan at every month end."""

from collections import defaultdict

from django.db.models import F, Sum

from policycredit.closing.models import RateBalance
from policycredit.domain.loanrow import OPEN_STATUSES, in_term
from policycredit.loans.models import IN_TERM, Loan

KEY = (
    "office_id",
    "source_id",
    "programme_id",
    "overdue",
    "monthly_rate",
    "overdue_factor",
    "day_basis",
)


def key_of(loan, overdue: bool) -> tuple:
    return (
        loan.office_id,
        loan.source_id,
        loan.programme_id,
        overdue,
        loan.monthly_rate,
        loan.overdue_factor,
        loan.day_basis,
    )


def apply_deltas(deltas: dict[tuple, int]) -> None:
    """Add principal to the buckets (one UPDATE per bucket touched; a batch touches few)."""
    for key, delta in deltas.items():
        if not delta:
            continue
        fields = dict(zip(KEY, key, strict=True))
        updated = RateBalance.objects.filter(**fields).update(balance=F("balance") + delta)
        if not updated:
            RateBalance.objects.create(**fields, balance=delta)


def loan_deltas(loans, before: dict) -> dict[tuple, int]:
    """What a batch of loans moved between accruing balances: in term and overdue principal
    accrue, frozen principal does not."""
    deltas: dict[tuple, int] = defaultdict(int)
    for loan in loans:
        old = before[loan.pk]
        new_overdue = loan.principal_overdue
        new_in_term = in_term(
            loan.principal_outstanding, loan.principal_overdue, loan.principal_frozen
        )
        deltas[key_of(loan, False)] += new_in_term - old.in_term
        deltas[key_of(loan, True)] += new_overdue - old.overdue
    return deltas


def follow_loans(sender, *, loans, before, **kwargs) -> None:
    """The receiver of `loans.signals.loans_moved`: the buckets move with the loans."""
    apply_deltas(loan_deltas(loans, before))


def follow_opened(sender, *, deltas, **kwargs) -> None:
    """The receiver of `loans.signals.balances_opened`."""
    apply_deltas(deltas)


def scanned() -> dict[tuple, int]:
    """The buckets as a full scan of the loans says they are (month end, first close)."""
    out: dict[tuple, int] = {}
    rows = (
        Loan.objects.filter(status__in=OPEN_STATUSES)
        .values(
            "office_id", "source_id", "programme_id", "monthly_rate", "overdue_factor", "day_basis"
        )
        .annotate(
            in_term=Sum(IN_TERM),
            overdue=Sum("principal_overdue"),
        )
        .order_by()
    )
    for r in rows:
        base = (r["office_id"], r["source_id"], r["programme_id"])
        rate = (r["monthly_rate"], r["overdue_factor"], r["day_basis"])
        for overdue, amount in ((False, r["in_term"]), (True, r["overdue"])):
            if amount:
                out[(*base, overdue, *rate)] = amount
    return out


def held() -> dict[tuple, int]:
    return {
        tuple(row[:-1]): row[-1]
        for row in RateBalance.objects.exclude(balance=0).values_list(*KEY, "balance")
    }


def differences() -> list[tuple[tuple, int, int]]:
    """(bucket, held, scanned) wherever the maintained balances drifted from the loans."""
    kept, truth = held(), scanned()
    return [
        (key, kept.get(key, 0), truth.get(key, 0))
        for key in sorted(set(kept) | set(truth), key=str)
        if kept.get(key, 0) != truth.get(key, 0)
    ]


def rebuild() -> int:
    """Set every bucket's balance to what the loans say (carries are kept)."""
    truth = scanned()
    RateBalance.objects.exclude(balance=0).update(balance=0)
    apply_deltas(truth)
    return len(truth)
