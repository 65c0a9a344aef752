import contextlib
import contextvars
import datetime

from django.utils import timezone

from policycredit.common.models import Rule
from policycredit.common.rules import DEFAULTS


def rule(key: str, on: datetime.date | None = None):
    """The value of a business rule in force on a day (today by default)."""
    if key not in DEFAULTS:
        raise KeyError(key)
    on = on or timezone.localdate()
    row = Rule.objects.filter(key=key, valid_from__lte=on).order_by("-valid_from").first()
    return DEFAULTS[key] if row is None else row.value


_simulated_day: contextvars.ContextVar = contextvars.ContextVar("business_date", default=None)


def business_date() -> datetime.date:
    """What "today" means to the bank: the day a history generator is replaying, else the date
    the close of day keeps (`closing.BusinessDate`), else — before the first close — the
    calendar day in Vietnam."""
    simulated = _simulated_day.get()
    if simulated:
        return simulated
    from policycredit.closing.selectors import stored_business_date

    return stored_business_date() or timezone.localdate()


@contextlib.contextmanager
def replaying(day: datetime.date):
    """Run services as if the business date were `day` (the demo's history from 2014)."""
    token = _simulated_day.set(day)
    try:
        yield
    finally:
        _simulated_day.reset(token)
