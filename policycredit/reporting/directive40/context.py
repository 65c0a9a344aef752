"""What the tables of one review share: its scope, dates and portfolio (`Review`), and the names
of wards as in force on the review's date."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.domain.review import review_dates
from policycredit.geo.models import AdminUnit
from policycredit.geo.selectors import current_unit
from policycredit.reporting.directive40.links import day_param
from policycredit.reporting.portfolio import Portfolio
from policycredit.reporting.selection import Selection, selection_for


def ward_names(as_of):
    """A ward's name as in force on ``as_of`` (an old ward after a merge reads as the ward that
    took it over); units are read in bulk, successions only for closed ones."""
    cache: dict = {}

    def name(ward_id):
        if ward_id is None:
            return _("(no ward)")
        if ward_id not in cache:
            missing = AdminUnit.objects.in_bulk([ward_id])
            cache.update(missing)
        unit = cache[ward_id]
        if unit.valid_to is not None and unit.valid_to < as_of:
            unit = cache[ward_id] = current_unit(unit, as_of)
        return unit.name

    def prime(ids):
        cache.update(
            AdminUnit.objects.in_bulk([i for i in ids if i is not None and i not in cache])
        )

    name.prime = prime
    return name


@dataclass(frozen=True)
class Review:
    """One review's scope — who asks, as of which date, from which base year, for which unit —
    and what its tables read in common: the stock dates (each year end from the base year, then
    ``as_of``), the portfolio on them, the capital sources and the ward names."""

    user: User
    as_of: datetime.date
    from_year: int  # never after the year of ``as_of``
    unit: AdminUnit | None
    selection: Selection
    dates: list[datetime.date]
    years: list[int]
    portfolio: Portfolio
    sources: dict[int, CapitalSource]
    # One for the whole review: the tables by ward share its cache of units.
    ward_name: Callable[[int | None], str]

    @classmethod
    def of(cls, user, as_of: datetime.date, from_year: int, unit: AdminUnit | None) -> "Review":
        from_year = min(from_year, as_of.year)
        selection = selection_for(user, unit, as_of)
        dates = review_dates(from_year, as_of)
        return cls(
            user=user,
            as_of=as_of,
            from_year=from_year,
            unit=unit,
            selection=selection,
            dates=dates,
            years=list(range(from_year, as_of.year + 1)),
            portfolio=Portfolio(selection, dates),
            sources={s.pk: s for s in CapitalSource.objects.all()},
            ward_name=ward_names(as_of),
        )

    @property
    def base_day(self) -> datetime.date:
        return self.dates[0]

    @property
    def day(self) -> str:
        """``as_of`` as a link's parameter and in labels."""
        return day_param(self.as_of)

    @property
    def unit_param(self) -> int | None:
        return self.unit.pk if self.unit else None

    def total(self, day: datetime.date) -> dict:
        """The whole selection's stock on ``day``: {loans, borrowers, outstanding, overdue,
        frozen}, empty if nothing was lent."""
        return self.portfolio.stock(day).get(None, {})
