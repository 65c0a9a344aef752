"""The steps of the close of a business day, in the order `PIPELINE` gives.

Each step touches only what the day changes: the loans with an instalment falling due that day,
the buckets of balances at a rate, and at a month end one scan of the portfolio. Each returns
a few figures for its run record. A step runs inside its own transaction with its run record
(see `services.close_day`), so it is done wholly or not at all.
"""

import calendar
import datetime
from collections import defaultdict

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from policycredit.closing import buckets
from policycredit.closing.models import RateBalance
from policycredit.closing.snapshot import take
from policycredit.common.models import BusinessDate
from policycredit.common.selectors import replaying, rule
from policycredit.domain import posting as p
from policycredit.domain.accrual import IN_TERM, OVERDUE, accrue_bucket
from policycredit.domain.history import Terms
from policycredit.domain.loan import state_at
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.domain.money import format_vnd
from policycredit.fees.models import FeeStatement
from policycredit.fees.services import compute_month
from policycredit.geo.models import Office
from policycredit.ledger.checks import AccountCodes
from policycredit.ledger.models import EntryKind
from policycredit.ledger.services import EntrySpec, post_many
from policycredit.loans.models import Instalment, Loan, LoanStatus, LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.proof import deep_check
from policycredit.loans.selectors import histories_of
from policycredit.loans.services import refresh_states

ONE_DAY = datetime.timedelta(days=1)


class CloseError(Exception):
    """The close cannot go on; the message says why (and names the account)."""


