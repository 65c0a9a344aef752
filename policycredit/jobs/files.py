"""The private folder long jobs keep files in: uploads waiting for their import
(`registers.jobs`) and the files jobs make (`results/`), under `settings.STAGING_ROOT`.

They hold borrowers' names and ID numbers, so only this process's user may read them (folders
0700, files 0600), under names nobody can guess, and they are served only by the pages that
check who asks. A file a job makes is written beside its final name and renamed when complete:
a worker killed mid-file leaves a `.part` nobody is offered, removed when the job runs again or
when it is old.
"""

import contextlib
import datetime
import glob
import os
import secrets

from django.conf import settings
from django.utils import timezone

KEPT = datetime.timedelta(days=2)
PART = ".part"


def private_folder(*parts: str) -> str:
    folder = os.path.join(str(settings.STAGING_ROOT), *parts)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)  # makedirs leaves an existing folder as it was
    return folder


def results_folder() -> str:
    private_folder()  # the parent too: makedirs gives new parents the umask's mode
    return private_folder("results")


def unguessable(folder: str, suffix: str = "", prefix: str = "") -> str:
    return os.path.join(folder, f"{prefix}{secrets.token_hex(16)}{suffix}")


def result_path(job_id: int, suffix: str) -> str:
    """Where a job's file goes: named after the job, so a rerun finds what a dead worker left."""
    return unguessable(results_folder(), suffix, prefix=f"{job_id}-")


def discard_parts(job_id: int) -> None:
    discard(*glob.glob(os.path.join(results_folder(), f"{job_id}-*{PART}")))


def create_private(path: str):
    """A new file only this user may read, opened for writing in binary; refuses to reuse."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(descriptor, "wb")


def replace_atomically(path: str, data: bytes) -> None:
    """A small file (a progress count) rewritten so that a reader never sees half of it."""
    temporary = f"{path}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


@contextlib.contextmanager
def writing(path: str):
    """Yield the name to write `path` under; renamed to `path` only if the block completes."""
    part = f"{path}{PART}"
    discard(part)
    create_private(part).close()
    try:
        yield part
    except BaseException:
        discard(part)
        raise
    os.replace(part, path)


def discard(*paths: str) -> None:
    for path in paths:
        if path and os.path.exists(path):
            os.remove(path)


def prune(folder: str, kept: datetime.timedelta = KEPT) -> int:
    """Delete the files of `folder` (not its sub-folders) older than `kept`; how many."""
    limit, gone = timezone.now().timestamp() - kept.total_seconds(), 0
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if os.path.isfile(path) and os.path.getmtime(path) < limit:
                os.remove(path)
                gone += 1
        except FileNotFoundError:  # another process pruned it first
            continue
    return gone


def exists(path: str) -> bool:
    return bool(path) and os.path.isfile(path)
