"""The ceiling on a loan's extensions, as a share of its original term (`ProgrammeTerms`).
Adding the fields with their defaults fills every existing version of every programme's terms:
100 % of the term for short-term loans, 50 % for medium and long-term ones."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_bank_codes")]

    operations = [
        migrations.AddField(
            model_name="programmeterms",
            name="extension_short_percent",
            field=models.PositiveSmallIntegerField(
                default=100,
                help_text=(
                    "Loans of up to 12 months: all their extensions together may move the "
                    "maturity by at most this share of the original term. Default 100 %: the "
                    "bank's lending guidance (extension of a short-term loan at most equal to "
                    "its term); unverified against the current text, a default for the office "
                    "to set."
                ),
                validators=[django.core.validators.MaxValueValidator(1000)],
                verbose_name="longest total extension, short-term loan (% of its term)",
            ),
        ),
        migrations.AddField(
            model_name="programmeterms",
            name="extension_long_percent",
            field=models.PositiveSmallIntegerField(
                default=50,
                help_text=(
                    "Loans of more than 12 months: all their extensions together may move the "
                    "maturity by at most this share of the original term. Default 50 %: the "
                    "bank's lending guidance (at most half the term); unverified against the "
                    "current text, a default for the office to set."
                ),
                validators=[django.core.validators.MaxValueValidator(1000)],
                verbose_name="longest total extension, medium or long-term loan (% of its term)",
            ),
        ),
    ]
