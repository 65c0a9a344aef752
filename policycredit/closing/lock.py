"""Only one close of day runs at a time, whoever starts it (the nightly timer, an operator's
`close-day`, the close's page through the worker).

The close commits step by step (services.close_day), so no one transaction can hold a lock
for all of it: the lock belongs to the session, and dies with the process, so a close killed
half-way never leaves the next one locked out.

- PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) on the connection the close
  runs on, released when the close ends or the connection drops.
- SQLite: an exclusive `flock` on a file beside the database (SQLite is one machine's file,
  so a file lock is exact); the kernel releases it when the process dies. An in-memory
  database lives in one process: a lock of that process is enough.

A second close asking while one runs is refused at once (`Busy`), never queued: the first
will have moved the date, and what the second was asked to close may no longer be there.
"""

import contextlib
import os
import threading

from django.db import DatabaseError, connection

try:
    import fcntl
except ImportError:  # not POSIX: the in-process lock below is all there is
    fcntl = None

# Any fixed number: it names "the close of day" among the installation's advisory locks.
ADVISORY_KEY = 7_317_001

_held = threading.local()
_in_process: dict[str, threading.Lock] = {}
_in_process_guard = threading.Lock()


class Busy(Exception):
    """Another close of day holds the lock."""


@contextlib.contextmanager
def close_lock(busy=Busy):
    """Hold the close's lock for the block, or raise `busy()` (the caller's refusal, `Busy`
    by default). Re-entrant in one thread: the catch-up of several days holds it once around
    every day's close."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    try:
        release = _acquire()
    except Busy:
        raise busy() from None
    _held.depth = 1
    try:
        yield
    finally:
        _held.depth = 0
        release()


def is_free() -> bool:
    """Whether no close runs now (a page asks before starting one)."""
    if getattr(_held, "depth", 0):
        return True
    try:
        release = _acquire()
    except Busy:
        return False
    release()
    return True


def _acquire():
    if connection.vendor == "postgresql":
        return _advisory()
    name = str(connection.settings_dict["NAME"])
    if fcntl is None or name == ":memory:" or "mode=memory" in name:
        return _process_lock(name)
    return _file_lock(f"{name}.close-lock")


def _advisory():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
        if not cursor.fetchone()[0]:
            raise Busy

    def release():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        except DatabaseError:
            # A connection that cannot say so is closed: its session, and the lock, end with
            # it (a worker's connection outlives the job and must not keep the lock).
            connection.close()

    return release


def _file_lock(path: str):
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise Busy from None

    def release():
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)

    return release


def _process_lock(name: str):
    with _in_process_guard:
        lock = _in_process.setdefault(name, threading.Lock())
    if not lock.acquire(blocking=False):
        raise Busy
    return lock.release
