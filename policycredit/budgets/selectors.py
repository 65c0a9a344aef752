"""Every read of the budgets' money, scoped to the user.

A plan, recall, allocation or hand-over belongs to an office and a source. The office's staff
see their office's; a board member or government officer of a district or province sees the
offices serving it; a ward's officer sees the plans of his ward's own budget (and of the old
wards reported under it). The figures come from the books and the loans, never typed in.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from policycredit.accounts.models import Proposal, ProposalStatus
from policycredit.accounts.roles import Act
from policycredit.accounts.selectors import scope_of
from policycredit.budgets.models import (
    BudgetPlan,
    Handover,
    HandoverShare,
    InterestAllocation,
    InterestUseRule,
    Recall,
    Transfer,
)
from policycredit.capital.models import CapitalSource, SourceLevel
from policycredit.domain import posting as p
from policycredit.geo.models import AdminUnit, Office
from policycredit.ledger.models import JournalLine
from policycredit.ledger.selectors import balance
from policycredit.loans.models import Loan, LoanTransaction

LOAN_CLASSES = (p.LOANS_IN_TERM, p.LOANS_OVERDUE, p.LOANS_FROZEN)
INTEREST_KINDS = (p.INTEREST_INCOME, p.OVERDUE_INTEREST_INCOME)


# ------------------------------------------------------------------------------ scope


def _scoped(user, qs: QuerySet, office="office_id", unit="source__unit_id") -> QuerySet:
    scope = scope_of(user)
    if scope.everything:
        return qs
    if scope.ward_ids:
        return qs.filter(**{f"{unit}__in": scope.ward_ids})
    return qs.filter(**{f"{office}__in": scope.office_ids})


def plans_for(user) -> QuerySet:
    return _scoped(user, BudgetPlan.objects.select_related("source", "source__unit", "office"))


def year_to_open(user, today: datetime.date) -> int:
    """The year the plans' page opens on: this year's once planned, else the latest planned
    (a budget is decided in its year's first months), else this year."""
    latest = plans_for(user).filter(year__lte=today.year).aggregate(Max("year"))["year__max"]
    return latest or today.year


def recalls_for(user) -> QuerySet:
    return _scoped(
        user, Recall.objects.select_related("plan", "plan__source"), unit="plan__source__unit_id"
    )


def allocations_for(user) -> QuerySet:
    return _scoped(
        user,
        InterestAllocation.objects.select_related("source", "office").prefetch_related("parts"),
    )


def handovers_for(user) -> QuerySet:
    return _scoped(
        user,
        Handover.objects.select_related("source", "office").prefetch_related("shares__successor"),
    )


def rules_for(user) -> QuerySet:
    """The rule table: one for the installation."""
    return InterestUseRule.objects.all()


def local_sources_for(user) -> QuerySet:
    """The local budgets whose money the user may see at some office."""
    qs = CapitalSource.objects.exclude(level=SourceLevel.CENTRAL).select_related("unit")
    scope = scope_of(user)
    if scope.everything:
        return qs
    if scope.ward_ids:
        return qs.filter(unit_id__in=scope.ward_ids)
    # The budgets of the units the offices serve (a new source has no plan yet), and any
    # budget that already entrusts money to them (the city's, the province's).
    served = set()
    for office in Office.objects.filter(pk__in=scope.office_ids).select_related("area"):
        served |= sources_under(office.area) or set()
    return qs.filter(
        Q(unit_id__in=served)
        | Q(budget_plans__office_id__in=scope.office_ids)
        | Q(decisions__office_id__in=scope.office_ids)
    ).distinct()


def offices_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = Office.objects.all()
    if scope.everything:
        return qs
    if scope.ward_ids:
        return qs.filter(budgetplan__source__unit_id__in=scope.ward_ids).distinct()
    return qs.filter(pk__in=scope.office_ids)


def sources_under(unit: AdminUnit | None):
    """Sources of ``unit`` and of the units below it (None: no narrowing)."""
    if unit is None:
        return None
    ids, frontier = {unit.pk}, [unit.pk]
    while frontier:
        frontier = list(
            AdminUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.update(frontier)
    ids.update(unit.predecessions.values_list("predecessor_id", flat=True))
    return ids


# ------------------------------------------------------------------------------ figures


def transferred(plan: BudgetPlan, until: datetime.date | None = None) -> int:
    qs = Transfer.objects.filter(plan=plan)
    if until is not None:
        qs = qs.filter(decision__date__lte=until)
    return qs.aggregate(t=Sum("decision__amount"))["t"] or 0


def recalled(plan: BudgetPlan, until: datetime.date | None = None) -> int:
    qs = Recall.objects.filter(plan=plan)
    if until is not None:
        qs = qs.filter(date__lte=until)
    return qs.aggregate(t=Sum("amount"))["t"] or 0


def pending_transfers(plan: BudgetPlan) -> int:
    """Transfers of the plan waiting for a second person: they count against what is decided."""
    qs = Proposal.objects.filter(
        act=Act.CAPITAL_DECISION,
        status=ProposalStatus.PENDING,
        parameters__link__budget_plan=plan.pk,
    )
    return qs.aggregate(t=Sum("amount"))["t"] or 0


def capital_at(source_id: int, office_id: int, on: datetime.date) -> int:
    """What the office owes the source on ``on``, as the books hold it (transfers less recalls
    and hand-overs)."""
    return -balance(office_id=office_id, kinds=[p.CAPITAL_PAYABLE], source_id=source_id, as_of=on)


def outstanding_at(source_id: int, office_id: int, on: datetime.date | None) -> int:
    return balance(office_id=office_id, kinds=LOAN_CLASSES, source_id=source_id, as_of=on)


def idle(source_id: int, office_id: int, on: datetime.date) -> int:
    """Capital not lent: entrusted less outstanding, on ``on`` and today alike (money lent out
    since ``on`` is not idle any more); the smaller."""
    then = capital_at(source_id, office_id, on) - outstanding_at(source_id, office_id, on)
    now = capital_at(source_id, office_id, datetime.date.max) - outstanding_at(
        source_id, office_id, None
    )
    return min(then, now)


def interest_earned(source_id: int, office_id: int | None, start, end) -> int:
    """Interest the source's loans earned in [start, end], from the books' income accounts (on
    the cash basis, what was collected; on the accrual basis, what accrued)."""
    qs = JournalLine.objects.filter(
        account__kind__in=INTEREST_KINDS,
        account__source_id=source_id,
        value_date__gte=start,
        value_date__lte=end,
    )
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    return -(qs.aggregate(t=Sum("amount"))["t"] or 0)


def rule_in_force(on: datetime.date) -> tuple[datetime.date | None, list[tuple[str, Decimal]]]:
    start = (
        InterestUseRule.objects.filter(valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if start is None:
        return None, []
    rows = InterestUseRule.objects.filter(valid_from=start).order_by("use")
    return start, [(r.use, r.share) for r in rows]


def handed_over(source_id: int, office_id: int | None, start, end) -> tuple[int, int]:
    """(handed on by the source, received by it) in [start, end]."""
    out = Handover.objects.filter(source_id=source_id, date__gte=start, date__lte=end)
    got = HandoverShare.objects.filter(
        successor_id=source_id, handover__date__gte=start, handover__date__lte=end
    )
    if office_id is not None:
        out, got = out.filter(office_id=office_id), got.filter(handover__office_id=office_id)
    given = HandoverShare.objects.filter(handover__in=out).aggregate(t=Sum("amount"))["t"] or 0
    return given, got.aggregate(t=Sum("amount"))["t"] or 0


def movements(as_of: datetime.date) -> dict[tuple[int, int], int]:
    """What recalls and hand-overs moved in the capital owed, per (office, source): handed to
    the capital app's check of the books (`capital.selectors.register_movements`)."""
    out: dict[tuple[int, int], int] = {}

    def add(key, amount):
        out[key] = out.get(key, 0) + amount

    for r in (
        Recall.objects.filter(date__lte=as_of)
        .values("office_id", "plan__source_id")
        .annotate(t=Sum("amount"))
    ):
        add((r["office_id"], r["plan__source_id"]), -r["t"])
    for r in (
        HandoverShare.objects.filter(handover__date__lte=as_of)
        .values("handover__office_id", "handover__source_id", "successor_id")
        .annotate(t=Sum("amount"))
    ):
        add((r["handover__office_id"], r["handover__source_id"]), -r["t"])
        add((r["handover__office_id"], r["successor_id"]), r["t"])
    return out


# ------------------------------------------------------------------------------ plan vs actual


@dataclass(frozen=True)
class BudgetYearRow:
    source_id: int
    source_name: str
    level: str
    level_label: str
    planned: int
    decided: int
    transferred: int
    recalled: int
    interest_earned: int
    decision_number: str
    office_id: int = 0
    plan_id: int | None = None
    handed_over: int = 0
    handed_in: int = 0


def year_summary(user, year: int, as_of: datetime.date, unit=None) -> list[BudgetYearRow]:
    """Each local budget's year at each office in the user's area (and, given ``unit``, its
    budgets and the offices serving it): planned, decided,
    transferred and recalled up to ``as_of``, interest its loans earned in the year to
    ``as_of``, and what it handed on or received at the 2025 hand-over. One row per source
    and office with a plan or money in the year."""
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), as_of)
    under = sources_under(unit)
    plans = plans_for(user).filter(year=year)
    if under is not None:
        # The unit's own budgets and those below it, and every budget's money at the offices
        # serving the unit (a district's review shows the city's capital at its office too).
        plans = plans.filter(Q(source__unit_id__in=under) | Q(office__area_id__in=under))
    rows = {}
    for plan in plans:
        if end < start:
            shown_transferred = shown_recalled = 0
        else:
            shown_transferred = (
                Transfer.objects.filter(plan=plan, decision__date__range=(start, end)).aggregate(
                    t=Sum("decision__amount")
                )["t"]
                or 0
            )
            shown_recalled = (
                Recall.objects.filter(plan=plan, date__range=(start, end)).aggregate(
                    t=Sum("amount")
                )["t"]
                or 0
            )
        decided = plan.decided if plan.decision_date and plan.decision_date <= as_of else 0
        rows[(plan.source_id, plan.office_id)] = dict(
            source=plan.source,
            office_id=plan.office_id,
            plan_id=plan.pk,
            planned=plan.planned if plan.estimate_date <= as_of else 0,
            decided=decided,
            transferred=shown_transferred,
            recalled=shown_recalled,
            decision_number=plan.decision_number if decided else "",
        )
    # Money moved by a hand-over in the year shows even without a plan (the successor's).
    if end >= start:
        for handover in handovers_for(user).filter(date__range=(start, end)):
            for share in handover.shares.all():
                for source in (handover.source, share.successor):
                    at_office = under is None or handover.office.area_id in under
                    if not at_office and source.unit_id not in under:
                        continue
                    rows.setdefault(
                        (source.pk, handover.office_id),
                        dict(
                            source=source,
                            office_id=handover.office_id,
                            plan_id=None,
                            planned=0,
                            decided=0,
                            transferred=0,
                            recalled=0,
                            decision_number="",
                        ),
                    )
    out = []
    for (source_id, office_id), r in sorted(
        rows.items(), key=lambda kv: (kv[1]["source"].code, kv[0][1])
    ):
        given, got = handed_over(source_id, office_id, start, end) if end >= start else (0, 0)
        source = r.pop("source")
        out.append(
            BudgetYearRow(
                source_id=source_id,
                source_name=source.name,
                level=source.level,
                level_label=str(source.get_level_display()),
                interest_earned=interest_earned(source_id, office_id, start, end)
                if end >= start
                else 0,
                handed_over=given,
                handed_in=got,
                **r,
            )
        )
    return out


# ------------------------------------------------------------------------------ statement


@dataclass(frozen=True)
class Statement:
    """The bank's report back to the entrusting government on its money at one office."""

    source: CapitalSource
    office: Office
    start: datetime.date
    end: datetime.date
    received_to_date: int  # transfers by ``end``
    received_in_period: int
    recalled_to_date: int
    recalled_in_period: int
    handed_over_to_date: int
    handed_in_to_date: int
    capital: int  # what the office owes the source at ``end`` (the books)
    lent_in_period: int  # disbursed from the source in the period
    repaid_in_period: int
    outstanding: int
    overdue: int
    frozen: int
    idle: int  # capital less outstanding
    interest_earned: int
    borrowers: int  # households with a balance from the source at ``end``
    loans: int
    jobs_new: int  # from the source's loans first disbursed in the period
    jobs_maintained: int
    handovers: list = field(default_factory=list)


def statement(user, source: CapitalSource, office: Office, start, end) -> Statement:
    """Figures are the books' (capital, outstanding, overdue, interest) and the loans' own
    transactions (lent, repaid) and rows (jobs)."""
    base = date_floor = datetime.date(1900, 1, 1)
    transfers_all = source.decisions.filter(office=office)

    def total(qs, column, lo, hi):
        return qs.filter(**{f"{column}__range": (lo, hi)}).aggregate(t=Coalesce(Sum("amount"), 0))[
            "t"
        ]

    received_to_date = total(transfers_all, "date", base, end)
    received_in_period = total(transfers_all, "date", start, end)
    recalls = Recall.objects.filter(plan__source=source, office=office)
    given_all, got_all = handed_over(source.pk, office.pk, date_floor, end)
    loan_lines = JournalLine.objects.filter(
        office=office, account__source=source, account__kind__in=LOAN_CLASSES, value_date__lte=end
    )
    by_kind = dict(
        loan_lines.values_list("account__kind")
        .annotate(t=Sum("amount"))
        .values_list("account__kind", "t")
    )
    outstanding = sum(by_kind.values())
    with_balance = (
        loan_lines.exclude(loan__isnull=True)
        .values("loan_id")
        .annotate(t=Sum("amount"))
        .filter(t__gt=0)
        .values("loan_id")
    )
    # As the reports count turnover (reporting.portfolio): a reversed transaction and its
    # reversal count for nothing, so a disbursement made in error is not "lent".
    tx = (
        LoanTransaction.objects.filter(
            office=office, loan__source=source, value_date__range=(start, end)
        )
        .exclude(kind="reversal")
        .filter(reversed_by__isnull=True)
    )
    flows = tx.aggregate(
        lent=Coalesce(Sum("principal", filter=Q(kind="disbursement")), 0),
        repaid=Coalesce(Sum("principal", filter=Q(kind="repayment")), 0),
    )
    jobs = Loan.objects.filter(
        office=office, source=source, first_disbursed_on__range=(start, end)
    ).aggregate(
        new=Coalesce(Sum(Coalesce("jobs_new_verified", "jobs_new_planned")), 0),
        kept=Coalesce(Sum(Coalesce("jobs_maintained_verified", "jobs_maintained_planned")), 0),
    )
    borrowers = Loan.objects.filter(pk__in=with_balance).aggregate(
        households=Count("household_id", distinct=True), loans=Count("id")
    )
    capital = capital_at(source.pk, office.pk, end)
    handovers = list(
        handovers_for(user)
        .filter(office=office, date__lte=end)
        .filter(Q(source=source) | Q(shares__successor=source))
        .distinct()
    )
    return Statement(
        source=source,
        office=office,
        start=start,
        end=end,
        received_to_date=received_to_date,
        received_in_period=received_in_period,
        recalled_to_date=total(recalls, "date", base, end),
        recalled_in_period=total(recalls, "date", start, end),
        handed_over_to_date=given_all,
        handed_in_to_date=got_all,
        capital=capital,
        lent_in_period=flows["lent"],
        repaid_in_period=flows["repaid"],
        outstanding=outstanding,
        overdue=by_kind.get(p.LOANS_OVERDUE, 0),
        frozen=by_kind.get(p.LOANS_FROZEN, 0),
        idle=capital - outstanding,
        interest_earned=interest_earned(source.pk, office.pk, start, end),
        borrowers=borrowers["households"],
        loans=borrowers["loans"],
        jobs_new=jobs["new"],
        jobs_maintained=jobs["kept"],
        handovers=handovers,
    )


__all__ = ["BudgetYearRow", "Statement", "statement", "year_summary", "transfers_for_plan"]


def transfers_for_plan(plan: BudgetPlan) -> QuerySet:
    return Transfer.objects.filter(plan=plan).select_related("decision")
