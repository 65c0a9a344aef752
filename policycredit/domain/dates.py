"""Calendar arithmetic for schedules: whole calendar months, day clamped to the month's end.

Repayment periods (kỳ hạn trả nợ) are counted in calendar months from a fixed anchor date. A
date is always computed from the anchor (anchor + k months), never by stepping month after month,
so a loan disbursed on 31 January falls due on 29 February, 31 March, 30 April, ... and never
drifts to the 28th or 29th for good.
"""

from __future__ import annotations

import calendar
import datetime

__all__ = ["add_months", "is_plain_date"]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` calendar months (may be negative), clamped to month end.

    >>> add_months(datetime.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def is_plain_date(value: object) -> bool:
    """A ``datetime.date`` that is not a ``datetime.datetime`` (which would carry a clock time)."""
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
