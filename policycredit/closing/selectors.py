import datetime

from policycredit.closing.catch_up import NAME as CATCH_UP
from policycredit.closing.models import StepRun
from policycredit.jobs.selectors import under_way


def runs_of(day: datetime.date) -> dict[str, StepRun]:
    return {r.step: r for r in StepRun.objects.filter(date=day)}


def last_close(today: datetime.date) -> StepRun | None:
    """The last step of the last date closed before ``today``: its date and when it ended."""
    return StepRun.objects.filter(date__lt=today).order_by("-date", "-finished_at").first()


def steps_begun(today: datetime.date) -> list[str]:
    """Steps of ``today`` already done: a close begun and not finished (a crash, a kill)."""
    return sorted(StepRun.objects.filter(date=today).values_list("step", flat=True))


def close_state(today: datetime.date) -> dict:
    """How the last close of day ended, for a monitor: the last date closed and when, and
    whether a close of the current date was begun and not finished (a crash or a kill: running
    it again finishes it)."""
    last = last_close(today)
    begun = steps_begun(today)
    return {
        "last_closed": last.date.isoformat() if last else None,
        "finished_at": last.finished_at.isoformat() if last else None,
        "interrupted": bool(begun),
        "steps_done_today": begun,
    }


def catch_up_under_way():
    """The close of day a person started from its page and the worker has not finished."""
    return under_way(CATCH_UP).first()


def catch_up_until(current: datetime.date, today: datetime.date) -> datetime.date:
    """The date the close's page proposes: the days that are over (yesterday) when the close
    is behind, so that nobody closes today by accident while tellers still post to it; today
    when only today is left."""
    return max(current, today - datetime.timedelta(days=1))
