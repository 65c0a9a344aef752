"""Outstanding at the end of the base year and on the review's date, with its growth and share,
by programme, capital source, ward and mass organisation."""

from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

from django.utils.translation import gettext as _

from policycredit.domain.review import growth, percent
from policycredit.network.models import OrganisationKind
from policycredit.programmes.models import Programme
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.directive40.links import link
from policycredit.reporting.report import Table


class Dimension(NamedTuple):
    by: str  # as `Portfolio.stock` takes it, and the loans list's filter
    heading: str
    column: str
    name: Callable  # a row's label from its key


def dimensions(review: Review) -> list[Dimension]:
    programmes = {p.pk: p for p in Programme.objects.all()}
    kinds = dict(OrganisationKind.choices)
    sources = review.sources
    return [
        Dimension(
            "programme",
            _("Outstanding by programme"),
            _("programme"),
            lambda k: programmes[k].name if k else "–",
        ),
        Dimension(
            "source",
            _("Outstanding by capital source"),
            _("capital source"),
            lambda k: sources[k].name if k else "–",
        ),
        Dimension("ward", _("Outstanding by ward"), _("ward"), review.ward_name),
        Dimension(
            "kind",
            _("Outstanding by mass organisation"),
            _("mass organisation"),
            lambda k: str(kinds.get(k, _("(no organisation)"))),
        ),
    ]


def outstanding_tables(review: Review) -> list[Table]:
    return [outstanding_table(review, d) for d in dimensions(review)]


def outstanding_table(review: Review, dimension: Dimension) -> Table:
    now_total, base_total = review.total(review.as_of), review.total(review.base_day)
    merged, keys_of = _by_name(review, dimension)
    rows, links = [], []
    for label in sorted(merged, key=lambda n: -merged[n][1]):
        base, now = merged[label]
        added, times = growth(base, now)
        rows.append(
            [
                label,
                base,
                now,
                added,
                times or "",
                percent(now, now_total.get("outstanding", 0)),
            ]
        )
        links.append(_loans_link(review, dimension.by, keys_of[label]))
    base_sum, now_sum = base_total.get("outstanding", 0), now_total.get("outstanding", 0)
    added, times = growth(base_sum, now_sum)
    return Table(
        dimension.heading,
        [
            dimension.column,
            _("outstanding at the end of %(year)s") % {"year": review.from_year},
            _("outstanding on %(day)s") % {"day": review.day},
            _("growth (đồng)"),
            _("growth (times)"),
            _("share (%)"),
        ],
        rows,
        [_("Total"), base_sum, now_sum, added, times or "", percent(now_sum, now_sum)],
        links,
        key=f"outstanding_by_{dimension.by}",
    )


def _by_name(review: Review, dimension: Dimension) -> tuple[dict, dict]:
    """{label: [outstanding at the base year's end, now]} and {label: [keys]}: keys that read
    as one name (an old ward and the ward that took it over) make one row."""
    base_rows = review.portfolio.stock(review.base_day, dimension.by)
    now_rows = review.portfolio.stock(review.as_of, dimension.by)
    name = dimension.name
    if dimension.by == "ward":
        name.prime([*base_rows, *now_rows])
    merged = defaultdict(lambda: [0, 0])
    keys_of = defaultdict(list)
    for key, figures in base_rows.items():
        merged[name(key)][0] += figures["outstanding"]
        keys_of[name(key)].append(key)
    for key, figures in now_rows.items():
        merged[name(key)][1] += figures["outstanding"]
        keys_of[name(key)].append(key)
    return merged, keys_of


def _loans_link(review: Review, by: str, keys: list) -> str:
    if by == "ward":
        narrowed = {"wards": ",".join(str(k) for k in sorted(set(keys)) if k)}
    elif keys[0] is not None:
        narrowed = {by: keys[0]}
    else:
        narrowed = {}
    return link("loans", as_of=review.day, unit=review.unit_param, **narrowed)
