from django.db import migrations


def seed(apps, schema_editor):
    from policycredit.budgets import defaults

    defaults.seed(apps.get_model("budgets", "InterestUseRule"))


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
