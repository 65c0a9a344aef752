"""The arithmetic of a review: growth against a base year, ratios, the dates a review reads
and a savings group's quality class. Pure Python; amounts are whole đồng."""

import calendar
import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from policycredit.domain import quality

# Directive 40-CT/TW (22/11/2014) is what the reviews report on, and they measure growth from
# the end of its year: every "growth since" on a page starts here unless the page is given a
# base year, so the dashboard, the review and the capital page speak of the same growth.
BASE_YEAR = 2014


def growth(base: int, now: int) -> tuple[int, Decimal | None]:
    """(amount added, times the base) — times is None when the base is nothing."""
    if not base:
        return now - base, None
    return now - base, (Decimal(now) / Decimal(base)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal:
    """part / whole in %, two decimals; 0 of nothing is 0 %."""
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_month_end(day: datetime.date) -> bool:
    return day == month_end(day)


def review_dates(base_year: int, as_of: datetime.date) -> list[datetime.date]:
    """The stock dates a review reads: 31/12 of the base year and of every later full year,
    then the as-of date itself."""
    dates = [datetime.date(y, 12, 31) for y in range(base_year, as_of.year)]
    return [d for d in dates if d < as_of] + [as_of]


def month_ends_before(as_of: datetime.date, count: int) -> list[datetime.date]:
    """The last `count` month ends up to `as_of` (as_of itself if it is one), oldest first."""
    last = as_of if is_month_end(as_of) else as_of.replace(day=1) - datetime.timedelta(days=1)
    out = [last]
    while len(out) < count:
        out.append(out[-1].replace(day=1) - datetime.timedelta(days=1))
    return out[::-1]


def group_class(
    outstanding: int, overdue: int, bands: Iterable[tuple], inspection: str | None = None
) -> str:
    """A savings group's quality class (tốt, khá, trung bình, yếu) by the bands in force: the
    share of its balance overdue and, where the bands judge it, the grade of its 16/TD
    inspection (see `domain.quality`). The bands are the bank's, kept as data
    (`inspections.QualityRule`)."""
    return quality.grade(quality.Facts(outstanding, overdue, inspection=inspection), bands)
