import datetime

from policycredit.closing.models import StepRun


def runs_of(day: datetime.date) -> dict[str, StepRun]:
    return {r.step: r for r in StepRun.objects.filter(date=day)}


def close_state(today: datetime.date) -> dict:
    """How the last close of day ended, for a monitor: the last date closed and when, and
    whether a close of the current date was begun and not finished (a crash or a kill: running
    it again finishes it)."""
    last = StepRun.objects.filter(date__lt=today).order_by("-date", "-finished_at").first()
    begun = sorted(StepRun.objects.filter(date=today).values_list("step", flat=True))
    return {
        "last_closed": last.date.isoformat() if last else None,
        "finished_at": last.finished_at.isoformat() if last else None,
        "interrupted": bool(begun),
        "steps_done_today": begun,
    }
