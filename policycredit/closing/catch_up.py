"""The close of several business days asked from the close's page and run by the worker.

Each step of each day commits on its own with its run record (services.close_day), so a worker
killed mid-catch-up leaves every day either closed or not begun, at worst one day with some
steps done, which the next run finishes without doing any twice. The job's page counts the
days; a step that is still working (a month end's proof at a national size can take minutes)
shows it is alive through the close's own progress messages.
"""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.closing import services
from policycredit.closing.steps import CloseError
from policycredit.jobs.kinds import Kind, Refused, Result

NAME = "close_days"


def _until(parameters) -> datetime.date:
    return datetime.date.fromisoformat(parameters["until"])


def check(actor, parameters) -> None:
    try:
        services.check_catch_up(until=_until(parameters))
    except services.CloseRefused as refused:
        raise ValidationError(str(refused), code="refused") from refused


def run(job, progress) -> Result:
    until = _until(job.parameters)
    total = max((until - services.current_date()).days + 1, 0)
    progress(0, total)
    closed: list[datetime.date] = []

    def day_closed(day):
        closed.append(day)
        progress(len(closed), total)

    try:
        services.catch_up(
            actor=job.actor,
            until=until,
            progress=lambda _step: progress(),  # a step done: alive, whatever the day
            day_closed=day_closed,
        )
    except (services.CloseRefused, CloseError) as refused:
        raise Refused(str(refused), outcome=_outcome(closed)) from refused
    return Result(outcome=_outcome(closed))


def _outcome(closed) -> dict:
    return {
        "closed": [day.isoformat() for day in closed],
        "today": services.current_date().isoformat(),
    }


def summary(job) -> str:
    outcome = job.outcome or {}
    today = f"{datetime.date.fromisoformat(outcome['today']):%d/%m/%Y}" if outcome else ""
    closed = [datetime.date.fromisoformat(day) for day in outcome.get("closed", [])]
    if not closed:
        return _("No day was closed; the business date is %(today)s.") % {"today": today}
    text = _("%(count)s days closed, %(first)s to %(last)s; the business date is now %(today)s.")
    return text % {
        "count": len(closed),
        "first": f"{closed[0]:%d/%m/%Y}",
        "last": f"{closed[-1]:%d/%m/%Y}",
        "today": today,
    }


def describe(job) -> str:
    return _("Close of day up to %(until)s") % {"until": f"{_until(job.parameters):%d/%m/%Y}"}


def back(job) -> str:
    return reverse("closing:close")


KIND = Kind(
    name=NAME,
    label=gettext_lazy("The close of day"),
    action="day.close",
    run=run,
    check=check,
    describe=describe,
    summary=summary,
    back=back,
    counted=gettext_lazy("days closed"),
    exclusive=True,
    stale_after=datetime.timedelta(minutes=15),
)
