"""The small world, kept once per worker and put back after a test that commits.

A test that commits (a browser journey, a live server, a concurrency test) ends with its
database flushed; the tests after it on the same worker need the small world again. Building it
runs the demo generator (2-2.5 s of CPU a time); putting back a copy taken right after the first
build costs a hundredth of that on SQLite and a few tenths of a second on PostgreSQL, and gives
back exactly the world the worker started with: the same rows under the same primary keys, and
the sequences where the build left them, so the next row numbered is the one it was after the
build (a rebuild after a flush numbered everything anew, after the flushed rows).

- SQLite: the test database is in memory (Django's, shared with the live server's thread); the
  copy is another in-memory database, made and put back page by page by SQLite's backup API.
  Pages, not rows: no trigger fires, and ``sqlite_sequence`` comes back with them.
- PostgreSQL: every table's rows as binary COPY in this process's memory (a few MB), and every
  sequence's state. Put back in one transaction with ``session_replication_role = replica``, as
  ``pg_restore --disable-triggers`` does: the rows were valid when copied, and the books' and
  audit log's triggers would refuse the order the rows come back in (a journal's lines before
  their entry) or check each again for nothing. The tables still holding rows are truncated
  first (TRUNCATE, not DELETE, which the append-only triggers refuse): after Django's flush that
  is only the few tables no model names (a flush that failed leaves them all). This needs a role
  that may set ``session_replication_role`` (a superuser, as the suite's is); with any other
  there is no copy and the world is built again as before.
"""

import dataclasses
import sqlite3

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction

# Never rewritten by a test; migrations are what a copy must not disagree with.
KEPT_AS_IS = {"django_migrations"}


def take():
    """The world as it stands in the test database, or None where it cannot be put back."""
    if connection.vendor == "sqlite":
        return SqliteWorld.take()
    if connection.vendor == "postgresql":
        return PostgresWorld.take()
    return None


def _forget_cached_rows() -> None:
    # The flush's post_migrate made content types anew (new ids) and cached them; the copy
    # brings back the first ones.
    ContentType.objects.clear_cache()


@dataclasses.dataclass
class SqliteWorld:
    copy: sqlite3.Connection

    @classmethod
    def take(cls) -> "SqliteWorld":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return cls(copy)

    def restore(self) -> None:
        connection.ensure_connection()
        self.copy.backup(connection.connection)
        _forget_cached_rows()


@dataclasses.dataclass
class PostgresWorld:
    tables: list[str]  # every table of the schema but KEPT_AS_IS
    rows: list[tuple[str, bytes]]  # the tables holding rows, and their rows as binary COPY
    sequences: tuple[list[str], list[int], list[bool]]  # names, last values, whether called

    @classmethod
    def take(cls) -> "PostgresWorld | None":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            return None
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname"
            )
            tables = [name for (name,) in cursor.fetchall() if name not in KEPT_AS_IS]
            rows = []
            for table in tables:
                with cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                    data = b"".join(copy)
                if _holds_rows(data):
                    rows.append((table, data))
            cursor.execute(
                "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences "
                "WHERE schemaname = current_schema() ORDER BY 1"
            )
            names = [name for (name,) in cursor.fetchall()]
            sequences = ([], [], [])
            if names:
                cursor.execute(
                    " UNION ALL ".join(
                        f"(SELECT %s::text, last_value, is_called FROM {name})" for name in names
                    ),
                    names,
                )
                for state in cursor.fetchall():
                    for column, value in zip(sequences, state, strict=True):
                        column.append(value)
        return cls(tables, rows, sequences)

    def restore(self) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(
                " UNION ALL ".join(
                    f"(SELECT %s::text WHERE EXISTS (SELECT 1 FROM {quote(table)}))"
                    for table in self.tables
                ),
                self.tables,
            )
            holding = [name for (name,) in cursor.fetchall()]
            if holding:
                # CASCADE: a table referring to one of these is emptied with it, and refilled
                # below if the copy has rows for it.
                cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in holding)} CASCADE")
            for table, data in self.rows:
                with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(data)
            names, values, called = self.sequences
            if names:
                cursor.execute(
                    "SELECT setval(name::regclass, value, called) FROM "
                    "unnest(%s::text[], %s::bigint[], %s::boolean[]) AS s(name, value, called)",
                    [names, values, called],
                )
        _forget_cached_rows()


# A binary COPY of no rows is its header (19 bytes) and its trailer (2 bytes).
_EMPTY_BINARY_COPY = 21


def _holds_rows(data: bytes) -> bool:
    return len(data) > _EMPTY_BINARY_COPY
