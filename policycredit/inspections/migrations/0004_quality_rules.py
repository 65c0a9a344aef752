import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_band_messages")]

    operations = [
        migrations.CreateModel(
            name="QualityRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "subject",
                    models.CharField(
                        choices=[
                            ("group", "savings-and-loan groups"),
                            ("point", "transaction points"),
                            ("organisation", "mass-organisation units"),
                        ],
                        max_length=12,
                        verbose_name="graded",
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="valid from")),
                (
                    "grade",
                    models.CharField(
                        choices=[
                            ("good", "good"),
                            ("fair", "fair"),
                            ("average", "average"),
                            ("weak", "weak"),
                        ],
                        max_length=10,
                        verbose_name="grade",
                    ),
                ),
                (
                    "overdue_below",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="0: nothing overdue. Empty: not judged by this band.",
                        max_digits=7,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="overdue ratio under (%)",
                    ),
                ),
                (
                    "missed_at_most",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Transaction points only: in the twelve months up to the day graded.",
                        null=True,
                        verbose_name="sessions not held on their day, at most",
                    ),
                ),
                (
                    "inspection_at_least",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("good", "good"),
                            ("fair", "fair"),
                            ("average", "average"),
                            ("weak", "weak"),
                        ],
                        help_text="Groups only: the grade of the group's inspection that year, when it had one.",
                        max_length=10,
                        verbose_name="16/TD grade at least",
                    ),
                ),
                (
                    "note",
                    models.CharField(blank=True, max_length=255, verbose_name="note / source"),
                ),
            ],
            options={
                "verbose_name": "quality grading rule",
                "verbose_name_plural": "quality grading rules",
                "ordering": ["subject", "-valid_from", "grade"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("subject", "valid_from", "grade"), name="qualityrule_grade_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("overdue_below__isnull", True))
                        | models.Q(("overdue_below__gte", 0), ("overdue_below__lte", 100)),
                        name="qualityrule_overdue_percent",
                    ),
                ],
            },
        ),
    ]
