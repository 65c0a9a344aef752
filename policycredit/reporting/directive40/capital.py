"""Capital entrusted by source and year, the local budgets' growth since the base year, and the
chart of the capital to date against what is outstanding."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from policycredit.capital.models import SourceLevel
from policycredit.capital.selectors import decisions_for
from policycredit.domain.review import growth
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.directive40.links import link
from policycredit.reporting.report import Chart, Figure, Table
from policycredit.reporting.selection import Selection


def decisions_in(user, selection: Selection, as_of):
    qs = decisions_for(user).filter(date__lte=as_of)
    if selection.office_ids is not None:
        qs = qs.filter(office_id__in=selection.office_ids)
    elif selection.ward_ids is not None or selection.organisation_ids is not None:
        # A ward's report shows the ward's own budget, not its office's whole capital.
        qs = qs.filter(source__unit_id__in=selection.ward_ids or [])
    return qs


def capital_by_year(user, selection, as_of, years):
    """{source: {year: entrusted that year}}, years before the first in the first year's
    running total."""
    out = defaultdict(lambda: defaultdict(int))
    for source_id, day, amount in decisions_in(user, selection, as_of).values_list(
        "source_id", "date", "amount"
    ):
        out[source_id][max(day.year, years[0] - 1)] += amount
    return out


@dataclass(frozen=True)
class Entrusted:
    """The capital of the review's sources: entrusted in each year (``by_year``, as
    `capital_by_year`) and to date at each year's end (``to_date``), the last year's to the
    review's date. ``shown`` orders the sources: central first, then by code."""

    shown: list[int]
    by_year: dict
    to_date: dict[tuple[int, int], int]
    years: list[int]

    def base(self, source: int) -> int:
        return self.to_date[(source, self.years[0])]

    def now(self, source: int) -> int:
        return self.to_date[(source, self.years[-1])]


def entrusted(review: Review) -> Entrusted:
    capital = capital_by_year(review.user, review.selection, review.as_of, review.years)
    sources = review.sources
    shown = sorted(
        capital, key=lambda s: (sources[s].level != SourceLevel.CENTRAL, sources[s].code)
    )
    to_date = {}
    for s in shown:
        running = capital[s].get(review.from_year - 1, 0)
        for year in review.years:
            running += capital[s].get(year, 0)
            to_date[(s, year)] = running
    return Entrusted(shown, capital, to_date, review.years)


def capital_table(review: Review, capital: Entrusted) -> Table:
    headers = [_("year")]
    for s in capital.shown:
        name = review.sources[s].name
        headers += [
            _("%(source)s – in the year") % {"source": name},
            _("%(source)s – to date") % {"source": name},
        ]
    rows, links = [], []
    for year in review.years:
        row = [str(year)]
        for s in capital.shown:
            row += [capital.by_year[s].get(year, 0), capital.to_date[(s, year)]]
        rows.append(row)
        links.append(link("decisions", year=year, as_of=review.day, unit=review.unit_param))
    total = [_("Total")]
    for s in capital.shown:
        total += [sum(capital.by_year[s].get(y, 0) for y in review.years), capital.now(s)]
    return Table(_("Capital by source and year"), headers, rows, total, links, key="capital")


def _local(review: Review, capital: Entrusted) -> list[int]:
    return [s for s in capital.shown if review.sources[s].level != SourceLevel.CENTRAL]


def local_capital_table(review: Review, capital: Entrusted) -> Table:
    rows = []
    for s in _local(review, capital):
        source = review.sources[s]
        base, now = capital.base(s), capital.now(s)
        added, times = growth(base, now)
        rows.append([source.name, source.get_level_display(), base, now, added, times or ""])
    return Table(
        _("Local budget capital entrusted: growth since %(year)s") % {"year": review.from_year},
        [
            _("source"),
            _("level"),
            _("to date at the end of %(year)s") % {"year": review.from_year},
            _("to date on %(day)s") % {"day": review.day},
            _("growth (đồng)"),
            _("growth (times)"),
        ],
        rows,
        key="local_capital",
    )


def entrusted_figures(review: Review, capital: Entrusted) -> list[Figure]:
    """The headline capital: the first local budget's, to date and its growth."""
    local = _local(review, capital)
    if not local:
        return []
    s = local[0]
    now = capital.now(s)
    added = growth(capital.base(s), now)[0]
    return [
        Figure(
            _("%(source)s entrusted by %(day)s")
            % {"source": review.sources[s].name, "day": review.day},
            now,
            link("decisions", source=s, as_of=review.day, unit=review.unit_param),
            key="entrusted",
        ),
        Figure(
            _("Growth since %(year)s") % {"year": review.from_year},
            added,
            link(
                "decisions",
                source=s,
                as_of=review.day,
                unit=review.unit_param,
                since=review.from_year + 1,
            ),
            key="entrusted_growth",
        ),
    ]


def capital_chart(review: Review, capital: Entrusted, year_end_stock: dict) -> Chart:
    """``year_end_stock``: {year: outstanding at its end}, the last year's on the review's date."""
    years = review.years
    entrusted_by_year = [sum(capital.to_date.get((s, y), 0) for s in capital.shown) for y in years]
    return Chart(
        "capital",
        _("Capital entrusted and outstanding by year"),
        [str(y) for y in years],
        [
            (_("capital entrusted to date"), entrusted_by_year),
            (_("outstanding"), [year_end_stock.get(y, 0) for y in years]),
        ],
        [link("decisions", year=y, as_of=review.day, unit=review.unit_param) for y in years],
    )
