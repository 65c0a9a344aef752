"""``policycredit backup --out FILE``: the whole database in one file (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from policycredit.web.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to one file (PostgreSQL: pg_dump custom format; SQLite: a copy)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, out, **options):
        try:
            size = backup(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{out}: {size:,} bytes")
