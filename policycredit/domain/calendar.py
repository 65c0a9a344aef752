"""The calendar of transaction days: on which date each month a transaction point holds its session.

A transaction point (điểm giao dịch) has a fixed day of the month. Each month's session is found
in three steps, and each step is data, not code:

1. **The fixed date.** The point's day in that month; a day the month does not have (the 31st in
   April, the 30th in February) means the month's last day.
2. **The shifting rule** (configurable, rule ``calendar.shift``). By the brief the session runs
   on its fixed date even on weekends and holidays, but practice varies:

   - ``"keep"``: the fixed date, whatever day it is;
   - ``"next_working_day"``: the first working day on or after the fixed date;
   - ``"previous_working_day"``: the last working day on or before the fixed date.

   A working day is neither a Saturday, nor a Sunday, nor a public holiday (the holiday list
   includes the days off in lieu and the swapped days off the yearly notices announce). A shift
   never leaves the month: a previous-working-day shift that would fall into the month before
   goes forward instead (to the first working day after the fixed date), and a
   next-working-day shift that would fall into the month after goes back instead. Only a
   month without a single working day (possible only with an invented holiday list) keeps its
   fixed date.
3. **One-off moves** (original date → new date), decided by the office for one session (a
   storm, an election, a ward office under repair). A move wins over the rules. It names the
   session by its *original* date: the date steps 1–2 give that month, or the fixed date itself
   (so a move recorded before the shifting rule changed still finds its session). A move whose
   new date equals its original changes nothing.

The result is one session per month, in month order. A move may deliberately take a session
out of its month, but only by a few days (:data:`MOVE_REACH`) and never onto or past the
session of the neighbouring month: :func:`check_move` is the rule, and it keeps the year's
dates strictly increasing. So ``dates[i]`` is always the session that belongs to month ``i + 1``;
it lies in that month unless a move took it out (the December session moved over New Year may
even fall in January of the next year).

Nothing here knows Django.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime
from collections.abc import Callable, Collection, Mapping, Sequence
from enum import Enum
from typing import NamedTuple

__all__ = [
    "KEEP",
    "MOVE_REACH",
    "NEXT_WORKING_DAY",
    "PREVIOUS_WORKING_DAY",
    "SHIFT_RULES",
    "WEEKDAYS_VI",
    "MoveProblem",
    "Session",
    "check_move",
    "fixed_date",
    "is_working_day",
    "schedule",
    "shift",
    "transaction_dates",
    "weekday_vi",
]

KEEP = "keep"
NEXT_WORKING_DAY = "next_working_day"
PREVIOUS_WORKING_DAY = "previous_working_day"
SHIFT_RULES = (KEEP, NEXT_WORKING_DAY, PREVIOUS_WORKING_DAY)

# How far a move may take a session out of its own month, in days from the original date
# (a session on the 31st moved over a holiday into the first days of the next month).
MOVE_REACH = 7

# Weekdays as Vietnamese calendars and notices write them: Thứ Hai = T2 … Chủ nhật = CN.
WEEKDAYS_VI = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")

Rule = str | Callable[[datetime.date], str]


class Session(NamedTuple):
    """One month's session: where the rules put it and where it is held."""

    month: int
    fixed: datetime.date  # the point's day in the month
    scheduled: datetime.date  # after the shifting rule
    date: datetime.date  # after any move: the day the session is held

    @property
    def shifted(self) -> bool:
        return self.scheduled != self.fixed

    @property
    def moved(self) -> bool:
        return self.date != self.scheduled


class MoveProblem(Enum):
    """Why a move is refused; stable codes the services turn into messages."""

    NOT_A_TRANSACTION_DAY = "not_a_transaction_day"
    SAME_DAY = "same_day"
    TOO_FAR = "too_far"
    CROSSES_NEIGHBOUR = "crosses_neighbour"


def fixed_date(year: int, month: int, day_of_month: int) -> datetime.date:
    """The point's day in a month; a day past the month's end means its last day.

    >>> fixed_date(2026, 2, 31)
    datetime.date(2026, 2, 28)
    """
    if not 1 <= day_of_month <= 31:
        raise ValueError(f"day of month {day_of_month} is not 1–31")
    last = _gregorian.monthrange(year, month)[1]
    return datetime.date(year, month, min(day_of_month, last))


