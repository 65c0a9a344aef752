from django.db import migrations


def seed_defaults(apps, schema_editor):
    from policycredit.fees.defaults import seed

    seed(
        apps.get_model("fees", "FeeRate"),
        apps.get_model("fees", "QualityBand"),
        apps.get_model("fees", "LevelShare"),
    )


class Migration(migrations.Migration):
    dependencies = [("fees", "0001_initial")]

    operations = [migrations.RunPython(seed_defaults, migrations.RunPython.noop)]
