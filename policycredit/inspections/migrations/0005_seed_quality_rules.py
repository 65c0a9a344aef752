from django.db import migrations


def seed_quality_rules(apps, schema_editor):
    # The figures and their sources: inspections/quality_defaults.py (each row's note says
    # which are unverified).
    from policycredit.inspections.quality_defaults import seed

    seed(apps.get_model("inspections", "QualityRule"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0004_quality_rules")]

    operations = [migrations.RunPython(seed_quality_rules, migrations.RunPython.noop)]
