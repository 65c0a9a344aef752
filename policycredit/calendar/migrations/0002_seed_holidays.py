from django.db import migrations


def seed_holidays(apps, schema_editor):
    from policycredit.calendar.holidays import seed

    seed(apps.get_model("calendar", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_initial")]

    operations = [migrations.RunPython(seed_holidays, migrations.RunPython.noop)]
