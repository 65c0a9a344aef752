from django.db import migrations, models


class Migration(migrations.Migration):
    """The business date moves from the close of day to the kernel, which every app may read:
    the same table (`closing_businessdate`), now the kernel's in Django's state."""

    dependencies = [
        ("common", "0001_initial"),
        ("closing", "0003_businessdate_first_closed"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BusinessDate",
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
                        ("today", models.DateField(verbose_name="business date")),
                        (
                            "first_closed",
                            models.DateField(
                                blank=True, null=True, verbose_name="first closed business date"
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                    ],
                    options={
                        "verbose_name": "business date",
                        "verbose_name_plural": "business date",
                        "db_table": "closing_businessdate",
                    },
                ),
            ]
        ),
    ]
