"""Whether a job's worker is alive, from the last sign of progress.

A worker killed mid-job cannot say so: its job keeps saying "running". What the page can tell
is that nothing has moved for longer than the kind ever stays silent, or that nobody has taken
a queued job for a minute (no worker is running at all). The register import keeps its own
progress in a file (its transaction hides anything it writes to the database) and asks the
same questions of that file's time.
"""

import datetime

from django.utils import timezone

from policycredit.jobs import kinds
from policycredit.jobs.models import Job, Status

NO_WORKER = datetime.timedelta(minutes=1)


def has_stopped(moved: datetime.datetime | None, after: datetime.timedelta) -> bool:
    """The last sign of life is older than `after` (none at all counts as long ago)."""
    return moved is None or timezone.now() - moved > after


def nobody_took(created: datetime.datetime) -> bool:
    return timezone.now() - created > NO_WORKER


def is_stale(job: Job) -> bool:
    if job.status != Status.RUNNING:
        return False
    return has_stopped(job.moved_at or job.started_at, kinds.get(job.kind).stale_after)


def is_waiting_long(job: Job) -> bool:
    return job.status == Status.QUEUED and nobody_took(job.created_at)
