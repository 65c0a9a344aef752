"""``policycredit purge-lookups [--days N]``: delete the borrowers' look-ups older than the
retention period (POLICYCREDIT_LOOKUP_RETENTION_DAYS). Run daily by the operating system's
timer, beside the close of day; the deletion is audited."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from policycredit.selfservice.services import purge_lookups


class Command(BaseCommand):
    help = "Delete the borrowers' look-ups older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep this many days (default POLICYCREDIT_LOOKUP_RETENTION_DAYS, "
            f"{settings.POLICYCREDIT_LOOKUP_RETENTION_DAYS})",
        )

    def handle(self, *args, days=None, **options):
        days = settings.POLICYCREDIT_LOOKUP_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1: the throttle counts the last day.")
        before = timezone.now() - datetime.timedelta(days=days)
        deleted = purge_lookups(actor=None, before=before)
        self.stdout.write(f"deleted {deleted} look-up(s) older than {days} day(s)")
