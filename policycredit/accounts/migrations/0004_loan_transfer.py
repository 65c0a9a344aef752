"""The act of transferring a debt within the household (chuyển nợ) and its default four-eyes
rule (`accounts.policy_defaults`): the seed writes only the rules an office does not have yet."""

from django.db import migrations, models

from policycredit.accounts.policy_defaults import seed

ACTS = [
    ('application.approve', 'approve a loan application'),
    ('loan.disburse', 'disburse a loan'),
    ('loan.repay', 'take a repayment at the counter'),
    ('savings.deposit', 'take a savings deposit at the counter'),
    ('savings.withdraw', 'pay out savings in cash'),
    ('loan.reverse', 'reverse a loan transaction'),
    ('savings.reverse', 'reverse a savings movement'),
    ('loan.extend', "extend or adjust a loan's repayment terms"),
    ('loan.freeze', 'freeze a debt'),
    ('loan.write_off', 'write off a debt'),
    ('loan.transfer', 'transfer a debt to another household member'),
    ('capital.decision', 'record an entrustment decision'),
    ('register.import', "import the bank's loan register"),
    ('accounts.user', 'create a user or change a role or scope'),
]


def seed_defaults(apps, schema_editor):
    seed(apps.get_model("accounts", "ActPolicy"), apps.get_model("accounts", "ActLimit"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_four_eyes_defaults")]

    operations = [
        migrations.AlterField(
            model_name="actpolicy",
            name="act",
            field=models.CharField(choices=ACTS, max_length=40, unique=True, verbose_name="act"),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="act",
            field=models.CharField(choices=ACTS, max_length=40, verbose_name="act"),
        ),
        migrations.RunPython(seed_defaults, migrations.RunPython.noop),
    ]
