"""The notices' settings, each with its default (settings.py reads them from the environment;
docs: the notices' page)."""

import datetime
from pathlib import Path

from django.conf import settings


def backend_path() -> str:
    """The dotted path of the backend class; empty: no gateway configured, nothing is sent."""
    return getattr(settings, "POLICYCREDIT_SMS_BACKEND", "")


def file_dir() -> Path:
    default = Path(settings.STAGING_ROOT) / "sms"
    return Path(getattr(settings, "POLICYCREDIT_SMS_FILE_DIR", "") or default)


def gateway() -> dict:
    return {
        "url": getattr(settings, "POLICYCREDIT_SMS_URL", ""),
        "api_key": getattr(settings, "POLICYCREDIT_SMS_API_KEY", ""),
        "api_secret": getattr(settings, "POLICYCREDIT_SMS_API_SECRET", ""),
        "sender": getattr(settings, "POLICYCREDIT_SMS_SENDER", "NHCSXH"),
        "timeout": float(getattr(settings, "POLICYCREDIT_SMS_TIMEOUT", 10)),
    }


def callback_secret() -> str:
    return getattr(settings, "POLICYCREDIT_SMS_CALLBACK_SECRET", "")


def max_attempts() -> int:
    return int(getattr(settings, "POLICYCREDIT_SMS_MAX_ATTEMPTS", 3))


def backoff(attempt: int) -> datetime.timedelta:
    """The wait after the attempt-th failure: the base, doubled each time."""
    base = int(getattr(settings, "POLICYCREDIT_SMS_BACKOFF_SECONDS", 60))
    return datetime.timedelta(seconds=base * 2 ** max(attempt - 1, 0))


def days_before() -> int:
    return int(getattr(settings, "POLICYCREDIT_NOTICES_DAYS_BEFORE", 2))


def overdue_within() -> int:
    """How many closed days back the overdue reminders look (a night the timer missed)."""
    return int(getattr(settings, "POLICYCREDIT_NOTICES_OVERDUE_WITHIN", 3))


# A message "sending" for longer than this has lost its worker: a person decides.
STUCK_AFTER = datetime.timedelta(minutes=10)
