"""The four-eyes rules an office starts with: see `accounts.policy_defaults`."""

from django.db import migrations

from policycredit.accounts.policy_defaults import seed


def seed_defaults(apps, schema_editor):
    seed(apps.get_model("accounts", "ActPolicy"), apps.get_model("accounts", "ActLimit"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_four_eyes")]

    operations = [migrations.RunPython(seed_defaults, migrations.RunPython.noop)]
