"""Reads that may go to a PostgreSQL streaming replica (`DATABASE_REPLICA_URL`; docs/operations.md,
"A read replica").

A replica is a moment behind the primary, so only reads that can stand that go there: what a
report or a dashboard reads inside `replica_reads()` (its views enter it with
`reads_from_replica`). Everything else stays on the primary: every write, every read inside a
transaction (a service reads what it is about to change), the session, the signed-in user and
Django's permissions (a role taken away must count at once), and every read of someone who has
just written (`primary_reads()`, entered by `web.middleware.PinAfterWriteMiddleware`): they
expect to see what they did. A replica that does not answer is left alone for a while and the
reads go to the primary.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
# While the replica is down, a report must not wait for the connection timeout on every page.
RETRY_AFTER_SECONDS = 30.0
# On the primary even inside the scope: who is signed in, and with what rights, follows a change
# at once (the user model too, below).
_PRIMARY_APPS = {"sessions", "auth"}

log = logging.getLogger("policycredit.replica")

_scoped = ContextVar("policycredit_replica_reads", default=False)
_pinned = ContextVar("policycredit_primary_reads", default=False)
_down_until = 0.0


@contextmanager
def replica_reads():
    """Reads in here may come from the replica (also usable as a function decorator)."""
    token = _scoped.set(True)
    try:
        yield
    finally:
        _scoped.reset(token)


@contextmanager
def primary_reads():
    """Reads in here come from the primary, even inside `replica_reads()`."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def reads_from_replica(view):
    """A report or dashboard view (a class-based one's `dispatch` through `method_decorator`).
    Its template is rendered in the scope too: a TemplateResponse would otherwise be rendered
    after the view returns, and its lazy querysets read from the primary."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with replica_reads():
            response = view(request, *args, **kwargs)
            if not getattr(response, "is_rendered", True):
                response.render()
        return response

    return wrapped


def _on_replica(model) -> bool:
    if not _scoped.get() or _pinned.get():
        return False
    meta = model._meta
    if meta.app_label in _PRIMARY_APPS or meta.label == settings.AUTH_USER_MODEL:
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    return _available()


def _available() -> bool:
    global _down_until
    if REPLICA not in connections.settings or time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        _down_until = time.monotonic() + RETRY_AFTER_SECONDS
        log.warning("replica unreachable, reading from the primary", exc_info=True)
        return False
    return True


def retry_now() -> None:
    """Forget that the replica was down (tests, or an operator's shell after a repair)."""
    global _down_until
    _down_until = 0.0


class ReplicaRouter:
    """`DATABASE_ROUTERS` when `DATABASE_REPLICA_URL` is set (settings.py)."""

    def db_for_read(self, model, **hints):
        # Explicit outside the scope too: a row read from the replica must not drag the reads
        # of its related rows there once the scope is left.
        return REPLICA if _on_replica(model) else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Two connections to one database: a row read from either may point at the other's.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema through replication; it is read-only.
        return False if db == REPLICA else None
