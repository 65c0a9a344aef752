"""Rows written as plain tuples: PostgreSQL's COPY, SQLite's executemany.

A million-loan register makes about ten million rows (household, person, membership,
application, loan, instalments, transactions, the bank's figures). Built as model instances and
inserted by the ORM each row costs some 40 µs of Python before the database sees it; as tuples
it costs a few. Primary keys are taken from the table's sequence beforehand, so rows that point
at each other (a household at its head, a loan at its application) are written in one go; the
foreign keys are checked by the database at commit (Django declares them deferrable), row by
row by its triggers. Those checks are not switched off (`session_replication_role = replica`,
once used here to save them): only the tables' owner may, and the application is not the owner
(common/dbroles.py); it would skip the audit's and the books' guards too.

Only for tables whose service owns the writing of (the loans opened from a register, the
households and savings the register brings); nothing here validates: the caller checked every
row before it calls these.
"""

import contextlib
import datetime
import functools
import gc
import json
import sys
import threading
import uuid
from decimal import Decimal

from django.db import connection
from django.utils import timezone


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model, count: int) -> list[int]:
    """``count`` primary keys no other row has or will get."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction takes the database's write lock first (a write that changes
        # nothing), so nobody else can take these numbers before it commits. Numbers handed
        # out for rows not written yet (the writer holds a chunk back) are remembered, so the
        # next chunk starts above them; a gap left by a rolled-back import is harmless.
        cursor.execute("UPDATE sqlite_sequence SET seq = seq WHERE name = %s", [table])
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, row[0] if row else 0, _handed_out.get(table, 0))
        _handed_out[table] = top + count
        return list(range(top + 1, top + 1 + count))


_handed_out: dict[str, int] = {}  # SQLite: the highest number reserve_ids gave, per table


def create(model, instances: list) -> list:
    """Model instances written as plain rows, numbered first; returned as saved. For a service's
    batch whose rows it has checked (a day's repayments): no per-field work of the ORM."""
    if not instances:
        return instances
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f.attname for f in fields if getattr(f, "auto_now_add", False)]
    # Columns kept from another of the row (a name's search key): save() would derive them.
    derived = [f for f in fields if callable(getattr(f, "derive", None))]
    now = timezone.now()
    numbered = model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    unnumbered = [i for i in instances if i.pk is None] if numbered else []
    for instance, pk in zip(unnumbered, reserve_ids(model, len(unnumbered)), strict=True):
        instance.pk = pk
    for instance in instances:
        # As the ORM's bulk_create does: a related row saved after it was assigned lends its key.
        instance._prepare_related_fields_for_save(operation_name="bulk.create")
        for name in stamped:
            setattr(instance, name, getattr(instance, name) or now)
        for field in derived:
            setattr(instance, field.attname, field.derive(instance))
    names = [f.attname for f in fields]
    key = model._meta.pk.attname
    insert(model, [key, *names], [(i.pk, *(getattr(i, n) for n in names)) for i in instances])
    for instance in instances:
        instance._state.adding, instance._state.db = False, connection.alias
    return instances


def matching(queryset, field: str, values):
    """``queryset`` narrowed to the rows whose ``field`` is one of ``values``: on PostgreSQL
    as one array parameter (binding thousands of IN parameters costs more than the query)."""
    values = list(values)
    if _postgres():
        model = queryset.model
        column = model._meta.get_field(field).column
        return queryset.extra(
            where=[f'"{model._meta.db_table}"."{column}" = ANY(%s)'], params=[values]
        )
    return queryset.filter(**{f"{field}__in": values})


try:  # psycopg's row formatter for COPY (its C one where built): not a public name
    from psycopg._copy_base import format_row_text as _format_row_text
except ImportError:  # another psycopg: the writer thread formats the rows itself
    _format_row_text = None


def _copy_statement(model, fields: list[str]) -> str:
    columns = ", ".join(f'"{model._meta.get_field(f).column}"' for f in fields)
    return f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'


def _json_columns(model, fields: list[str]) -> list[int]:
    return [
        i
        for i, f in enumerate(fields)
        if model._meta.get_field(f).get_internal_type() == "JSONField"
    ]


def _json_dumped(row, json_at: list[int]) -> list:
    """JSON columns as text; None stays SQL NULL (as the ORM writes a JSONField's None)."""
    row = list(row)
    for i in json_at:
        if row[i] is not None:
            row[i] = json.dumps(row[i])
    return row


