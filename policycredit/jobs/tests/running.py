"""Running jobs as production does, for the tests of every app with a job: the queue in the
project's own database and the worker's command, inside the test's transaction."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from policycredit.jobs.models import Job

IN_THE_DATABASE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)


@pytest.fixture
def connection_kept(monkeypatch):
    """The worker closes stale connections between jobs; here its connection is the test's,
    inside the test's transaction."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def private_root(settings, tmp_path):
    """The private folder of uploads and results, the test's own."""
    settings.STAGING_ROOT = tmp_path / "staging"
    return settings.STAGING_ROOT


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def kill(job, minutes: int = 60) -> None:
    """A worker took the job and was killed: it says running, and nothing moved for long."""
    long_ago = timezone.now() - datetime.timedelta(minutes=minutes)
    Job.objects.filter(pk=job.pk).update(
        status="running", started_at=long_ago, moved_at=long_ago, finished_at=None
    )
