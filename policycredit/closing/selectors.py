import datetime

from policycredit.closing.models import BusinessDate, StepRun


def stored_business_date() -> datetime.date | None:
    return BusinessDate.objects.values_list("today", flat=True).first()


def accruing() -> bool:
    """Once the close of day has run, interest is accrued day by day and collections settle
    the receivable; before that, interest is income when collected."""
    return StepRun.objects.filter(step="opening").exists()


def runs_of(day: datetime.date) -> dict[str, StepRun]:
    return {r.step: r for r in StepRun.objects.filter(date=day)}
