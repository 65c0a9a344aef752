"""Reads of the field checks, scoped to the user, and what waits to be checked.

An organisation officer checks and inspects only the groups its organisation manages (and the
loans lent through them); office staff, the office's. The work queues import
`loan_use_checks_due` and `groups_to_inspect` from here.
"""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from policycredit.accounts.selectors import scope_of
from policycredit.domain import quality
from policycredit.domain.loanrow import OPEN_STATUSES
from policycredit.inspections.models import (
    Criterion,
    Grade,
    GradeBand,
    GroupInspection,
    LoanUseCheck,
    QualityRule,
)
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.selectors import loans_for
from policycredit.network.selectors import groups_for

# The 06/TD check is due within this many days of the first disbursement.
CHECK_WITHIN_DAYS = 30
LATE_FOR_DAYS = 183  # see loan_use_checks_due


def checkable_loans(user) -> QuerySet:
    """The loans the user may check: an organisation's officer only those lent through the
    groups its organisation manages, never a member's loan in another organisation's group."""
    scope = scope_of(user)
    loans = loans_for(user)
    if scope.everything or scope.office_ids:
        return loans
    return loans.filter(group__in=groups_for(user).values("id"))


def checks_for(user) -> QuerySet:
    """Every 06/TD record the user may see, corrections and the records they replaced."""
    return LoanUseCheck.objects.select_related(
        "loan", "loan__borrower", "loan__programme", "loan__group", "checked_by", "office"
    ).filter(loan__in=checkable_loans(user).values("id"))


def current_checks_for(user) -> QuerySet:
    """The checks that stand: not replaced by a correction."""
    return checks_for(user).filter(superseded_by__isnull=True)


def inspections_for(user) -> QuerySet:
    return GroupInspection.objects.select_related(
        "group", "group__organisation", "group__transaction_point__ward", "inspected_by", "office"
    ).filter(group__in=groups_for(user).values("id"))


def current_inspections_for(user) -> QuerySet:
    return inspections_for(user).filter(superseded_by__isnull=True)


@dataclass(frozen=True)
class CheckDue:
    loan: Loan
    due: datetime.date  # first disbursement + 30 days
    overdue: bool  # the 30 days have passed

    def get_absolute_url(self) -> str:
        return reverse("inspections:check_new", args=[self.loan.pk])


def _unchecked(user) -> QuerySet:
    """Open loans of the user's area with no 06/TD check, lent here: a loan carried over from
    the bank's register (`registers`) was lent, and checked, before this system knew it."""
    carried_over = LoanTransaction.objects.filter(loan=OuterRef("pk"), details__has_key="opening")
    return (
        checkable_loans(user)
        .filter(status__in=OPEN_STATUSES)
        .exclude(Exists(LoanUseCheck.objects.filter(loan=OuterRef("pk"))))
        .exclude(Exists(carried_over))
    )


def loan_use_checks_due(user, today: datetime.date) -> "ChecksDue":
    """Loans whose 06/TD check is due or late on ``today``, the longest waiting first.

    A check still missing half a year after the money went out is listed no longer: by then
    the group's yearly inspection (16/TD) looks at the use of its loans, and a queue of years-
    old loans (a register taken over) would bury the ones a check can still catch."""
    since = today - datetime.timedelta(days=LATE_FOR_DAYS)
    loans = _unchecked(user).filter(first_disbursed_on__lte=today, first_disbursed_on__gte=since)
    return ChecksDue(loans.order_by("first_disbursed_on", "number"), today)


class ChecksDue(Sequence):
    """The checks due, read page by page: a queue counts them and shows the first few, so an
    office's whole portfolio is never loaded to list ten."""

    def __init__(self, loans: QuerySet, today: datetime.date):
        self.loans, self.today = loans, today

    def __len__(self) -> int:
        return self.loans.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_due(loan, self.today) for loan in self.loans[index]]
        return _due(self.loans[index], self.today)

    def __iter__(self):
        return (_due(loan, self.today) for loan in self.loans.iterator(chunk_size=500))

    def __bool__(self) -> bool:
        return self.loans.exists()


def _due(loan: Loan, today: datetime.date) -> CheckDue:
    due = loan.first_disbursed_on + datetime.timedelta(days=CHECK_WITHIN_DAYS)
    return CheckDue(loan, due, due < today)


def groups_to_inspect(user, year: int) -> QuerySet:
    """Active groups of the user's area with no 16/TD inspection in ``year``, the ones not
    inspected for longest first (never inspected before all)."""
    inspected = GroupInspection.objects.filter(group=OuterRef("pk"), year=year)
    # A subquery, not a join: `groups_for` counts the members over a join of its own.
    last = (
        GroupInspection.objects.filter(group=OuterRef("pk"), superseded_by__isnull=True)
        .order_by("-inspected_on")
        .values("inspected_on")[:1]
    )
    return (
        groups_for(user)
        .filter(closed__isnull=True, founded__lte=datetime.date(year, 12, 31))
        .exclude(Exists(inspected))
        .annotate(last_inspected=Subquery(last))
        .order_by(F("last_inspected").asc(nulls_first=True), "code")
    )


