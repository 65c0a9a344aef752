"""The database itself refuses to rewrite a loan's transaction log: a mistake is reversed (a new
row that points at what it undoes), never edited.

The same guard as the books, the audit log and members' savings: UPDATE is refused on both
databases, DELETE on PostgreSQL. SQLite keeps DELETE open because Django empties its tables row
by row when a test or the demo resets the database (the model refuses deletes). On PostgreSQL
the application's role has no TRUNCATE either (common/dbroles.py): only the tables' owner could
empty the log, and only the tests and the demo connect as that owner.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER loans_tx_no_update BEFORE UPDATE ON loans_loantransaction
       BEGIN SELECT RAISE(ABORT, 'loan transactions are append-only: reverse, never edit');
       END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS loans_tx_no_update"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION loans_tx_refuse_rewrite() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'loan transactions are append-only: reverse, never edit'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER loans_tx_no_rewrite BEFORE UPDATE OR DELETE ON loans_loantransaction
       FOR EACH ROW EXECUTE FUNCTION loans_tx_refuse_rewrite()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS loans_tx_no_rewrite ON loans_loantransaction",
    "DROP FUNCTION IF EXISTS loans_tx_refuse_rewrite()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("loans", "0010_snapshot_to_the_loans")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
