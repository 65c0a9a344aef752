"""The calendar on the small demo world: its office's points, the seeded holidays."""

import datetime

import pytest

from policycredit.calendar.services import load_holidays
from policycredit.geo.models import TransactionPoint


@pytest.fixture(autouse=True)
def holidays(db):
    """The seeded holidays (a database another test flushed has lost its migration's rows)."""
    load_holidays()


@pytest.fixture
def point(db, user):
    """A point of the director's office, in operation, whose day is not in a short month's end."""
    office = user("giamdoc").office
    return TransactionPoint.objects.filter(office=office, active=True, day_of_month__lte=24).first()


def weekend_month(point, year):
    """A month whose fixed date falls on a weekend day, for this point."""
    for month in range(1, 13):
        if datetime.date(year, month, point.day_of_month).weekday() >= 5:
            return month
    raise LookupError("no weekend in the year")
