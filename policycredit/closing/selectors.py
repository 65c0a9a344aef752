import datetime

from policycredit.closing.models import StepRun


def runs_of(day: datetime.date) -> dict[str, StepRun]:
    return {r.step: r for r in StepRun.objects.filter(date=day)}