def inspectable_groups(user) -> QuerySet:
    return groups_for(user).filter(closed__isnull=True)


def sheet_in_force(day: datetime.date) -> tuple[list[Criterion], list[GradeBand]]:
    """The score sheet (criteria, bands) in force on ``day``: each the rows of its latest start
    date on or before it; empty when none is."""
    criteria_from = Criterion.objects.filter(valid_from__lte=day).aggregate(d=Max("valid_from"))[
        "d"
    ]
    bands_from = GradeBand.objects.filter(valid_from__lte=day).aggregate(d=Max("valid_from"))["d"]
    criteria = list(Criterion.objects.filter(valid_from=criteria_from).order_by("position"))
    bands = list(GradeBand.objects.filter(valid_from=bands_from))
    return criteria, bands


def criteria_for(user) -> QuerySet:
    return Criterion.objects.all()


def bands_for(user) -> QuerySet:
    return GradeBand.objects.all()


@dataclass(frozen=True)
class SummaryRow:
    organisation: str
    ward: str
    groups: int  # active groups to inspect in the year
    by_grade: dict  # grade -> groups graded so at their inspection

    @property
    def inspected(self) -> int:
        return sum(self.by_grade.values())

    @property
    def share(self) -> Decimal:
        if not self.groups:
            return Decimal(0)
        return (Decimal(self.inspected * 100) / self.groups).quantize(Decimal("0.1"))


def yearly_summary(user, year: int) -> list[SummaryRow]:
    """Per organisation and ward: the groups, how many were inspected in ``year`` and the grades
    they were given (the standing record of each)."""
    groups = groups_for(user).filter(
        Q(closed__isnull=True) | Q(closed__gte=datetime.date(year, 1, 1)),
        founded__lte=datetime.date(year, 12, 31),
    )
    keys = {}
    counts: Counter = Counter()
    for group in groups.select_related("transaction_point__ward"):
        key = (group.organisation.name, group.transaction_point.ward.name)
        keys[group.pk] = key
        counts[key] += 1
    grades: dict = {key: Counter() for key in counts}
    for group_id, grade in (
        current_inspections_for(user)
        .filter(year=year, group_id__in=keys)
        .values_list("group_id", "grade")
    ):
        grades[keys[group_id]][grade] += 1
    return [
        SummaryRow(org, ward, counts[(org, ward)], {g: grades[(org, ward)][g] for g in Grade})
        for org, ward in sorted(counts)
    ]


def graded_groups(group_ids: QuerySet, year: int, as_of: datetime.date) -> dict[str, int]:
    """{grade: groups} graded at their 16/TD inspection in ``year`` up to ``as_of``, among
    ``group_ids`` (the reports' own selection of groups)."""
    rows = GroupInspection.objects.filter(
        superseded_by__isnull=True, year=year, inspected_on__lte=as_of, group_id__in=group_ids
    ).values_list("grade", flat=True)
    return dict(Counter(rows))


# Quality grading (see `domain.quality`) ---------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A subject's quality scale in force on a day: its rows, best first, and the bands the
    domain grades by; ``problem`` says why it cannot grade (none in force, or rows that do not
    make a scale), and then ``bands`` is empty."""

    subject: str
    valid_from: datetime.date | None
    rules: tuple
    bands: tuple
    problem: str = ""

    def __bool__(self) -> bool:
        return bool(self.bands)


def scale_in_force(subject: str, day: datetime.date) -> Scale:
    """The rows of the subject's latest start date on or before ``day``, checked as a scale."""
    rows = QualityRule.objects.filter(subject=subject, valid_from__lte=day)
    start = rows.aggregate(d=Max("valid_from"))["d"]
    if start is None:
        return Scale(subject, None, (), (), "none")
    order = {g: i for i, g in enumerate(quality.GRADES)}
    rules = tuple(sorted(rows.filter(valid_from=start), key=lambda r: order[r.grade]))
    try:
        bands = quality.check_scale(r.band() for r in rules)
    except quality.QualityError as error:
        return Scale(subject, start, rules, (), error.code)
    return Scale(subject, start, rules, bands)


def quality_rules_for(user) -> QuerySet:
    """The bank's rules, the same for everyone who may read them (the role table says who)."""
    return QualityRule.objects.all()


def inspection_grades(group_ids, day: datetime.date) -> dict[int, str]:
    """{group: grade} of the standing 16/TD inspections of ``day``'s year held by ``day``."""
    return dict(
        GroupInspection.objects.filter(
            superseded_by__isnull=True,
            year=day.year,
            inspected_on__lte=day,
            group_id__in=group_ids,
        ).values_list("group_id", "grade")
    )
