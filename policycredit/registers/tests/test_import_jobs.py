"""A register started from the web returns at once; the worker does the check and the import
from the project's own database as its queue; the page shows how far it got; a worker killed
mid-job leaves nothing written and the job can be run again."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from policycredit.loans.models import Loan
from policycredit.registers import jobs
from policycredit.registers.models import ImportJob, ImportRun
from policycredit.registers.tests.test_import import portfolio
from policycredit.registers.tests.test_import_pages import _upload

pytestmark = pytest.mark.django_db
IN_THE_DATABASE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)


@pytest.fixture(autouse=True)
def _connection_kept(monkeypatch):
    """The worker closes stale connections between jobs; here its connection is the test's,
    inside the test's transaction."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def _worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@IN_THE_DATABASE
def test_the_page_returns_at_once_and_the_worker_checks_and_imports(client_as, tmp_path):
    client = client_as("ketoan")
    started = client.post(
        reverse("registers:import_index"), {"file": _upload(tmp_path, portfolio())}
    )
    check = ImportJob.objects.get()
    assert started.status_code == 302 and check.status == "queued"
    waiting = client.get(started.url)
    assert waiting.templates[0].name == "registers/import_job.html"
    assert b'http-equiv="refresh"' in waiting.content  # the page follows the job
    assert b"import-no-worker" not in waiting.content
    ImportJob.objects.filter(pk=check.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert b"import-no-worker" in client.get(started.url).content  # nobody took it

    _worker()
    check.refresh_from_db()
    assert check.status == "done" and jobs.rows_read(check) == 4
    preview = client.get(started.url)
    assert preview.context["token"] == check.pk
    assert not Loan.objects.filter(number__startswith="KU-").exists()

    confirmed = client.post(reverse("registers:import_confirm"), {"token": check.pk})
    assert client.get(confirmed.url).templates[0].name == "registers/import_job.html"
    assert not ImportRun.objects.exists()  # nothing until the worker runs it
    _worker()
    done = client.get(confirmed.url)
    assert done.url == reverse("registers:import_run", args=[ImportRun.objects.get().pk])
    assert Loan.objects.filter(number__startswith="KU-").count() == 4


@IN_THE_DATABASE
def test_a_job_whose_worker_died_can_be_run_again(client_as, tmp_path):
    client = client_as("ketoan")
    started = client.post(
        reverse("registers:import_index"), {"file": _upload(tmp_path, portfolio())}
    )
    job = ImportJob.objects.get()
    # A worker took it and was killed: the job says running, its progress stopped long ago.
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = client.get(started.url)
    assert b'data-testid="import-stale"' in page.content
    assert b'http-equiv="refresh"' not in page.content
    client.post(started.url)  # "Run it again"
    job.refresh_from_db()
    assert job.status == "queued"
    _worker()
    job.refresh_from_db()
    assert job.status == "done" and job.outcome["created"] == 4
    assert os.path.exists(job.path)  # kept for the import the person may now confirm
