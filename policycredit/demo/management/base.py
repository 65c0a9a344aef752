"""The developer commands run only in the demo mode.

`policycredit demo --reset` erases the database, audit log included, and creates `admin` with
the public password `demo`; the benchmarks build their portfolios as the tables' owner (they
switch off the foreign-key triggers while they write, `session_replication_role = replica`).
Neither belongs near real books: outside `POLICYCREDIT_MODE=demo` they refuse before they
open the database.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class DemoCommand(BaseCommand):
    def execute(self, *args, **options):
        # Before Django's checks and before any connection: a refused command leaves the
        # database file as it found it.
        if not settings.DEMO:
            raise CommandError(
                _(
                    "policycredit %(command)s runs only in the demo mode "
                    "(POLICYCREDIT_MODE=demo): it erases or seeds the database and is not "
                    "for real books."
                )
                % {"command": self._name()}
            )
        return super().execute(*args, **options)

    def _name(self) -> str:
        return type(self).__module__.rsplit(".", 1)[-1]
