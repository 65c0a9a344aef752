"""Reads of the jobs, scoped: a job is its starter's (a user who sees everything sees them
all), and only while their role may still take the job's action — a file of the sheets or of
a review carries borrowers' names, a close is the books' business."""

from django.db.models import QuerySet

from policycredit.accounts.roles import can_act
from policycredit.accounts.selectors import scope_of
from policycredit.jobs import files, kinds
from policycredit.jobs.models import LIVE, Job, Status


def jobs_for(user) -> QuerySet:
    allowed = [name for name in kinds.names() if can_act(user, kinds.get(name).action)]
    qs = Job.objects.filter(kind__in=allowed).select_related("actor")
    return qs if scope_of(user).everything else qs.filter(actor=user)


def under_way(kind: str) -> QuerySet:
    """Jobs of a kind not yet finished, whoever started them (for a kind run one at a time)."""
    return Job.objects.filter(kind=kind, status__in=LIVE).select_related("actor")


def file_of(job: Job) -> str | None:
    """The finished file, if the job made one and it has not been pruned since."""
    if job.status == Status.DONE and files.exists(job.result_path):
        return job.result_path
    return None
