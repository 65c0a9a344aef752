from django.db import migrations


def seed_wording(apps, schema_editor):
    # The project's own default wording (reviews/defaults.py names its source).
    from policycredit.reviews.defaults import seed

    seed(apps.get_model("reviews", "ReviewTemplate"), apps.get_model("reviews", "ReviewSection"))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(seed_wording, migrations.RunPython.noop)]
