"""The Directive 40 review (Chỉ thị 40-CT/TW, 2014): capital entrusted by local budgets and its
growth against a base year, the portfolio and its growth by programme, source, ward and mass
organisation, turnover, overdue and frozen debt, group quality, savings, jobs, and households
that left poverty after borrowing — all as of one date, for what the user may see.

`build` puts the review together; each of its tables is built by the module named after it,
from the `Review` (context.py) the tables share."""

import datetime

from django.utils.translation import gettext as _

from policycredit.domain.review import BASE_YEAR
from policycredit.geo.models import AdminUnit
from policycredit.reporting.directive40.capital import (
    capital_by_year,
    capital_chart,
    capital_table,
    decisions_in,
    entrusted,
    entrusted_figures,
    local_capital_table,
)
from policycredit.reporting.directive40.context import Review, ward_names
from policycredit.reporting.directive40.groups import QUALITY, group_quality, savings_table
from policycredit.reporting.directive40.jobs import jobs_by_year_table, jobs_note, jobs_of
from policycredit.reporting.directive40.links import day_param, link, paths_cached
from policycredit.reporting.directive40.outstanding import outstanding_tables
from policycredit.reporting.directive40.poverty import left_poverty
from policycredit.reporting.directive40.quality import (
    headline_figures,
    overdue_by_ward,
    quality_table,
)
from policycredit.reporting.directive40.turnover import (
    jobs_chart,
    jobs_table,
    turnover,
    turnover_table,
)
from policycredit.reporting.report import Report

__all__ = [
    "QUALITY",
    "build",
    "capital_by_year",
    "day_param",
    "decisions_in",
    "left_poverty",
    "link",
    "savings_table",
    "ward_names",
]


def build(
    user, as_of: datetime.date, from_year: int = BASE_YEAR, unit: AdminUnit | None = None
) -> Report:
    with paths_cached():
        return _build(user, as_of, from_year, unit)


def _build(user, as_of: datetime.date, from_year: int, unit: AdminUnit | None) -> Report:
    # Several tables read the same stock (the totals, the stock by ward): the portfolio keeps
    # each stock it has read, so only the first table to ask queries the database.
    review = Review.of(user, as_of, from_year, unit)
    report = _report(review)
    capital = entrusted(review)
    report.tables += [capital_table(review, capital), local_capital_table(review, capital)]
    report.figures += entrusted_figures(review, capital)
    report.tables += outstanding_tables(review)
    report.tables.append(quality_table(review))
    report.figures += headline_figures(review)
    (overdue, clean_wards), (groups, classes) = overdue_by_ward(review), group_quality(review)
    report.tables += [overdue, groups, savings_table(review.user, review.selection, review.as_of)]
    report.notes += [clean_wards, classes]
    flows = turnover(review)
    report.tables.append(turnover_table(review, flows))
    report.charts.append(capital_chart(review, capital, flows.year_end_stock))
    jobs = jobs_of(review)
    counted = jobs_table(review, jobs)
    report.tables += [counted, jobs_by_year_table(review, jobs)]
    report.charts.append(jobs_chart(counted))
    report.notes.append(jobs_note())
    report.tables.append(left_poverty(review.selection, review.years, review.as_of))
    return report


def _report(review: Review) -> Report:
    """The review with its title and the notes on what it read."""
    title = _("Directive 40 review as of %(day)s (base year %(year)s)") % {
        "day": review.day,
        "year": review.from_year,
    }
    if review.unit is not None:
        title = f"{title} – {review.unit.name}"
    report = Report(name="directive40", title=title, as_of=review.as_of)
    report.notes += review.selection.mapping
    portfolio = review.portfolio
    report.read_from = "rollup" if portfolio.from_rollup else "loans"
    report.notes.append(
        _("Figures from the month-end rollup of the close of day.")
        if portfolio.from_rollup
        else _("Figures computed from the loans' transaction log.")
    )
    if review.base_day != datetime.date(review.from_year, 12, 31):
        report.notes.append(
            _("The base year is the year of the report: it is compared with itself.")
        )
    return report
