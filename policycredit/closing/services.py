"""Closing business days: every write of the close of day.

`close_day` closes the current business date and advances it. Each step runs in its own
transaction together with its `StepRun` record, so a crash leaves each step either done (and
skipped when the close runs again) or not done at all; the date advances in the last
transaction, after every step. Closing a date that is not the current one, or while a
transaction day of that date is still open, is refused with the reason.
"""

import datetime
import os
import signal
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.closing import lock, steps
from policycredit.closing.models import StepRun
from policycredit.common.models import BusinessDate
from policycredit.transactiondays.models import DayStatus, TransactionDay

ONE_DAY = datetime.timedelta(days=1)


class CloseRefused(Exception):
    """A close that must not run; the message says why, in the user's language."""


def _another_close_runs() -> CloseRefused:
    return CloseRefused(
        _(
            "Another close of day is running: only one runs at a time. Nothing was done; "
            "wait for it to finish (the close's page shows how it ended)."
        )
    )


def _only_close():
    """The close's lock (`closing.lock`) for the block, or a refusal that says why."""
    return lock.close_lock(busy=_another_close_runs)


def pipeline() -> list[str]:
    return list(getattr(settings, "POLICYCREDIT_CLOSE_STEPS", steps.PIPELINE))


def current_date() -> datetime.date:
    stored = BusinessDate.objects.values_list("today", flat=True).first()
    return stored or timezone.localdate()


def close_day(*, actor=None, day: datetime.date | None = None, progress=None) -> dict:
    """Close one business date (the current one) and advance to the next. Returns the
    seconds each step took (0 for a step already done before a crash). Refused while another
    close runs (`closing.lock`)."""
    with _only_close():
        return _close(actor, day, progress)


def _close(actor, day, progress) -> dict:
    current = current_date()
    day = day or current
    if day != current:
        raise CloseRefused(
            _("The business date is %(current)s: close it first (dates close in order).")
            % {"current": f"{current:%d/%m/%Y}"}
        )
    _refuse_open_transaction_days(day)
    first_ever = not StepRun.objects.exists()
    timings = {}
    names = (["opening"] if first_ever else []) + pipeline()
    for name in names:
        step = steps.opening if name == "opening" else steps.STEPS[name]
        started = time.perf_counter()
        with transaction.atomic():
            if StepRun.objects.filter(date=day, step=name).exists():
                timings[name] = 0.0
                continue  # done before a crash: never twice
            details = step(day, actor)
            if os.environ.get("POLICYCREDIT_CLOSE_KILL_IN") == name:
                # The crash test's hook: die with the step's writes made and not committed.
                os.kill(os.getpid(), signal.SIGKILL)
            seconds = time.perf_counter() - started
            StepRun.objects.create(date=day, step=name, seconds=seconds, details=details)
        timings[name] = seconds
        if progress:
            progress(f"{day:%d/%m/%Y} {name}: {seconds:.3f} s {details}")
    with transaction.atomic():
        stored, _created = BusinessDate.objects.select_for_update().get_or_create(
            pk=1, defaults={"today": day}
        )
        stored.today = day + ONE_DAY
        stored.save()
        record(
            actor=actor,
            action=Action.BUSINESS_DAY_CLOSED,
            instance=stored,
            new={"closed": day.isoformat(), "today": stored.today.isoformat()},
        )
    return timings


def close_until(
    *, actor=None, until: datetime.date, progress=None, day_closed=None
) -> list[datetime.date]:
    """Catch up: close every date from the current one up to and including ``until``
    (``day_closed(day)`` after each, for a page following the catch-up)."""
    closed = []
    with _only_close():
        while current_date() <= until:
            day = current_date()
            close_day(actor=actor, day=day, progress=progress)
            closed.append(day)
            if day_closed:
                day_closed(day)
    return closed


def check_catch_up(*, until: datetime.date) -> None:
    """Refuse, before anything runs, a catch-up asked from the web that cannot go: nothing
    left to close, a day not over yet, or a transaction day of the business date still open.
    (The console's `close-day` is the operator's and closes what it is told.)"""
    if not lock.is_free():
        raise _another_close_runs()
    current, today = current_date(), timezone.localdate()
    if until < current:
        raise CloseRefused(
            _("Every day up to %(until)s is closed already: the business date is %(current)s.")
            % {"until": f"{until:%d/%m/%Y}", "current": f"{current:%d/%m/%Y}"}
        )
    if until > today:
        raise CloseRefused(
            _("%(until)s has not come yet: a day is closed once it is over.")
            % {"until": f"{until:%d/%m/%Y}"}
        )
    _refuse_open_transaction_days(current)


def catch_up(*, actor, until: datetime.date, progress=None, day_closed=None):
    """The close of every day up to ``until``, asked by a person from the close's page."""
    require_action(actor, "day.close")
    check_catch_up(until=until)
    return close_until(actor=actor, until=until, progress=progress, day_closed=day_closed)


def start_at(*, actor=None, day: datetime.date) -> BusinessDate:
    """Set the business date before the first close (a new installation, a test, a benchmark)."""
    with _only_close():
        return _start_at(actor, day)


def _start_at(actor, day) -> BusinessDate:
    if StepRun.objects.exists():
        raise CloseRefused(
            _("Days have been closed already: the business date only moves forward.")
        )
    stored, _created = BusinessDate.objects.update_or_create(pk=1, defaults={"today": day})
    record(
        actor=actor,
        action=Action.BUSINESS_DATE_SET,
        instance=stored,
        new={"today": day.isoformat()},
    )
    return stored


def _refuse_open_transaction_days(day: datetime.date) -> None:

    open_days = TransactionDay.objects.filter(date=day).exclude(status=DayStatus.POSTED)
    names = [str(d.point) for d in open_days.select_related("point")[:5]]
    if names:
        raise CloseRefused(
            _(
                "A transaction day of %(day)s is still open (%(points)s): it must be signed off "
                "before the day closes."
            )
            % {"day": f"{day:%d/%m/%Y}", "points": ", ".join(names)}
        )
