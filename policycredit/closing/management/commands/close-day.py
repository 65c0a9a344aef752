"""``policycredit close-day [--until DD/MM/YYYY] [--start DD/MM/YYYY]``: close business days."""

from django.core.management.base import BaseCommand, CommandError

from policycredit.closing import services
from policycredit.closing.steps import CloseError
from policycredit.common.dates import day_option


class Command(BaseCommand):
    help = "Close the current business date (or every date up to --until) and advance it."

    def add_arguments(self, parser):
        parser.add_argument("--until", type=day_option, default=None, help="dd/mm/yyyy, inclusive")
        parser.add_argument(
            "--start",
            type=day_option,
            default=None,
            help="set the business date before the first close",
        )
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, until=None, start=None, quiet=False, **options):
        progress = None if quiet else self.stdout.write
        try:
            if start:
                services.start_at(day=start)
            if until:
                closed = services.close_until(until=until, progress=progress)
            else:
                services.close_day(progress=progress)
                closed = [None]
        except (services.CloseRefused, CloseError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"closed {len(closed)} day(s); business date now {services.current_date():%d/%m/%Y}"
        )
