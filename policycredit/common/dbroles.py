"""Two database roles on PostgreSQL: the owner of the tables, and the application's.

The append-only promise of the audit log, the books, members' savings and the loans' logs rests
on their triggers, and whoever owns a table may disable its triggers, set
``session_replication_role = replica`` (which skips them) or TRUNCATE it. So the application
connects as a role that owns nothing (``DATABASE_URL``) and the schema belongs to another
(``DATABASE_OWNER_URL``), used only by the commands that change the schema (``migrate``,
``restore``: settings.py picks the owner for them).

After every ``migrate`` the owner gives the application's role exactly what it needs
(:func:`grant_after_migrate`, a ``post_migrate`` receiver, rather than a step of
``setup``: a new table of an upgrade is granted by the same command that creates it, so the
application never meets a table it may not read and nobody has to remember a second command):

* SELECT, INSERT, UPDATE, DELETE on the ordinary tables;
* SELECT, INSERT only on the append-only ones (:func:`append_only_tables`);
* SELECT only on Django's record of applied migrations;
* USAGE and SELECT on the sequences (``bulk.reserve_ids`` numbers rows; ``pg_dump`` reads them);
* never TRUNCATE, REFERENCES or TRIGGER, and no ownership.

Idempotent: everything is revoked and granted again in one transaction, so a table that became
append-only loses what it had. Without ``DATABASE_OWNER_URL`` (SQLite, the demo, the tests)
nothing is granted and everything behaves as one role.
"""

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction

from policycredit.audit.models import AuditEvent
from policycredit.common.models import AppendOnly

MIGRATIONS_TABLE = "django_migrations"


def append_only_tables() -> list[str]:
    """Every table whose rows are written once: the models that say so, and the audit log
    (below the kernel, it cannot take the mixin)."""
    tables = {AuditEvent._meta.db_table}
    for model in apps.get_models():
        if issubclass(model, AppendOnly):
            tables.add(model._meta.db_table)
    return sorted(tables)


def grant_app_role(role: str, *, using: str = "default") -> None:
    """Give ``role`` the application's privileges on this database's schema, as its owner."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    app = quote(role)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema(), current_user")
        database, schema, owner = cursor.fetchone()
        if owner == role:
            raise ValueError(
                f"the application's role {role} is the one migrating: it would own its tables"
            )
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')",
            [schema],
        )
        existing = {row[0] for row in cursor.fetchall()}
        schema = quote(schema)
        statements = [
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
            f"GRANT CONNECT, TEMPORARY ON DATABASE {quote(database)} TO {app}",
            f"GRANT USAGE ON SCHEMA {schema} TO {app}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        ]
        for table in append_only_tables():
            if table in existing:
                statements.append(f"REVOKE UPDATE, DELETE ON {quote(table)} FROM {app}")
        if MIGRATIONS_TABLE in existing:
            # Read by the start-up checks; written only by the owner's migrate.
            statements.append(
                f"REVOKE INSERT, UPDATE, DELETE ON {quote(MIGRATIONS_TABLE)} FROM {app}"
            )
        for statement in statements:
            cursor.execute(statement)


def grant_after_migrate(sender, using, **kwargs) -> None:
    """``post_migrate``: when settings name an application role (the migrate runs as the owner,
    ``DATABASE_OWNER_URL``), grant it what it needs."""
    role = getattr(settings, "DATABASE_APP_ROLE", None)
    if role:
        grant_app_role(role, using=using)
