# A person's name as the search compares it (domain.text.fold): "nguyen duc duc" finds
# "Nguyễn Đức Đức". Filled here for the persons already stored; every write keeps it after.
#
# On PostgreSQL a trigram index (pg_trgm) lets the search's LIKE '%word%' use an index instead
# of reading every person. pg_trgm is a trusted extension (PostgreSQL 13 and later): the
# database's owner, who runs the migrations (docs/operations.md), may create it without being a
# superuser. Going back drops the index and leaves the extension, which other databases' objects
# or a later migration may use.

from django.db import migrations

import policycredit.borrowers.models
from policycredit.domain.text import fold

TRIGRAM_INDEX = "borrowers_person_name_search_trgm"
BATCH = 5000


def fill_search_keys(apps, schema_editor):
    Person = apps.get_model("borrowers", "Person")
    people = Person.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).order_by("pk").only("pk", "full_name")[:BATCH])
        if not batch:
            return
        for person in batch:
            person.name_search = fold(person.full_name)
        people.bulk_update(batch, ["name_search"], batch_size=BATCH)
        last = batch[-1].pk


def _on_postgresql(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("borrowers", "0003_alter_povertyrecord_status"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_search",
            field=policycredit.borrowers.models.SearchKeyField(source="full_name"),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            _on_postgresql(
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                f'CREATE INDEX "{TRIGRAM_INDEX}" ON "borrowers_person" '
                'USING gin ("name_search" gin_trgm_ops)',
            ),
            _on_postgresql(f'DROP INDEX IF EXISTS "{TRIGRAM_INDEX}"'),
        ),
    ]
