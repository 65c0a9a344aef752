from django.db import migrations


def seed_levels(apps, schema_editor):
    from policycredit.boards.defaults import seed

    seed(apps.get_model("boards", "LevelPeriod"))


class Migration(migrations.Migration):
    dependencies = [("boards", "0001_initial")]

    operations = [migrations.RunPython(seed_levels, migrations.RunPython.noop)]
