from django.db import migrations


class Migration(migrations.Migration):
    """The business date is the kernel's now (`common.0002_businessdate`): the table stays."""

    dependencies = [
        ("closing", "0003_businessdate_first_closed"),
        ("common", "0002_businessdate"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel("BusinessDate")])
    ]
