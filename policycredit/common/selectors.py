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
