from django.db import migrations


def seed_score_sheet(apps, schema_editor):
    from policycredit.inspections.defaults import seed

    seed(apps.get_model("inspections", "Criterion"), apps.get_model("inspections", "GradeBand"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(seed_score_sheet, migrations.RunPython.noop)]
