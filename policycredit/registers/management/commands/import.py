"""``policycredit import hstd FILE --user NAME [--office CODE] [--as-of DD/MM/YYYY] [--dry-run]``:
take in the bank's loan register (HSTD) export; every problem is listed by row and column first,
and the import is all or nothing, recorded under the user named."""

import time

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from policycredit.accounts.models import User
from policycredit.accounts.roles import can_act
from policycredit.common import bulk
from policycredit.common.dates import day_option
from policycredit.domain.money import format_vnd
from policycredit.registers import services
from policycredit.registers.messages import text_of


def _actor(username: str) -> User:
    """The person the import is recorded under: named, active and allowed to import. Nobody is
    chosen for the operator, or the audit would name someone who never ran it."""
    user = User.objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(
            _("No active user %(username)s: give --user with the username of who imports.")
            % {"username": username}
        )
    if not can_act(user, "register.import"):
        raise CommandError(
            _("%(username)s may not import the loan register: their role does not allow it.")
            % {"username": username}
        )
    return user


class Command(BaseCommand):
    help = "Import a bank export (subcommand: hstd, the loan register)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        hstd = sub.add_parser("hstd", help="The loan register (HSTD), .xlsx, .csv or .xls.")
        hstd.add_argument("file")
        hstd.add_argument("--office", default=None, help="office code (Mã PGD) to take")
        hstd.add_argument("--as-of", type=day_option, default=None, help="export date, dd/mm/yyyy")
        hstd.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        hstd.add_argument(
            "--user", default=None, help="who imports (a username; required unless --dry-run)"
        )
        hstd.add_argument("--lang", default="vi", choices=["vi", "en"])

    def handle(self, *args, what, file, office, as_of, dry_run, user, lang, **options):
        started = time.monotonic()

        def progress(rows):
            if rows % 50_000 >= services.CHUNK:
                return  # a line every 50,000 rows
            self.stdout.write(
                _("%(rows)s rows read (%(seconds).0f s)")
                % {"rows": format_vnd(rows, unit=""), "seconds": time.monotonic() - started}
            )

        with translation.override(lang):
            if not dry_run and not user:
                raise CommandError(_("Give --user with the username of who imports."))
            actor = None if dry_run else _actor(user)
            kwargs = dict(file_name=file, office=office, as_of=as_of, progress=progress)
            try:
                if dry_run:
                    outcome = services.check_register(file, **kwargs)
                else:
                    with bulk.long_pass():  # this process does nothing else
                        outcome = services.import_register(actor=actor, path=file, **kwargs)
            except services.ImportRefused as refused:
                outcome = refused.outcome
            except PermissionDenied as refused:  # the rules table (accounts.policy) says no
                raise CommandError(str(refused)) from None
            self._report(outcome, dry_run)
            if not outcome.ok:
                raise CommandError(
                    _("%(count)d problems: nothing was imported.")
                    % {"count": len(outcome.blocking)}
                )

    def _report(self, outcome, dry_run):
        for problem in outcome.problems:
            where = _("row %(row)d, column %(column)s") % {
                "row": problem.row,
                "column": problem.column or "–",
            }
            label = _("problem") if problem.blocking else _("note")
            value = f" «{problem.value}»" if problem.value else ""
            self.stderr.write(f"{label}: {where}: {text_of(problem.code)}{value}")
        if outcome.problem_count > len(outcome.problems):
            self.stderr.write(
                _("… and %(count)d more.")
                % {"count": outcome.problem_count - len(outcome.problems)}
            )
        if outcome.unknown_headers:
            self.stdout.write(
                _("Columns not used: %(names)s") % {"names": ", ".join(outcome.unknown_headers)}
            )
        figures = {
            "office": outcome.office_code,
            "day": f"{outcome.as_of:%d/%m/%Y}" if outcome.as_of else "?",
            "rows": outcome.rows,
            "created": outcome.created,
            "updated": outcome.updated,
            "settled": outcome.settled,
            "skipped": outcome.skipped,
            "differences": len(outcome.differences),
        }
        if dry_run:
            message = _(
                "Dry run, office %(office)s as of %(day)s: %(rows)d rows; %(created)d loans "
                "would be created, %(updated)d compared with the books; %(skipped)d skipped."
            )
        else:
            message = _(
                "Imported office %(office)s as of %(day)s: %(rows)d rows; %(created)d loans "
                "created, %(updated)d compared with the books (%(differences)d differences), "
                "%(settled)d settled; %(skipped)d skipped."
            )
        self.stdout.write(message % figures)
