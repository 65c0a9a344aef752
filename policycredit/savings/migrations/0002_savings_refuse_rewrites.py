"""The database itself refuses to rewrite members' savings: a mistake is reversed, never edited.

As for the books and the audit log: UPDATE is refused on both databases, DELETE on PostgreSQL
(SQLite keeps DELETE open for its test and demo resets; the model refuses it). TRUNCATE, which
only a database owner resetting a demo uses, stays possible.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER savings_tx_no_update BEFORE UPDATE ON savings_savingstransaction
       BEGIN SELECT RAISE(ABORT, 'savings transactions are append-only: reverse, never edit');
       END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS savings_tx_no_update"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION savings_tx_refuse_rewrite() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'savings transactions are append-only: reverse, never edit'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER savings_tx_no_rewrite BEFORE UPDATE OR DELETE ON savings_savingstransaction
       FOR EACH ROW EXECUTE FUNCTION savings_tx_refuse_rewrite()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS savings_tx_no_rewrite ON savings_savingstransaction",
    "DROP FUNCTION IF EXISTS savings_tx_refuse_rewrite()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("savings", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
