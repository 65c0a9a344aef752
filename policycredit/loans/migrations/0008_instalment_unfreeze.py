import datetime

import django.db.models.deletion
from django.db import migrations, models


def index_unfreeze_schedules(apps, schema_editor):
    """Unfreezes recorded before their schedules were indexed: their instalments as rows."""
    Instalment = apps.get_model("loans", "Instalment")
    LoanTransaction = apps.get_model("loans", "LoanTransaction")
    reversed_ids = set(
        LoanTransaction.objects.filter(kind="reversal").values_list("reverses_id", flat=True)
    )
    rows = []
    for tx in LoanTransaction.objects.filter(kind="unfreeze").exclude(pk__in=reversed_ids):
        for item in (tx.details or {}).get("schedule", []):
            rows.append(
                Instalment(
                    loan_id=tx.loan_id,
                    due=datetime.date.fromisoformat(item["due"]),
                    principal=item["principal"],
                    office_id=tx.office_id,
                    unfreeze_id=tx.pk,
                )
            )
    Instalment.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("loans", "0007_import_writes_fewer_indexes")]

    operations = [
        migrations.AddField(
            model_name="instalment",
            name="unfreeze",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="loans.loantransaction",
                verbose_name="set by the unfreeze",
            ),
        ),
        migrations.RunPython(index_unfreeze_schedules, migrations.RunPython.noop),
    ]
