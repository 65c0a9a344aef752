"""A register's check and import as background jobs: the page that starts one returns at once,
the worker (`policycredit db_worker`, the project's own database as the queue) does the work,
and the person's page shows how many rows it has read, then the outcome.

How far a job got is written to a small file beside the staged upload, not to the database:
the import is one transaction, and nothing it writes (a progress count included) is visible to
anyone before it commits; SQLite would not even let a second connection write meanwhile.

A worker killed mid-job leaves nothing: the import's transaction never committed, and the job
still says "running". Once its progress file has not moved for `STALE`, the page offers to run
it again (`restart`).

The private folder, the atomic progress file and the test of a dead worker are the other long
jobs' (`policycredit.jobs`: files, liveness); the import keeps its own job table, whose check
and import are chained and whose outcome is a reconciliation, not a file.
"""

import datetime
import json
import os

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from policycredit.common.services import save_record
from policycredit.jobs import files, kinds, liveness
from policycredit.registers import services
from policycredit.registers.models import ImportJob, JobKind, JobStatus
from policycredit.registers.outcome import ImportRefused

STALE = kinds.STALE
KEPT = files.KEPT  # a checked file nobody imported is deleted after this


def staging_folder() -> str:
    """The folder uploads wait in: readable by this process's user only (a register holds
    every borrower's ID number)."""
    return files.private_folder()


def stage(upload) -> str:
    """Keep an uploaded file aside under a name nobody can guess; its path."""
    suffix = os.path.splitext(upload.name)[1].lower()
    path = files.unguessable(staging_folder(), suffix)
    with files.create_private(path) as handle:
        for piece in upload.chunks():
            handle.write(piece)
    return path


def prune() -> int:
    """Delete staged files older than `KEPT` (checks never imported); how many."""
    return files.prune(staging_folder(), KEPT)


def start_check(*, actor, path: str, file_name: str, office: str | None, as_of) -> ImportJob:
    prune()
    job = save_record(
        actor=actor,
        instance=ImportJob(
            kind=JobKind.CHECK,
            actor=actor,
            file_name=file_name[:255],
            path=path,
            office_code=office or "",
            as_of=as_of,
        ),
    )
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def start_import(*, actor, checked: ImportJob) -> ImportJob:
    """The import of a file whose check found nothing blocking, by the person who checked it."""
    job = save_record(
        actor=actor,
        instance=ImportJob(
            kind=JobKind.IMPORT,
            actor=actor,
            file_name=checked.file_name,
            path=checked.path,
            office_code=checked.office_code,
            as_of=checked.as_of,
            checked=checked,
        ),
    )
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def restart(*, actor, job: ImportJob) -> ImportJob:
    """Run again a job whose worker died (nothing of it was written)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not is_stale(job):
            return job
        job.status, job.started_at, job.error = JobStatus.QUEUED, None, ""
        save_record(actor=actor, instance=job)
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def rows_read(job: ImportJob) -> int:
    try:
        with open(_progress_path(job), encoding="utf-8") as handle:
            return int(json.load(handle)["rows"])
    except (OSError, ValueError, KeyError):
        return 0


def is_waiting_long(job: ImportJob) -> bool:
    """Queued for over a minute: no worker is running."""
    return job.status == JobStatus.QUEUED and liveness.nobody_took(job.created_at)


def is_stale(job: ImportJob) -> bool:
    """A job taken by a worker that has shown no progress for `STALE`: the worker died."""
    if job.status != JobStatus.RUNNING:
        return False
    try:
        moved = datetime.datetime.fromtimestamp(
            os.path.getmtime(_progress_path(job)), tz=datetime.UTC
        )
    except OSError:
        moved = job.started_at
    return liveness.has_stopped(moved, STALE)


@task()
def run_job(job_id: int) -> str:
    """The worker's side: check or import the staged file; the outcome on the job."""
    job = ImportJob.objects.get(pk=job_id)
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    _write_progress(job, 0)
    kwargs = {
        "file_name": job.file_name,
        "office": job.office_code or None,
        "as_of": job.as_of,
        "progress": lambda rows: _write_progress(job, rows),
    }
    try:
        if job.kind == JobKind.CHECK:
            outcome = services.check_register(job.path, **kwargs)
        else:
            try:
                outcome = services.import_register(actor=job.actor, path=job.path, **kwargs)
            except ImportRefused as refused:  # the books changed since the check
                outcome = refused.outcome
    except PermissionDenied as refused:  # the rules table no longer lets the starter import
        job.status, job.error = JobStatus.FAILED, str(refused)[:2000]
    except Exception as error:  # said on the job's page; nothing was written
        job.status, job.error = JobStatus.FAILED, f"{type(error).__name__}: {error}"[:2000]
    else:
        job.status, job.outcome = JobStatus.DONE, outcome.to_json()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "outcome", "error", "finished_at"])
    if job.kind == JobKind.IMPORT or job.status != JobStatus.DONE or not outcome.ok:
        _discard(job)
    return job.status


def _progress_path(job: ImportJob) -> str:
    return f"{job.path}.progress"


def _write_progress(job: ImportJob, rows: int) -> None:
    files.replace_atomically(_progress_path(job), json.dumps({"rows": rows}).encode())


def _discard(job: ImportJob) -> None:
    """The upload and its progress, once nothing more will be done with them."""
    files.discard(job.path, _progress_path(job))
