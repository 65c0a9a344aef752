"""``policycredit notices remind [--date DD/MM/YYYY] [--user NAME]``: queue the reminders of a
business date (before each point's next transaction day, and for instalments that fell
overdue), run by the operating system's timer after the nightly close; running it twice
queues nothing new. ``policycredit notices send``: hand every queued message whose time has
come to the gateway now (what the worker does; for a timer where no worker runs, and to pick
up the retries a backend without deferred tasks cannot schedule)."""

from django.core.management.base import BaseCommand, CommandError

from policycredit.accounts.models import User
from policycredit.common.dates import day_option
from policycredit.common.selectors import business_date
from policycredit.notices import sending, services


class Command(BaseCommand):
    help = "Text messages to households: queue the day's reminders, or send what is queued."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        remind = sub.add_parser("remind", help="Queue the reminders of a business date.")
        remind.add_argument(
            "--date", type=day_option, default=None, help="dd/mm/yyyy (the business date)"
        )
        remind.add_argument(
            "--user", default=None, help="whose view is read (default: the first administrator)"
        )
        sub.add_parser("send", help="Send the queued messages whose time has come.")

    def handle(self, *args, what, date=None, user=None, **options):
        if what == "send":
            self.stdout.write(f"handed over {sending.send_due()} message(s)")
            return
        reader = (
            User.objects.filter(username=user, is_active=True).first()
            if user
            else User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        )
        if reader is None:
            raise CommandError("No such active user (or no administrator).")
        on = date or business_date()
        totals = services.queue_reminders(actor=None, reader=reader, on=on)
        self.stdout.write(
            f"{on:%d/%m/%Y}: queued {totals['queued']}, skipped {totals['skipped']} already "
            f"queued, {totals['without_phone']} without a phone, in {totals['batches']} batch(es)"
        )
        # Codes only: the timer's output goes to the system journal, names stay in the app.
        for code, _name in totals["missing_phones"]:
            self.stdout.write(f"no phone: {code}")
