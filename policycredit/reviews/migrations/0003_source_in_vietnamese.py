from django.db import migrations

# The English text 0002 seeded; the admin shows this field, so it now reads in Vietnamese.
OLD_SOURCE = "PolicyCredit: default wording written for the project (issue 20), 2026"


def to_vietnamese(apps, schema_editor):
    from policycredit.reviews.defaults import SOURCE

    apps.get_model("reviews", "ReviewTemplate").objects.filter(source=OLD_SOURCE).update(
        source=SOURCE
    )


def to_english(apps, schema_editor):
    from policycredit.reviews.defaults import SOURCE

    apps.get_model("reviews", "ReviewTemplate").objects.filter(source=SOURCE).update(
        source=OLD_SOURCE
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_seed_default_wording")]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