def is_working_day(day: datetime.date, holidays: Collection[datetime.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def shift(day: datetime.date, rule: str, holidays: Collection[datetime.date]) -> datetime.date:
    """Where a shifting rule puts a session whose fixed date is ``day`` (never another month)."""
    if rule not in SHIFT_RULES:
        raise ValueError(f"unknown shifting rule {rule!r}; expected one of {SHIFT_RULES}")
    if rule == KEEP or is_working_day(day, holidays):
        return day
    later = _first_working(day, +1, holidays)
    earlier = _first_working(day, -1, holidays)
    first, second = (later, earlier) if rule == NEXT_WORKING_DAY else (earlier, later)
    return first or second or day


def _first_working(day: datetime.date, step: int, holidays) -> datetime.date | None:
    """The nearest working day from ``day`` in direction ``step``, within the month."""
    one = datetime.timedelta(days=step)
    candidate = day
    while candidate.month == day.month:
        if is_working_day(candidate, holidays):
            return candidate
        try:
            candidate += one
        except OverflowError:  # past year 9999 or before year 1
            return None
    return None


def schedule(
    year: int,
    day_of_month: int,
    *,
    holidays: Collection[datetime.date] = frozenset(),
    rule: Rule = KEEP,
    moves: Mapping[datetime.date, datetime.date] | None = None,
) -> tuple[Session, ...]:
    """The year's twelve sessions of a point, January first.

    ``rule`` is a rule name, or a function giving the rule in force on a fixed date (a
    configurable rule may change during the year). ``moves`` maps original dates to new dates.
    """
    rule_on = rule if callable(rule) else (lambda _day: rule)
    moves = moves or {}
    sessions = []
    for month in range(1, 13):
        fixed = fixed_date(year, month, day_of_month)
        scheduled = shift(fixed, rule_on(fixed), holidays)
        held = moves.get(scheduled, moves.get(fixed, scheduled))
        sessions.append(Session(month, fixed, scheduled, held))
    return tuple(sessions)


def transaction_dates(
    year: int,
    day_of_month: int,
    *,
    holidays: Collection[datetime.date] = frozenset(),
    rule: Rule = KEEP,
    moves: Mapping[datetime.date, datetime.date] | None = None,
) -> list[datetime.date]:
    """The twelve dates of the year, one per month, in order (see the module's docstring)."""
    return [s.date for s in schedule(year, day_of_month, holidays=holidays, rule=rule, moves=moves)]


def check_move(
    sessions: Sequence[Session], original: datetime.date, moved_to: datetime.date
) -> MoveProblem | None:
    """Whether the session held on ``original`` may be held on ``moved_to`` instead.

    ``sessions`` are the point's sessions in date order as they stand (moves applied): the
    year of ``original`` with, near New Year, the neighbouring year's December or January.
    ``original`` is the date the session is now held on (a session already moved may be moved
    again). The new date must differ from it; it may lie outside the session's month only
    :data:`MOVE_REACH` days from the date the rules give; and it must stay strictly between
    the neighbouring sessions, so the year keeps exactly one session per month, in order.
    """
    dates = [s.date for s in sessions]
    if original not in dates:
        return MoveProblem.NOT_A_TRANSACTION_DAY
    if moved_to == original:
        return MoveProblem.SAME_DAY
    index = dates.index(original)
    home = sessions[index].scheduled
    in_month = (moved_to.year, moved_to.month) == (home.year, home.month)
    if not in_month and abs((moved_to - home).days) > MOVE_REACH:
        return MoveProblem.TOO_FAR
    before = dates[index - 1] if index > 0 else None
    after = dates[index + 1] if index + 1 < len(dates) else None
    if (before is not None and moved_to <= before) or (after is not None and moved_to >= after):
        return MoveProblem.CROSSES_NEIGHBOUR
    return None


def weekday_vi(day: datetime.date) -> str:
    """T2 … T7, CN."""
    return WEEKDAYS_VI[day.weekday()]
