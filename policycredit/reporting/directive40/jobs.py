"""Jobs created and maintained by year of lending: as declared on the loan application (planned)
and as found at the loan-use check after disbursement (06/TD, `inspections`), which writes the
verified counts on the loan. A loan counts its verified jobs once checked, its planned ones
until then — the figure the review and the seed's claims (so many new and maintained jobs a
year) speak of.

Read from the loans' own rows in one grouped query, whatever the dates: the jobs are fields of
the loan, not of its balance, so no month end holds them better than the loan does (a check
made after a month end is on the loan at once)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from policycredit.loans.models import Loan
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.directive40.links import link
from policycredit.reporting.report import Table

FIGURES = (
    "loans",
    "new_planned",
    "maintained_planned",
    "checked",
    "new_verified",
    "maintained_verified",
    "new",
    "maintained",
)


@dataclass(frozen=True)
class Jobs:
    """{(year, source id): {figure: count}} for the figures of `FIGURES`: loans with jobs, jobs
    planned, loans checked, jobs verified at the check, and jobs counted (verified once checked,
    planned until then). Only pairs with a loan are present."""

    by_year_source: dict

    def year(self, year: int) -> dict:
        out = dict.fromkeys(FIGURES, 0)
        for (y, _source), figures in self.by_year_source.items():
            if y == year:
                for name in FIGURES:
                    out[name] += figures[name]
        return out


def _zero():
    return Value(0, output_field=IntegerField())


def _year_of_lending(years) -> Case:
    # Compared with year ends rather than extracted: SQLite extracts in Python, row by row.
    return Case(
        *[When(first_disbursed_on__lte=datetime.date(y, 12, 31), then=Value(y)) for y in years],
        default=Value(0),
        output_field=IntegerField(),
    )


def jobs_of(review: Review) -> Jobs:
    with_jobs = (
        Q(jobs_new_planned__gt=0)
        | Q(jobs_maintained_planned__gt=0)
        | Q(jobs_new_verified__gt=0)
        | Q(jobs_maintained_verified__gt=0)
    )
    checked = Q(jobs_new_verified__isnull=False) | Q(jobs_maintained_verified__isnull=False)
    rows = (
        Loan.objects.filter(
            review.selection.loan_q(),
            first_disbursed_on__gte=datetime.date(review.from_year, 1, 1),
            first_disbursed_on__lte=review.as_of,
        )
        .filter(with_jobs)
        .annotate(year=_year_of_lending(review.years))
        .values("year", "source_id")
        .annotate(
            loans=Count("id"),
            new_planned=Coalesce(Sum("jobs_new_planned"), _zero()),
            maintained_planned=Coalesce(Sum("jobs_maintained_planned"), _zero()),
            checked=Count("id", filter=checked),
            new_verified=Coalesce(Sum("jobs_new_verified"), _zero()),
            maintained_verified=Coalesce(Sum("jobs_maintained_verified"), _zero()),
            new=Coalesce(Sum(Coalesce("jobs_new_verified", "jobs_new_planned")), _zero()),
            maintained=Coalesce(
                Sum(Coalesce("jobs_maintained_verified", "jobs_maintained_planned")), _zero()
            ),
        )
        .order_by()
    )
    return Jobs({(r["year"], r["source_id"]): {n: r[n] for n in FIGURES} for r in rows})


def jobs_by_year_table(review: Review, jobs: Jobs) -> Table:
    """Each year from the base year to the review's: planned, verified and counted jobs."""
    rows, links = [], []
    for year in review.years:
        f = jobs.year(year)
        rows.append([str(year), *(f[name] for name in FIGURES)])
        links.append(link("loans", year=year, jobs=1, as_of=review.day, unit=review.unit_param))
    return Table(
        _("Jobs per year: planned at lending and verified at the loan-use check (06/TD)"),
        [
            _("year of lending"),
            _("loans with jobs"),
            _("new jobs planned"),
            _("jobs maintained planned"),
            _("loans checked (06/TD)"),
            _("new jobs verified"),
            _("jobs maintained verified"),
            _("new jobs counted"),
            _("jobs maintained counted"),
        ],
        rows,
        [_("Total"), *[sum(r[i] for r in rows) for i in range(1, len(FIGURES) + 1)]],
        links,
        key="jobs_by_year",
    )


def jobs_note() -> str:
    return _(
        "Jobs: planned is what the borrower declared at lending; verified is what the loan-use "
        "check (06/TD) found; counted is the verified figure once a loan is checked and the "
        "planned one until then."
    )
