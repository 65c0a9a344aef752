"""Every write of the jobs.

A person starts a job or runs a dead one again: one transaction, the role checked, the kind's
own checks, an audit event (`save_record`); the task is enqueued once that has committed, so
the worker never looks for a job that is not there. The worker's own bookkeeping is in
`worker.py`.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.common.services import save_record
from policycredit.jobs import files, kinds, liveness, selectors, worker
from policycredit.jobs.models import Job, Status


def start(*, actor, kind: str, parameters: dict, language: str | None = None) -> Job:
    """`language`: the one the file and the messages are made in (the page's by default)."""
    spec = kinds.get(kind)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    require_action(actor, spec.action)
    files.prune(files.results_folder())
    with transaction.atomic():
        spec.check(actor, parameters)
        if spec.exclusive:
            _refuse_a_second(spec)
        job = save_record(
            actor=actor,
            instance=Job(kind=kind, actor=actor, parameters=parameters, language=language),
        )
    worker.run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def restart(*, actor, job: Job) -> Job:
    """Run again a job whose worker died; a job still moving is left alone."""
    with transaction.atomic():
        if not selectors.jobs_for(actor).filter(pk=job.pk).exists():
            raise PermissionDenied
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not liveness.is_stale(job):
            return job
        files.discard_parts(job.pk)  # what the dead worker had half written
        job.status, job.done, job.error = Status.QUEUED, 0, ""
        job.started_at = job.moved_at = None
        save_record(actor=actor, instance=job)
    worker.run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _refuse_a_second(spec: kinds.Kind) -> None:
    running = [j for j in selectors.under_way(spec.name) if not liveness.is_stale(j)]
    if running:
        raise ValidationError(
            _("%(job)s is already under way (started by %(person)s at %(time)s).")
            % {
                "job": spec.label,
                "person": running[0].actor,
                "time": timezone.localtime(running[0].created_at).strftime("%H:%M %d/%m/%Y"),
            },
            code="under_way",
        )
