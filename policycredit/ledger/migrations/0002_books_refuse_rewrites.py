"""The database itself keeps the books honest.

Lines are written before their entry. On both databases:

* a line cannot be added to an entry already posted;
* an entry cannot be posted unless its lines sum to zero;
* entries and lines cannot be updated (and on PostgreSQL not deleted; SQLite keeps DELETE open
  for its test and demo resets, as the audit log does, and the models refuse it).

TRUNCATE, which only a database owner resetting a demo uses, stays possible.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER ledger_line_entry_open BEFORE INSERT ON ledger_journalline
       WHEN EXISTS (SELECT 1 FROM ledger_journalentry e WHERE e."key" = NEW.entry_id)
       BEGIN SELECT RAISE(ABORT, 'journal entry already posted: it takes no new lines'); END""",
    """CREATE TRIGGER ledger_entry_balanced BEFORE INSERT ON ledger_journalentry
       WHEN (SELECT COALESCE(SUM(l.amount), 0) FROM ledger_journalline l
             WHERE l.entry_id = NEW."key") <> 0
       BEGIN SELECT RAISE(ABORT, 'unbalanced journal entry: debits and credits differ'); END""",
    """CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_journalentry
       BEGIN SELECT RAISE(ABORT, 'journal entries are immutable: post a reversal'); END""",
    """CREATE TRIGGER ledger_line_no_update BEFORE UPDATE ON ledger_journalline
       BEGIN SELECT RAISE(ABORT, 'journal lines are immutable: post a reversal'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "ledger_line_entry_open",
        "ledger_entry_balanced",
        "ledger_entry_no_update",
        "ledger_line_no_update",
    )
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION ledger_refuse_rewrite() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'journal entries and lines are immutable: post a reversal'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_entry_no_rewrite BEFORE UPDATE OR DELETE ON ledger_journalentry
       FOR EACH ROW EXECUTE FUNCTION ledger_refuse_rewrite()""",
    """CREATE TRIGGER ledger_line_no_rewrite BEFORE UPDATE OR DELETE ON ledger_journalline
       FOR EACH ROW EXECUTE FUNCTION ledger_refuse_rewrite()""",
    """CREATE OR REPLACE FUNCTION ledger_line_entry_open() RETURNS trigger AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM ledger_journalentry e WHERE e.key = NEW.entry_id) THEN
           RAISE EXCEPTION 'journal entry already posted: it takes no new lines';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_line_entry_open BEFORE INSERT ON ledger_journalline
       FOR EACH ROW EXECUTE FUNCTION ledger_line_entry_open()""",
    """CREATE OR REPLACE FUNCTION ledger_entry_balanced() RETURNS trigger AS $$
       BEGIN
         IF (SELECT COALESCE(SUM(l.amount), 0) FROM ledger_journalline l
             WHERE l.entry_id = NEW.key) <> 0 THEN
           RAISE EXCEPTION 'unbalanced journal entry: debits and credits differ';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_entry_balanced BEFORE INSERT ON ledger_journalentry
       FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_no_rewrite ON ledger_journalentry",
    "DROP TRIGGER IF EXISTS ledger_line_no_rewrite ON ledger_journalline",
    "DROP TRIGGER IF EXISTS ledger_line_entry_open ON ledger_journalline",
    "DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_journalentry",
    "DROP FUNCTION IF EXISTS ledger_refuse_rewrite()",
    "DROP FUNCTION IF EXISTS ledger_line_entry_open()",
    "DROP FUNCTION IF EXISTS ledger_entry_balanced()",
]

def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def seed_chart(apps, schema_editor):
    from policycredit.ledger.chart import DEFAULT_CHART

    ChartAccount = apps.get_model("ledger", "ChartAccount")
    for kind, code, name in DEFAULT_CHART:
        ChartAccount.objects.get_or_create(kind=kind, defaults={"code": code, "name": name})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
        migrations.RunPython(seed_chart, migrations.RunPython.noop),
    ]
