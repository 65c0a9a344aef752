"""The seeded commission rate's note in Vietnamese (fees.defaults.DEMO_NOTE): data an office
reads, not interface text. Only a rate still holding the English it was seeded with changes."""

from django.db import migrations

# Written out, not imported: fees.defaults loads the app's models, a migration has its own.
DEMO_NOTE = "Số liệu minh họa, chưa được công bố: hãy thay bằng quyết định của ngân hàng."
SEEDED_NOTE = "Demo figure, not published: replace it with the bank's own decision."


def to_vietnamese(apps, schema_editor):
    FeeRate = apps.get_model("fees", "FeeRate")
    FeeRate.objects.filter(note=SEEDED_NOTE).update(note=DEMO_NOTE)


class Migration(migrations.Migration):
    dependencies = [("fees", "0002_seed_defaults")]
    operations = [migrations.RunPython(to_vietnamese, migrations.RunPython.noop)]
