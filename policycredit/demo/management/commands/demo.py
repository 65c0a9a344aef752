import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from policycredit.demo import district
from policycredit.demo.management.base import DemoCommand


class Command(DemoCommand):
    help = "Load the demo district (Hai Bà Trưng, Hà Nội): deterministic, for trying PolicyCredit."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Erase the database first, then load."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty database; otherwise do nothing (for `make run`).",
        )
        parser.add_argument(
            "--logins", action="store_true", help="Print the demo log-ins and exit."
        )
        parser.add_argument(
            "--households",
            type=int,
            default=district.HOUSEHOLDS_TARGET,
            help="How many households (a smaller district loads faster, e.g. for tests).",
        )
        parser.add_argument(
            "--no-loans",
            action="store_true",
            help="Leave out the loans (and their history since 2014).",
        )
        parser.add_argument(
            "--groups-per-point",
            type=int,
            default=district.GROUPS_PER_POINT,
            help="How many savings-and-loan groups at each transaction point.",
        )

    def handle(
        self,
        *args,
        reset=False,
        if_empty=False,
        logins=False,
        households=0,
        groups_per_point=0,
        no_loans=False,
        **options,
    ):
        if logins:
            self._print_logins()
            return
        if not district.is_empty():
            if if_empty:
                self.stdout.write("The database already has data: demo not loaded again.")
                self._print_logins()
                return
            if not reset:
                raise CommandError(
                    "The database is not empty: nothing loaded. Use --reset to erase it and "
                    "load the demo district again."
                )
            self.stdout.write("Erasing the database (--reset)…")
            call_command("flush", interactive=False, verbosity=0)
        started = time.monotonic()
        if households < 3 * groups_per_point * 18 or groups_per_point < 1:
            raise CommandError(
                "Each group needs at least 3 households: raise --households or lower "
                "--groups-per-point."
            )
        # With DEBUG on (the demo mode's default) Django keeps, and on SQLite quotes with a
        # query of its own, a copy of every statement: the load makes a few hundred thousand.
        debug, settings.DEBUG = settings.DEBUG, False
        try:
            district.build(
                progress=self.stdout.write,
                households=households,
                groups_per_point=groups_per_point,
                with_loans=not no_loans,
            )
        finally:
            settings.DEBUG = debug
        self.stdout.write(
            self.style.SUCCESS(f"Demo district loaded in {time.monotonic() - started:.1f} s.")
        )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000 with password '{district.DEMO_PASSWORD}' as:"
        )
        self.stdout.write(f"  {'admin':<16} administrator")
        for username, role, *_ in district.DEMO_USERS:
            self.stdout.write(f"  {username:<16} {role.label}")
