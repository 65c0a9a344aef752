"""The dashboard of a role: a few headline figures and three trends (capital and outstanding
by year, the overdue ratio by month, jobs by year), each figure and each bar a link to the
list behind it. Directors see their office, board members their unit, ward officers their
wards, organisation officers their organisation's groups (the scope does the narrowing)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.accounts.roles import Role
from policycredit.domain.review import month_ends_before, percent
from policycredit.reporting import directive40
from policycredit.reporting.directive40 import day_param
from policycredit.reporting.portfolio import Portfolio
from policycredit.reporting.report import Chart, Figure
from policycredit.reporting.selection import selection_for

YEARS = 10
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


def build(user, as_of):
    review = directive40.build(user, as_of, as_of.year - YEARS + 1)
    jobs = review.table("jobs")
    last_full = str(as_of.year - 1)
    jobs_row = next((r for r in jobs.rows if r[0] == last_full), None)
    if jobs_row:
        review.figures.append(
            Figure(
                _("New jobs from loans of %(year)s") % {"year": last_full},
                jobs_row[-2],
                jobs.links[jobs.rows.index(jobs_row)],
                key="jobs",
                unit="number",
            )
        )
    wanted = FIGURES.get(user.role, DEFAULT)
    figures = [f for key in wanted for f in review.figures if f.key == key]
    month_ends = month_ends_before(as_of, MONTHS)
    portfolio = Portfolio(selection_for(user, None, as_of), month_ends)
    ratios = []
    for day in month_ends:
        total = portfolio.stock(day).get(None, {})
        ratios.append(percent(total.get("overdue", 0), total.get("outstanding", 0)))
    overdue_list = reverse("reporting:report", args=["overdue"])
    charts = [
        next(c for c in review.charts if c.key == "capital"),
        Chart(
            "overdue",
            _("Overdue ratio by month (%)"),
            [f"{d:%m/%Y}" for d in month_ends],
            [(_("overdue ratio (%)"), ratios)],
            [f"{overdue_list}?as_of={day_param(d)}" for d in month_ends],
            kind="line",
        ),
        next(c for c in review.charts if c.key == "jobs"),
    ]
    return {"figures": figures, "charts": charts, "review": review}
