"""The default loss bands and approval rules (restructuring.defaults)."""

from django.db import migrations

from policycredit.restructuring.defaults import install


def seed(apps, schema_editor):
    install(apps.get_model("restructuring", "LossBand"), apps.get_model("restructuring", "ApprovalRule"))


class Migration(migrations.Migration):
    dependencies = [("restructuring", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
