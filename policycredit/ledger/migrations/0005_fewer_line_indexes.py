# Two indexes on journal lines repeated others: the account's own (the first column of
# line_account_date_idx) and the loan's own (line_loan_idx). Dropped by name: on SQLite an
# AlterField would rebuild the table and lose the books' triggers.

import django.db.models.deletion
from django.db import migrations, models

ACCOUNT_INDEX = "ledger_journalline_account_id_2b31745b"
LOAN_INDEX = "ledger_journalline_loan_id_63be960e"


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0004_alter_journalentry_kind"),
        ("loans", "0010_snapshot_to_the_loans"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="journalline",
                    name="account",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lines",
                        to="ledger.account",
                        verbose_name="account",
                    ),
                ),
                migrations.AlterField(
                    model_name="journalline",
                    name="loan",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="loans.loan",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{ACCOUNT_INDEX}"',
                    f'CREATE INDEX "{ACCOUNT_INDEX}" ON "ledger_journalline" ("account_id")',
                ),
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{LOAN_INDEX}"',
                    f'CREATE INDEX "{LOAN_INDEX}" ON "ledger_journalline" ("loan_id")',
                ),
            ],
        ),
    ]
