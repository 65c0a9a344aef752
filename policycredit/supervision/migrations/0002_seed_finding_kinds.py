from django.db import migrations


def seed_finding_kinds(apps, schema_editor):
    from policycredit.supervision.defaults import seed

    seed(apps.get_model("supervision", "FindingKind"))


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(seed_finding_kinds, migrations.RunPython.noop)]
