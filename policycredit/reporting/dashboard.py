"""The dashboard of a role: a few headline figures and three trends (capital and outstanding
by year from the base year, the overdue ratio by month, jobs by year), each figure and each bar
a link to the list behind it. Directors see their office, board members their unit, ward
officers their wards, organisation officers their organisation's groups (the scope does the
narrowing).

The figures are the Directive 40 review's, built by its own table builders from one `Review`,
but only those the page shows: the review's other tables (by ward, by organisation, groups,
savings, turnover, poverty) would cost more than everything the dashboard needs."""

from dataclasses import replace

from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.accounts.roles import Role
from policycredit.domain.review import BASE_YEAR, month_ends_before, percent
from policycredit.reporting.directive40.capital import capital_chart, entrusted, entrusted_figures
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.directive40.jobs import jobs_of
from policycredit.reporting.directive40.links import day_param, paths_cached
from policycredit.reporting.directive40.quality import headline_figures
from policycredit.reporting.directive40.turnover import jobs_chart, jobs_table
from policycredit.reporting.portfolio import Portfolio
from policycredit.reporting.report import Chart, Figure

MONTHS = 12
FIGURES = {
    Role.DIRECTOR: [
        "entrusted",
        "entrusted_growth",
        "outstanding",
        "overdue_ratio",
        "borrowers",
        "jobs",
    ],
    Role.BOARD_MEMBER: ["entrusted", "entrusted_growth", "outstanding", "jobs"],
    Role.WARD_OFFICER: ["outstanding", "borrowers", "overdue_ratio", "jobs"],
    Role.ORGANISATION_OFFICER: ["outstanding", "borrowers", "overdue_ratio"],
}
DEFAULT = FIGURES[Role.DIRECTOR]

# Panels of the apps above reporting (the credit plan against what was done), added from their
# `ready()`: each ``panel(user, as_of) -> Table | None`` (None: nothing to show that user).
PANELS: list = []


def register_panel(panel) -> None:
    PANELS.append(panel)


def build(user, as_of, from_year: int = BASE_YEAR):
    with paths_cached():
        return _build(user, as_of, from_year)


def _build(user, as_of, from_year):
    review = Review.of(user, as_of, from_year, None)
    # One portfolio for the year ends and the month ends: read live, it scans the loans'
    # transactions once for all of them.
    month_ends = month_ends_before(as_of, MONTHS)
    review = replace(review, portfolio=Portfolio(review.selection, review.dates + month_ends))
    capital = entrusted(review)
    figures = entrusted_figures(review, capital) + headline_figures(review)
    jobs = jobs_table(review, jobs_of(review))
    last_full = str(as_of.year - 1)
    jobs_row = next((r for r in jobs.rows if r[0] == last_full), None)
    if jobs_row:
        figures.append(
            Figure(
                _("New jobs from loans of %(year)s") % {"year": last_full},
                jobs_row[-2],
                jobs.links[jobs.rows.index(jobs_row)],
                key="jobs",
                unit="number",
            )
        )
    wanted = FIGURES.get(user.role, DEFAULT)
    figures = [f for key in wanted for f in figures if f.key == key]
    year_end_stock = {d.year: review.total(d).get("outstanding", 0) for d in review.dates}
    charts = [
        capital_chart(review, capital, year_end_stock),
        _overdue_chart(review, month_ends),
        jobs_chart(jobs),
    ]
    panels = [table for panel in PANELS if (table := panel(user, as_of)) is not None]
    return {
        "figures": figures,
        "charts": charts,
        "from_year": review.from_year,
        "panels": panels,
    }


def _overdue_chart(review: Review, month_ends) -> Chart:
    ratios = []
    for day in month_ends:
        total = review.total(day)
        ratios.append(percent(total.get("overdue", 0), total.get("outstanding", 0)))
    overdue_list = reverse("reporting:report", args=["overdue"])
    return Chart(
        "overdue",
        _("Overdue ratio by month (%)"),
        [f"{d:%m/%Y}" for d in month_ends],
        [(_("overdue ratio (%)"), ratios)],
        [f"{overdue_list}?as_of={day_param(d)}" for d in month_ends],
        kind="line",
    )
