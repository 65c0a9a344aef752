from django.db import migrations, models


def first_closed_from_the_opening_step(apps, schema_editor):
    """A database that closed days before the rule was explicit: the opening step's date."""
    BusinessDate = apps.get_model("closing", "BusinessDate")
    StepRun = apps.get_model("closing", "StepRun")
    opening = StepRun.objects.filter(step="opening").order_by("date").first()
    if opening is not None:
        BusinessDate.objects.filter(pk=1).update(first_closed=opening.date)


class Migration(migrations.Migration):
    dependencies = [("closing", "0002_snapshot_paying_outstanding")]

    operations = [
        migrations.AddField(
            model_name="businessdate",
            name="first_closed",
            field=models.DateField(
                blank=True, null=True, verbose_name="first closed business date"
            ),
        ),
        migrations.RunPython(first_closed_from_the_opening_step, migrations.RunPython.noop),
    ]
