"""The small world put back after a test that commits is the world as built: every row of every
table under the same primary key, and every sequence where the build left it."""

import hashlib

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import _WORLD
from policycredit.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # sqlite_sequence included: where each table's numbering stands.
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        else:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
            )
        return [name for (name,) in cursor.fetchall()]


def _sequences() -> dict[str, tuple]:
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences "
            "WHERE schemaname = current_schema()"
        )
        names = [name for (name,) in cursor.fetchall()]
        states = {}
        for name in names:
            cursor.execute(f"SELECT last_value, is_called FROM {name}")
            states[name] = cursor.fetchone()
        return states


def _fingerprint() -> dict[str, str]:
    """Each table's rows, in key order where the table has one, as a digest."""
    quote = connection.ops.quote_name
    digests = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def test_the_world_put_back_is_the_world_as_built(request):
    world = request.config.stash[_WORLD]
    assert world is not None, "the suite's engine keeps a copy of the small world"
    built = _fingerprint()  # the tests before this one rolled back: the rows are the build's
    # PostgreSQL's sequences move on in transactions rolled back; put back, they stand where
    # the build left them (SQLite's, in sqlite_sequence, are rows like any other).
    world.restore()
    assert _fingerprint() == built
    numbering = _sequences()
    assert User.objects.filter(username="giamdoc").exists()

    first = User.objects.create(username="suitetime2.first")
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, allow_cascade=True)
    assert not User.objects.exists()

    world.restore()

    assert _fingerprint() == built
    assert _sequences() == numbering
    # The next user is numbered as the first one after the build was.
    assert User.objects.create(username="suitetime2.again").pk == first.pk
