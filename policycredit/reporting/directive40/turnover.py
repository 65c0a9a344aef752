"""Lending and collection turnover by year, and jobs created and maintained by year of lending
and capital source (counted as `jobs` reads them)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from policycredit.reporting.directive40.context import Review
from policycredit.reporting.directive40.jobs import Jobs
from policycredit.reporting.directive40.links import link
from policycredit.reporting.report import Chart, Table


@dataclass(frozen=True)
class Turnover:
    flows: dict  # {(year, None): {disbursed, collected, interest, …}}, as `flows_by_year`
    year_end_stock: dict[int, int]  # {year: outstanding at its end}, the last on the review's date


def turnover(review: Review) -> Turnover:
    flows = review.portfolio.flows_by_year(review.years, review.as_of)
    year_end_stock = {d.year: review.total(d).get("outstanding", 0) for d in review.dates}
    return Turnover(flows, year_end_stock)


def turnover_table(review: Review, turnover: Turnover) -> Table:
    rows, links = [], []
    for year in review.years:
        f = turnover.flows.get((year, None), {})
        rows.append(
            [
                str(year),
                f.get("disbursed", 0),
                f.get("collected", 0),
                f.get("interest", 0),
                turnover.year_end_stock.get(year, ""),
            ]
        )
        links.append(link("loans", year=year, as_of=review.day, unit=review.unit_param))
    return Table(
        _("Lending and collection turnover by year"),
        [
            _("year"),
            _("disbursed"),
            _("principal collected"),
            _("interest collected"),
            _("outstanding at the year end"),
        ],
        rows,
        [
            _("Total"),
            sum(r[1] for r in rows),
            sum(r[2] for r in rows),
            sum(r[3] for r in rows),
            review.total(review.as_of).get("outstanding", 0),
        ],
        links,
        key="turnover",
    )


def jobs_table(review: Review, jobs: Jobs) -> Table:
    """A pair of columns for each source that made or kept a job, then the pair for all."""
    counted = jobs.by_year_source
    sources = review.sources
    job_sources = sorted(
        {k[1] for k in counted if counted[k]["new"] or counted[k]["maintained"]},
        key=lambda s: sources[s].code if s else "",
    )
    headers = [_("year")]
    for s in job_sources:
        headers += [
            _("%(source)s – new jobs") % {"source": sources[s].name},
            _("%(source)s – jobs maintained") % {"source": sources[s].name},
        ]
    headers += [_("new jobs"), _("jobs maintained")]
    rows, links = [], []
    for year in review.years:
        row = [str(year)]
        for s in job_sources:
            f = counted.get((year, s), {})
            row += [f.get("new", 0), f.get("maintained", 0)]
        row += [sum(row[1::2]), sum(row[2::2])]
        rows.append(row)
        links.append(link("loans", year=year, jobs=1, as_of=review.day, unit=review.unit_param))
    return Table(
        _("Jobs created and maintained by year of lending"),
        headers,
        rows,
        [_("Total"), *[sum(r[i] for r in rows) for i in range(1, len(headers))]],
        links,
        key="jobs",
    )


def jobs_chart(jobs: Table) -> Chart:
    """The all-sources pair of `jobs_table`, each year linked as its row."""
    rows = jobs.rows
    return Chart(
        "jobs",
        _("Jobs by year of lending"),
        [row[0] for row in rows],
        [(_("new jobs"), [r[-2] for r in rows]), (_("jobs maintained"), [r[-1] for r in rows])],
        jobs.links,
    )
