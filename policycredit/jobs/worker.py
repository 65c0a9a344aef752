"""The worker's side: the task that runs a job by its kind, in its starter's language, and the
job's bookkeeping (taken, how far, how it ended).

The bookkeeping is written without an audit event: no person acts here (starting the job was
audited), and what a job does to the books audits itself (the close records each day it
closes). Each write is its own short statement, outside any transaction of the job's work, so
the page sees progress while the work goes on. Whatever the kind raises ends on the job, so
the page always has something to say.
"""

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from policycredit.jobs import files, kinds
from policycredit.jobs.models import Job, Status


@task()
def run_job(job_id: int) -> str:
    job = take(job_id)
    if job is None:
        return "skipped"
    spec = kinds.get(job.kind)
    files.discard_parts(job.pk)  # a run before this one died mid-file

    def progress(done: int | None = None, total: int | None = None) -> None:
        note_progress(job, done, total)

    with translation.override(job.language):
        try:
            result = spec.run(job, progress)
        except kinds.Refused as refused:
            refuse(job, refused)
        except Exception as error:  # for the administrator, on the job's page
            fail(job, error)
        else:
            finish(job, result)
    return job.status


def take(job_id: int) -> Job | None:
    """The worker takes a queued job (None if it is not queued: taken, or finished)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Status.QUEUED:
            return None
        job.status, job.done, job.total = Status.RUNNING, 0, 0
        job.started_at = job.moved_at = timezone.now()
        job.save(update_fields=["status", "started_at", "moved_at", "done", "total"])
    return job


def note_progress(job: Job, done: int | None = None, total: int | None = None) -> None:
    """How far it got; with no figures, only a sign of life (a long step still going)."""
    changes = {"moved_at": timezone.now()}
    if done is not None:
        job.done = changes["done"] = done
    if total is not None:
        job.total = changes["total"] = total
    Job.objects.filter(pk=job.pk).update(**changes)


def finish(job: Job, result: kinds.Result) -> None:
    job.status, job.outcome = Status.DONE, result.outcome
    job.result_path, job.download_name = result.path, result.download_name[:255]
    job.content_type = result.content_type
    if job.total:
        job.done = job.total
    _close(job, ["outcome", "result_path", "download_name", "content_type", "done"])


def refuse(job: Job, refused: kinds.Refused) -> None:
    job.status, job.error, job.outcome = Status.REFUSED, str(refused)[:2000], refused.outcome
    _close(job, ["error", "outcome"])


def fail(job: Job, error: BaseException) -> None:
    job.status, job.error = Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
    _close(job, ["error"])


def _close(job: Job, fields: list[str]) -> None:
    job.finished_at = job.moved_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "moved_at", *fields])
