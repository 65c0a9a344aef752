"""The portfolio's quality: borrowers, overdue and frozen debt at the end of the base year and on
the review's date, its headline figures, and overdue and frozen debt by ward."""

from collections import defaultdict

from django.utils.translation import gettext as _

from policycredit.domain.review import percent
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.directive40.links import link
from policycredit.reporting.report import Figure, Table


def summary(figures: dict) -> list:
    """A stock's indicators, in the order of `_labels`."""
    out = figures.get("outstanding", 0)
    return [
        out,
        figures.get("borrowers", 0),
        figures.get("loans", 0),
        figures.get("overdue", 0),
        percent(figures.get("overdue", 0), out),
        figures.get("frozen", 0),
        percent(figures.get("frozen", 0), out),
        percent(figures.get("overdue", 0) + figures.get("frozen", 0), out),
    ]


def _labels() -> list[str]:
    return [
        _("outstanding"),
        _("borrowers with a balance"),
        _("loans with a balance"),
        _("overdue principal"),
        _("overdue ratio (%)"),
        _("frozen principal"),
        _("frozen ratio (%)"),
        _("overdue and frozen ratio (%)"),
    ]


def quality_table(review: Review) -> Table:
    base = summary(review.total(review.base_day))
    now = summary(review.total(review.as_of))
    return Table(
        _("Portfolio quality"),
        [_("indicator"), _("end of %(year)s") % {"year": review.from_year}, review.day],
        [[label, b, n] for label, b, n in zip(_labels(), base, now, strict=True)],
        key="summary",
    )


def headline_figures(review: Review) -> list[Figure]:
    now = summary(review.total(review.as_of))
    loans = link("loans", as_of=review.day, unit=review.unit_param)
    return [
        Figure(_("Outstanding"), now[0], loans, key="outstanding"),
        Figure(_("Borrowers with a balance"), now[1], loans, key="borrowers", unit="number"),
        Figure(
            _("Overdue ratio (%)"),
            now[4],
            link("loans", as_of=review.day, unit=review.unit_param, overdue=1),
            key="overdue_ratio",
            unit="percent",
        ),
    ]


def overdue_by_ward(review: Review) -> tuple[Table, str]:
    """The table, and a note naming the wards with a balance and none of it overdue."""
    by_ward = _by_ward(review)
    rows, links = [], []
    for label in sorted(by_ward):
        out, overdue, frozen, keys = by_ward[label]
        rows.append([label, out, overdue, percent(overdue, out), frozen, percent(frozen, out)])
        links.append(
            link(
                "loans",
                as_of=review.day,
                unit=review.unit_param,
                overdue=1,
                wards=",".join(str(k) for k in keys if k),
            )
        )
    now = summary(review.total(review.as_of))
    table = Table(
        _("Overdue and frozen debt by ward"),
        [
            _("ward"),
            _("outstanding"),
            _("overdue principal"),
            _("overdue ratio (%)"),
            _("frozen principal"),
            _("frozen ratio (%)"),
        ],
        rows,
        [_("Total"), now[0], now[3], now[4], now[5], now[6]],
        links,
        key="overdue_by_ward",
    )
    clean = [label for label, r in sorted(by_ward.items()) if r[0] and not r[1]]
    note = _("Wards with no overdue debt on %(day)s: %(wards)s.") % {
        "day": review.day,
        "wards": ", ".join(clean) or "–",
    }
    return table, note


def _by_ward(review: Review) -> dict:
    """{ward's name: [outstanding, overdue, frozen, [its keys]]} on the review's date."""
    by_ward = defaultdict(lambda: [0, 0, 0, []])
    for key, figures in review.portfolio.stock(review.as_of, "ward").items():
        row = by_ward[review.ward_name(key)]
        row[0] += figures["outstanding"]
        row[1] += figures["overdue"]
        row[2] += figures["frozen"]
        row[3].append(key)
    return by_ward
