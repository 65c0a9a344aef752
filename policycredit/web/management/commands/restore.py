"""``policycredit restore FILE``: a backup into an empty database (never over live books)."""

from django.core.management.base import BaseCommand, CommandError

from policycredit.web.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `policycredit backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            restore(file)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{file}: restored. Check it: policycredit ledger check --deep")
