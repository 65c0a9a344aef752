import contextlib
import contextvars
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.common.models import BusinessDate, Rule
from policycredit.common.rules import DEFAULTS


def rule(key: str, on: datetime.date | None = None):
    """The value of a business rule in force on a day (the business date by default)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    on = on or business_date()
    row = Rule.objects.filter(key=key, valid_from__lte=on).order_by("-valid_from").first()
    return DEFAULTS[key] if row is None else row.value


_simulated_day: contextvars.ContextVar = contextvars.ContextVar("business_date", default=None)


def business_date() -> datetime.date:
    """What "today" means to the bank: the day a history generator is replaying, else the date
    the close of day keeps (`BusinessDate`), else — before the first close — the
    calendar day in Vietnam."""
    simulated = _simulated_day.get()
    if simulated:
        return simulated
    return stored_business_date() or timezone.localdate()


@contextlib.contextmanager
def replaying(day: datetime.date):
    """Run services as if the business date were `day` (the demo's history from 2014)."""
    token = _simulated_day.set(day)
    try:
        yield
    finally:
        _simulated_day.reset(token)


_held_day: contextvars.ContextVar = contextvars.ContextVar("business_day_row", default=None)


def _day_row() -> tuple:
    """(today, first closed) as the close keeps them; (None, None) before the first close."""
    held = _held_day.get()
    if held is not None:
        return held
    return BusinessDate.objects.values_list("today", "first_closed").first() or (None, None)


@contextlib.contextmanager
def one_business_day():
    """A batch (a day's collections, a thousand deposits) asks "what day is it, what is
    closed" of every item: inside this block the close's row is read once. Only the close of
    day moves that row, and it never runs inside a batch."""
    if _held_day.get() is not None:
        yield
        return
    token = _held_day.set(
        BusinessDate.objects.values_list("today", "first_closed").first() or (None, None)
    )
    try:
        yield
    finally:
        _held_day.reset(token)


def stored_business_date() -> datetime.date | None:
    return _day_row()[0]


def first_closed() -> datetime.date | None:
    """The first business date ever closed (None before the first close)."""
    return _day_row()[1]


def accruing(on: datetime.date | None = None) -> bool:
    """The basis of a posting dated ``on`` (any date after the switch, if None): after the
    first closed business date interest is accrued day by day by the close and collections
    settle the receivable; up to it, interest is income when collected (docs/domain/ledger.md).
    """
    first = first_closed()
    return first is not None and (on is None or on > first)


def closed_through() -> datetime.date | None:
    """The last business date closed: nothing may be posted with a value date up to it."""
    today, first = _day_row()
    if first is None:
        return None
    return today - datetime.timedelta(days=1)


def closed_day_refusal(on: datetime.date) -> str | None:
    """Why nothing may be posted with value date ``on`` (None if it may). A bank posts at the
    business date: a day the close has accrued and reported is shut, and a mistake found later
    is reversed today (the reversal recomputes the interest of the days it reaches back into)."""
    closed = closed_through()
    if closed is None or on > closed:
        return None
    return _(
        "%(day)s is in a day already closed (the books are closed up to %(closed)s): "
        "record it at the business date, %(today)s; a past mistake is reversed today."
    ) % {
        "day": f"{on:%d/%m/%Y}",
        "closed": f"{closed:%d/%m/%Y}",
        "today": f"{closed + datetime.timedelta(days=1):%d/%m/%Y}",
    }
