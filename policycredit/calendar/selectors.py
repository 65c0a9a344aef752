"""Reads of the transaction-day calendar.

A point's dates come from :mod:`policycredit.domain.calendar` fed with three kinds of data read
once per call, whatever the number of points: the holidays of the years asked for, the moves of
those years, and the shifting rule (`calendar.shift`, which may change during a year). The
functions taking a point trust the caller to have read it through a scoped selector;
`schedule_for` and `sessions_for` read the points the user may see themselves.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from policycredit.calendar.models import Holiday, TransactionDayMove
from policycredit.common.models import Rule
from policycredit.common.rules import DEFAULTS
from policycredit.domain import calendar as rules
from policycredit.geo.models import TransactionPoint
from policycredit.geo.selectors import transaction_points_for

SHIFT_RULE = "calendar.shift"


def holidays_for(user) -> QuerySet:
    """Public holidays are published law: every signed-in user may read them."""
    return Holiday.objects.all()


def moves_for(user) -> QuerySet:
    qs = TransactionDayMove.objects.select_related("point", "point__ward", "actor")
    return qs.filter(point__in=transaction_points_for(user).values("id"))


@dataclass
class YearData:
    """Holidays, moves and the shifting rule of a span of years, read in three queries."""

    first_year: int
    last_year: int
    point_ids: list[int] | None = None
    holidays: dict = field(init=False)
    moves: dict = field(init=False)  # point id -> {original: move row}
    rule_rows: list = field(init=False)  # (valid from, value), oldest first

    def __post_init__(self):
        span = (datetime.date(self.first_year, 1, 1), datetime.date(self.last_year, 12, 31))
        self.holidays = dict(Holiday.objects.filter(date__range=span).values_list("date", "name"))
        moves = TransactionDayMove.objects.filter(original__range=span)
        if self.point_ids is not None:
            moves = moves.filter(point_id__in=self.point_ids)
        self.moves = defaultdict(dict)
        for move in moves:
            self.moves[move.point_id][move.original] = move
        self.rule_rows = _rule_rows(span[1])

    def rule_on(self, day: datetime.date) -> str:
        """The shifting rule in force on a day (as `common.selectors.rule` reads it)."""
        value = DEFAULTS[SHIFT_RULE]
        for valid_from, row_value in self.rule_rows:
            if valid_from > day:
                break
            value = row_value
        return value

    def sessions(self, point: TransactionPoint, year: int) -> tuple[rules.Session, ...]:
        moves = {original: m.moved_to for original, m in self.moves[point.pk].items()}
        return rules.schedule(
            year, point.day_of_month, holidays=self.holidays, rule=self.rule_on, moves=moves
        )

    def move_of(self, point: TransactionPoint, session: rules.Session):
        """The move row that names this session, if any (by its scheduled or fixed date)."""
        rows = self.moves[point.pk]
        return rows.get(session.scheduled) or rows.get(session.fixed)


def sessions_of(point: TransactionPoint, year: int) -> tuple[rules.Session, ...]:
    return YearData(year, year, [point.pk]).sessions(point, year)


def sessions_around(point: TransactionPoint, day: datetime.date) -> tuple[list, YearData]:
    """The point's sessions of the year before, the year of and the year after ``day``, in date
    order, with the data they came from (a session may cross New Year by a move)."""
    data = YearData(day.year - 1, day.year + 1, [point.pk])
    sessions = [s for year in range(day.year - 1, day.year + 2) for s in data.sessions(point, year)]
    return sessions, data


def transaction_dates(point: TransactionPoint, year: int) -> list[datetime.date]:
    """The point's twelve session dates of a year, January's first (`dates[i]` belongs to month
    i + 1; it lies in another month only where a move took it there)."""
    return [s.date for s in sessions_of(point, year)]


def transaction_date_of(point: TransactionPoint, year: int, month: int) -> datetime.date:
    return transaction_dates(point, year)[month - 1]


def is_transaction_day(point: TransactionPoint, day: datetime.date) -> bool:
    sessions, _data = sessions_around(point, day)
    return any(s.date == day for s in sessions)


def next_transaction_day(point: TransactionPoint, on_or_after: datetime.date) -> datetime.date:
    """The first session of the point on or after a day."""
    sessions, _data = sessions_around(point, on_or_after)
    return next(s.date for s in sessions if s.date >= on_or_after)


@dataclass(frozen=True)
class Cell:
    """One month of the schedule as the page shows it."""

    session: rules.Session
    holiday: str = ""  # the holiday the session falls on, when it does
    reason: str = ""  # why it was moved

    @property
    def date(self) -> datetime.date:
        return self.session.date

    @property
    def weekday(self) -> str:
        return rules.weekday_vi(self.session.date)

    @property
    def off_day(self) -> bool:
        """Held on a weekend or a holiday (by the rule "keep", or by a move)."""
        return self.session.date.weekday() >= 5 or bool(self.holiday)


def sessions_for(user, year: int) -> list[tuple[TransactionPoint, list[Cell]]]:
    """Each point in operation the user may see, with its twelve sessions of the year."""
    points = list(transaction_points_for(user).filter(active=True))
    data = YearData(year, year, [p.pk for p in points])
    rows = []
    for point in points:
        cells = []
        for session in data.sessions(point, year):
            move = data.move_of(point, session) if session.moved else None
            cells.append(
                Cell(session, data.holidays.get(session.date, ""), move.reason if move else "")
            )
        rows.append((point, cells))
    return rows


def schedule_for(user, year: int) -> list[tuple[TransactionPoint, list[datetime.date]]]:
    """(point, its twelve dates) for each point in operation the user may see."""
    return [(point, [c.date for c in cells]) for point, cells in sessions_for(user, year)]


def shift_rules_in(year: int) -> list[tuple[datetime.date, str]]:
    """The shifting rule in force on 1 January, then each change during the year."""
    start = datetime.date(year, 1, 1)
    current, changes = DEFAULTS[SHIFT_RULE], []
    for valid_from, value in _rule_rows(datetime.date(year, 12, 31)):
        if valid_from <= start:
            current = value
        else:
            changes.append((valid_from, value))
    return [(start, current), *changes]


def _rule_rows(until: datetime.date) -> list[tuple[datetime.date, str]]:
    return list(
        Rule.objects.filter(key=SHIFT_RULE, valid_from__lte=until)
        .order_by("valid_from")
        .values_list("valid_from", "value")
    )
