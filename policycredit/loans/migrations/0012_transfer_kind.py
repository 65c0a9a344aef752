from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("loans", "0011_transactions_refuse_rewrites")]

    operations = [
        migrations.AlterField(
            model_name="loantransaction",
            name="kind",
            field=models.CharField(
                choices=[
                    ("disbursement", "disbursement"),
                    ("repayment", "repayment (principal and/or interest)"),
                    ("overdue", "transfer to overdue"),
                    ("extension", "extension"),
                    ("adjustment", "term adjustment"),
                    ("freeze", "freeze"),
                    ("unfreeze", "unfreeze"),
                    ("write_off", "write-off"),
                    ("reversal", "reversal"),
                    ("transfer", "transfer of the debt"),
                ],
                max_length=12,
                verbose_name="kind",
            ),
        ),
    ]
