"""Rows written as plain tuples: PostgreSQL's COPY, SQLite's executemany.

A million-loan register makes about ten million rows (household, person, membership,
application, loan, instalments, transactions, the bank's figures). Built as model instances and
inserted by the ORM each row costs some 40 µs of Python before the database sees it; as tuples
it costs a few. Primary keys are taken from the table's sequence beforehand, so rows that point
at each other (a household at its head, a loan at its application) are written in one go; the
foreign keys are checked by the database at commit (Django declares them deferrable).

Only for tables the import owns the writing of; nothing here validates: the import checked
every row before it calls these.
"""

import datetime
import json
import uuid
from decimal import Decimal

from django.db import connection


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
        # SQLite: the import's transaction holds the database's write lock (it has written its
        # run record), so nobody else can take these numbers before it commits.
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, row[0] if row else 0)
        return list(range(top + 1, top + 1 + count))


def _sqlite_value(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dict):
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
            json_at = [
                i
                for i, f in enumerate(fields)
                if model._meta.get_field(f).get_internal_type() == "JSONField"
            ]
            with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = json.dumps(row[i])
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
            [tuple(_sqlite_value(v) for v in row) for row in rows],
        )
