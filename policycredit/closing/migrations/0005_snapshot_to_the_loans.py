from django.db import migrations


class Migration(migrations.Migration):
    """The snapshot is the loans' model now (`loans.0010_snapshot_to_the_loans`): the table
    stays."""

    dependencies = [
        ("closing", "0004_businessdate_to_the_kernel"),
        ("loans", "0010_snapshot_to_the_loans"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel("Snapshot")])
    ]
