import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The month-end snapshot is the loans' portfolio: the loans own it now, the close of day
    still takes it. The table (`closing_snapshot`) stays where it is."""

    dependencies = [
        ("capital", "0001_initial"),
        ("geo", "0001_initial"),
        ("loans", "0009_loan_interest_left"),
        ("closing", "0004_businessdate_to_the_kernel"),
        ("network", "0001_initial"),
        ("programmes", "0002_programmeterms_max_amount_business_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Snapshot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("month_end", models.DateField(verbose_name="month end")),
                        ("loans", models.IntegerField(default=0)),
                        ("borrowers", models.IntegerField(default=0)),
                        ("outstanding", models.BigIntegerField(default=0)),
                        ("overdue", models.BigIntegerField(default=0)),
                        ("frozen", models.BigIntegerField(default=0)),
                        ("disbursed_in_month", models.BigIntegerField(default=0)),
                        ("collected_in_month", models.BigIntegerField(default=0)),
                        ("interest_in_month", models.BigIntegerField(default=0)),
                        ("paying_outstanding", models.BigIntegerField(default=0)),
                        ("jobs_new", models.IntegerField(default=0)),
                        ("jobs_maintained", models.IntegerField(default=0)),
                        (
                            "group",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="network.savingsgroup",
                            ),
                        ),
                        (
                            "office",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, to="geo.office"
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="network.massorganisation",
                            ),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="programmes.programme",
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="capital.capitalsource",
                            ),
                        ),
                        (
                            "ward",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to="geo.adminunit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "month-end snapshot",
                        "verbose_name_plural": "month-end snapshots",
                        "db_table": "closing_snapshot",
                        "indexes": [
                            models.Index(
                                fields=["month_end", "office"], name="snapshot_month_office_idx"
                            )
                        ],
                    },
                ),
            ]
        ),
    ]