def _copy(cursor, model, fields: list[str], rows: list[tuple]) -> None:
    """COPY into the table through a psycopg cursor."""
    json_at = _json_columns(model, fields)
    with cursor.copy(_copy_statement(model, fields)) as copy:
        for row in rows:
            if json_at:
                row = _json_dumped(row, json_at)
            copy.write_row(row)


class Writer:
    """Writes a chunk's rows while the importer reads the next one.

    On PostgreSQL the rows of a chunk are COPYed by a background thread over the import's own
    connection (the same transaction: psycopg serialises the connection's use, so nothing else
    can run on it meanwhile), while the main thread parses the next chunk's cells, which needs
    no database; :meth:`wait` is called before the main thread touches the database again.
    The database's work on a chunk (its indexes) then overlaps the reading of the next.
    Elsewhere the rows are written at once.
    """

    def __init__(self):
        self.pending: list[tuple] = []
        self.thread = None
        self.error: BaseException | None = None
        self.transformer = None

    def insert(self, model, fields: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if _postgres() and _format_row_text is not None:
            # Formatted here, by psycopg's own (C) formatter: the writer thread then only sends
            # bytes and waits for the database, without the interpreter, so the two overlap.
            if self.transformer is None:
                from psycopg.adapt import Transformer

                connection.ensure_connection()
                self.transformer = Transformer(connection.connection)
            json_at = _json_columns(model, fields)
            out = bytearray()
            for row in rows:
                if json_at:
                    row = _json_dumped(row, json_at)
                _format_row_text(row, self.transformer, out)
            self.pending.append((model, fields, out))
            return
        self.pending.append((model, fields, rows))

    def flush(self) -> None:
        """Start writing what is pending (lines before the entries that seal them: in order)."""
        self.wait()
        batches, self.pending = self.pending, []
        if not batches:
            return
        if not _postgres():
            for batch in batches:
                insert(*batch)
            return
        connection.ensure_connection()
        raw = connection.connection
        self.thread = threading.Thread(target=self._run, args=(raw, batches), daemon=True)
        self.thread.start()

    def _run(self, raw, batches) -> None:
        try:
            with raw.cursor() as cursor:
                for model, fields, rows in batches:
                    if isinstance(rows, bytearray):
                        with cursor.copy(_copy_statement(model, fields)) as copy:
                            copy.write(rows)
                    else:
                        _copy(cursor, model, fields, rows)
        except BaseException as error:  # handed to the main thread by wait()
            self.error = error

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error


@functools.lru_cache(maxsize=64)
def _sqlite_datetime(value: datetime.datetime) -> str:
    # As the ORM writes it (UTC, a space, no offset): rows written both ways sort together. A
    # batch's rows mostly share one time stamp: converted once.
    return connection.ops.adapt_datetimefield_value(value)


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return _sqlite_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (values in the order of ``fields``, attribute names) into the table."""
    if not rows:
        return
    table = model._meta.db_table
    columns = ", ".join(f'"{model._meta.get_field(f).column}"' for f in fields)
    with connection.cursor() as cursor:
        if _postgres():
            with connection.wrap_database_errors:  # a refused row raises Django's own errors
                _copy(cursor.cursor, model, fields, rows)
            return
        marks = ", ".join(["%s"] * len(fields))
        # Only the columns whose type SQLite cannot take as it is are converted, value by value.
        converted = [i for i, f in enumerate(fields) if _needs_conversion(model, f)]
        if converted:
            rows = [_sqlite_row(row, converted) for row in rows]
        cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)


_CONVERTED_TYPES = {
    "DateField",
    "DateTimeField",
    "DecimalField",
    "UUIDField",
    "JSONField",
}


def _needs_conversion(model, field: str) -> bool:
    target = model._meta.get_field(field)
    if target.is_relation:
        target = target.target_field
    return target.get_internal_type() in _CONVERTED_TYPES


def _sqlite_row(row, converted: list[int]) -> list:
    row = list(row)
    for i in converted:
        row[i] = _sqlite_value(row[i])
    return row


@contextlib.contextmanager
def long_pass():
    """For a process that does nothing but one long bulk pass (a command, a worker's job; never
    a web request, the settings are the whole process's).

    The pass makes millions of short-lived tuples and no reference cycles: the cyclic garbage
    collector would only walk the growing heap again and again (a tenth of the time on a
    million rows). And the writer thread hands each chunk to the database in pieces, each time
    taking the interpreter back from the reading thread: a shorter switch interval keeps it fed.
    """
    collecting, switching = gc.isenabled(), sys.getswitchinterval()
    gc.disable()
    sys.setswitchinterval(0.0005)
    try:
        yield
    finally:
        sys.setswitchinterval(switching)
        if collecting:
            gc.enable()