def is_month_end(day: datetime.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def opening(day: datetime.date, actor) -> dict:
    """The first close ever: the buckets from a scan of the loans, and the interest accrued
    but not yet collected by then put in the books as receivable (until now interest was
    income when collected). The one step that visits every loan still owing, once in the
    system's life: an open loan, and a loan settled or written off in principal whose interest
    is still owed (``interest_left``), which the engine counts as due like any other."""

    # From here on, postings dated after this day are on the accrual basis.
    BusinessDate.objects.update_or_create(
        pk=1, defaults={"first_closed": day}, create_defaults={"today": day, "first_closed": day}
    )
    buckets.rebuild()
    due: dict[tuple, int] = defaultdict(int)
    loans = list(Loan.objects.filter(Q(status__in=OPEN_STATUSES) | ~Q(interest_left=0)))
    for start in range(0, len(loans), 2000):
        chunk = loans[start : start + 2000]
        histories = histories_of(chunk)
        for loan in chunk:
            interest = state_at(histories[loan.pk], day).interest_due
            due[(loan.office_id, loan.source_id, loan.programme_id)] += interest
    by_office: dict[int, list] = defaultdict(list)
    for (office, source, programme), amount in due.items():
        if amount:
            by_office[office] += p.interest_accrued(amount, 0, source, programme)
    _post(day, actor, by_office, "Lãi dự thu đầu kỳ (mở sổ lãi dự thu)")
    return {"loans": len(loans), "receivable": sum(due.values())}


# The day's loans are handled this many at a time: every statement names them by primary key,
# and SQLite caps the parameters of one statement (32,766).
CHUNK = 10_000


def transfer_overdue(day: datetime.date, actor) -> dict:
    """Instalments falling due today and unpaid at its end are overdue from tomorrow. The day's
    loans come from the index on the due date; each statement below reaches them by primary key,
    never by a join weighed against the portfolio. One journal entry per office moves the
    principal from in term to overdue."""

    # (order_by(): the models' default orderings would join the loans into every query.)
    due_today = sorted(
        set(Instalment.objects.filter(due=day).order_by().values_list("loan_id", flat=True))
    )
    moved: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    updated = 0
    for start in range(0, len(due_today), CHUNK):
        chunk_moved, chunk_updated = _transfer_chunk(day, due_today[start : start + CHUNK], actor)
        updated += chunk_updated
        for key, (amount, loans) in chunk_moved.items():
            moved[key][0] += amount
            moved[key][1] += loans
    deltas: dict[tuple, int] = defaultdict(int)
    by_office: dict[int, list] = defaultdict(list)
    for (office, source, programme, *rate), (amount, _loans) in moved.items():
        deltas[(office, source, programme, False, *rate)] -= amount
        deltas[(office, source, programme, True, *rate)] += amount
        before, after = p.Position(in_term=amount), p.Position(overdue=amount)
        by_office[office] += p.reclassify(before, after, source, programme)
    buckets.apply_deltas(deltas)
    _post(day, actor, by_office, "Chuyển nợ quá hạn cuối ngày")
    return {"loans": updated, "principal": sum(amount for amount, _ in moved.values())}


def _transfer_chunk(
    day: datetime.date, ids: list[int], actor=None
) -> tuple[dict[tuple, list[int]], int]:
    """Move to overdue what fell due by ``day`` and is unpaid, for these loans: the principal
    moved per bucket (grouped in SQL) and the number of loans updated."""
    # A loan ever frozen or written off is not "scheduled less repaid": a freeze takes
    # principal from the tail of the schedule and brings it back on the unfreeze decision's own
    # instalments, a write-off takes it from the tail. The SQL below cannot say where its
    # principal stands, so those few loans are derived again by the engine, which can.
    by_engine = set(
        LoanTransaction.objects.filter(loan_id__in=ids, kind__in=[K.FREEZE, K.WRITE_OFF])
        .order_by()
        .values_list("loan_id", flat=True)
    )
    if by_engine:
        _transfer_by_engine(day, sorted(by_engine), actor)
    candidates = Loan.objects.filter(
        pk__in=sorted(set(ids) - by_engine),
        status__in=[LoanStatus.ACTIVE, LoanStatus.OVERDUE],
        principal_frozen=0,
    )
    cumulative = (
        Instalment.objects.filter(loan=OuterRef("pk"), due__lte=day)
        .order_by()
        .values("loan")
        .annotate(total=Sum("principal"))
        .values("total")
    )
    owed = Least(
        F("principal_outstanding"),
        Greatest(
            Value(0),
            Coalesce(Subquery(cumulative), Value(0))
            - F("principal_repaid_total")
            - F("principal_written_off"),
        ),
    )
    moving = candidates.alias(new_overdue=owed).filter(new_overdue__gt=F("principal_overdue"))
    dimensions = [k for k in buckets.KEY if k != "overdue"]
    moved = {
        tuple(row[k] for k in dimensions): [row["amount"], row["loans"]]
        for row in moving.values(*dimensions)
        .annotate(amount=Sum(F("new_overdue") - F("principal_overdue")), loans=Count("id"))
        .order_by()
    }
    if not moved:
        return {}, 0
    next_due = (
        Instalment.objects.filter(loan=OuterRef("pk"), due__gt=day)
        .order_by("due")
        .values("due")[:1]
    )
    tomorrow = day + ONE_DAY
    updated = moving.update(
        principal_overdue=owed,
        status=LoanStatus.OVERDUE,
        overdue_since=Coalesce(F("overdue_since"), Value(tomorrow)),
        state_date=tomorrow,
        next_due=Subquery(next_due),
    )
    return moved, updated


def _transfer_by_engine(day: datetime.date, ids: list[int], actor) -> None:
    """The engine's state of these loans as of tomorrow morning, on their rows, in the books
    (a reclassification entry each) and in the balances at a rate."""

    loans = list(Loan.objects.filter(pk__in=ids, status__in=OPEN_STATUSES).order_by("pk"))
    if loans:
        refresh_states(loans, as_of=day + ONE_DAY, actor=actor)


def accrue_interest(day: datetime.date, actor) -> dict:
    """The day's interest on every balance at a rate, posted per office, source and programme:
    receivable against ordinary and overdue-interest income. Reads the buckets, never a loan."""
    rows = list(RateBalance.objects.filter(balance__gt=0))
    by_dimension: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for bucket in rows:
        terms = Terms(
            monthly_rate=bucket.monthly_rate,
            overdue_factor=bucket.overdue_factor,
            day_basis=bucket.day_basis,
        )
        kind = OVERDUE if bucket.overdue else IN_TERM
        posted, bucket.carry = accrue_bucket(bucket.carry, bucket.balance, terms, kind)
        key = (bucket.office_id, bucket.source_id, bucket.programme_id)
        by_dimension[key][1 if bucket.overdue else 0] += posted
    RateBalance.objects.bulk_update(rows, ["carry"], batch_size=2000)
    by_office: dict[int, list] = defaultdict(list)
    for (office, source, programme), (in_term, overdue) in by_dimension.items():
        if in_term or overdue:
            by_office[office] += p.interest_accrued(in_term, overdue, source, programme)
    _post(day, actor, by_office, "Lãi dự thu trong ngày")
    total = sum(a + b for a, b in by_dimension.values())
    return {"buckets": len(rows), "interest": total}


def classify(day: datetime.date, actor) -> dict:
    """Debt groups by days past due as of tomorrow: only the loans that reach a threshold
    tomorrow move (one UPDATE per threshold; a loan overdue since D is 1 day past due on D)."""

    tomorrow = day + ONE_DAY
    thresholds = sorted(rule("closing.debt_group_days", tomorrow))
    moved = 0
    for group, days in enumerate(thresholds, start=2):
        since = tomorrow - datetime.timedelta(days=days - 1)
        moved += Loan.objects.filter(overdue_since=since, debt_group__lt=group).update(
            debt_group=group
        )
    return {"loans": moved}


def month_end(day: datetime.date, actor) -> dict:
    """At a month's last day: the maintained buckets must equal a scan of the loans (else the
    close stops, naming the account), then the portfolio snapshot."""
    if not is_month_end(day):
        return {"skipped": "not a month end"}
    drift = buckets.differences()
    if drift:
        (office, source, programme, overdue, *_rate), held, truth = drift[0]
        kind = p.LOANS_OVERDUE if overdue else p.LOANS_IN_TERM

        raise CloseError(
            f"balances at a rate differ from the loans for {len(drift)} bucket(s), e.g. account "
            f"{AccountCodes().of(office, kind, source, programme)}: "
            f"held {format_vnd(held)}, loans {format_vnd(truth)}"
        )

    return {"snapshot_rows": take(day)}


def month_proof(day: datetime.date, actor) -> dict:
    """At a month's last day, after the month's last transfer to overdue: every loan that
    changed in the month (a transaction, an instalment falling due, a day more past due) is
    replayed through the engine and compared with its row and its books; a difference stops the
    close, naming the loans and fields (`loans.proof`)."""
    if not is_month_end(day):
        return {"skipped": "not a month end"}
    first = day.replace(day=1)
    changed = set(
        LoanTransaction.objects.filter(value_date__gte=first)
        .order_by()
        .values_list("loan_id", flat=True)
    )
    changed |= set(
        Instalment.objects.filter(due__gte=first, due__lte=day)
        .order_by()
        .values_list("loan_id", flat=True)
    )
    changed |= set(Loan.objects.filter(overdue_since__isnull=False).values_list("pk", flat=True))
    # As the morning after sees them: the transfer and the debt groups of `day` are done.
    with replaying(day + ONE_DAY):
        report = deep_check(loan_ids=changed)
    if not report.ok:
        loans = sorted({d.loan for d in report.differences})
        raise CloseError(
            f"{len(report.differences)} difference(s) between the engine and {len(loans)} "
            f"loan(s): " + "; ".join(str(d) for d in report.differences[:10])
        )
    return {"loans": report.loans, "seconds": round(report.seconds, 3)}


def month_rollup(day: datetime.date, actor) -> dict:
    """Stands for the reports' roll-up where reporting is not installed. The reporting app
    puts its own step in its place when it is (`register`): the close sits below reporting and
    never imports it."""
    return {"skipped": "reporting is not installed"}


def register(name: str, step) -> None:
    """A higher app gives the close one of its steps (by a name the pipeline already lists)."""
    if name not in PIPELINE:
        raise KeyError(f"the close has no step named {name!r} in its pipeline")
    STEPS[name] = step


def month_fees(day: datetime.date, actor) -> dict:
    """At a month's last day: each office's entrustment fees and commissions for the month
    (once; an office whose month was computed by hand is left as it is)."""
    if not is_month_end(day):
        return {"skipped": "not a month end"}

    month = day.replace(day=1)
    done = set(FeeStatement.objects.filter(month=month).values_list("office_id", flat=True))
    computed = 0
    # The month has ended once its last day closes: the fees see it from the next morning.
    with replaying(day + ONE_DAY):
        for office in Office.objects.exclude(pk__in=done):
            compute_month(actor=actor, office=office, month=month)
            computed += 1
    return {"offices": computed}


def _post(day, actor, by_office, memo):
    post_many(
        [
            EntrySpec(
                office_id=office,
                value_date=day,
                kind=EntryKind.CLOSE,
                lines=tuple(lines),
                memo=memo,
                actor=actor,
            )
            for office, lines in by_office.items()
            if lines
        ]
    )


# The pipeline, in order. Settings may give another (POLICYCREDIT_CLOSE_STEPS, by name).
STEPS = {
    "transfer_overdue": transfer_overdue,
    "accrue_interest": accrue_interest,
    "classify": classify,
    "month_end": month_end,
    "month_proof": month_proof,
    "month_rollup": month_rollup,
    "month_fees": month_fees,
}
# The day's interest accrues on the day's balances, so it runs before the instalments falling
# due today turn overdue (they are overdue, and accrue overdue interest, from tomorrow).
PIPELINE = [
    "accrue_interest",
    "transfer_overdue",
    "classify",
    "month_end",
    "month_proof",
    "month_rollup",
    "month_fees",
]
