import datetime

from django.utils.translation import gettext as _

from policycredit.closing.models import BusinessDate, StepRun


def stored_business_date() -> datetime.date | None:
    return BusinessDate.objects.values_list("today", flat=True).first()


def first_closed() -> datetime.date | None:
    """The first business date ever closed (None before the first close)."""
    return BusinessDate.objects.values_list("first_closed", flat=True).first()


def accruing(on: datetime.date | None = None) -> bool:
    """The basis of a posting dated ``on`` (any date after the switch, if None): after the
    first closed business date interest is accrued day by day by the close and collections
    settle the receivable; up to it, interest is income when collected (docs/domain/ledger.md).
    """
    first = first_closed()
    return first is not None and (on is None or on > first)


def closed_through() -> datetime.date | None:
    """The last business date closed: nothing may be posted with a value date up to it."""
    row = BusinessDate.objects.values_list("today", "first_closed").first()
    if row is None or row[1] is None:
        return None
    return row[0] - datetime.timedelta(days=1)


def runs_of(day: datetime.date) -> dict[str, StepRun]:
    return {r.step: r for r in StepRun.objects.filter(date=day)}


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
