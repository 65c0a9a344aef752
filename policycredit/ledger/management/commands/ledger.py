"""``policycredit ledger check [--as-of DD/MM/YYYY] [--deep [--office CODE] [--json]]``: prove the
books, and with ``--deep`` every loan against the engine; exit 1 naming any difference."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policycredit.common.dates import day_option
from policycredit.geo.models import Office
from policycredit.ledger.checks import DEEP, check_books


class Command(BaseCommand):
    help = "Check the double-entry books (subcommand: check)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Prove the books; exit 1 naming any difference.")
        check.add_argument("--as-of", type=day_option, default=None, help="dd/mm/yyyy")
        check.add_argument("--lang", default="vi", choices=["vi", "en"])
        check.add_argument(
            "--deep",
            action="store_true",
            help="also replay every open loan (and every loan touched since the last month end) "
            "through the engine and compare its row and its books, field by field",
        )
        check.add_argument("--office", default=None, help="office code (with --deep)")
        check.add_argument(
            "--json", action="store_true", help="with --deep: loans, seconds, differences"
        )

    def handle(self, *args, action, as_of=None, lang="vi", deep=False, office=None, **options):
        if (office or options["json"]) and not deep:
            raise CommandError("--office and --json go with --deep.")
        if deep and as_of is not None:
            raise CommandError("--deep proves the loans as of the business date: no --as-of.")
        with translation.override(lang):
            scope = None
            if office:
                scope = Office.objects.filter(code=office).first()
                if scope is None:
                    raise CommandError(_("No office has the code %(code)s.") % {"code": office})
            report = check_books(as_of)
            differences = list(report.differences)
            if not options["json"]:
                for fact in report.facts:
                    self.stdout.write(fact)
            for deep_check in DEEP if deep else ():
                progress = None if options["json"] else self._progress
                deep_report = deep_check(office=scope, progress=progress)
                differences += [str(d) for d in deep_report.differences]
                if options["json"]:
                    self.stdout.write(
                        json.dumps({**deep_report.as_json(), "books_ok": report.ok}, indent=2)
                    )
                else:
                    self.stdout.write(
                        _("Deep check: %(loans)s loans replayed in %(seconds).1f s.")
                        % {"loans": deep_report.loans, "seconds": deep_report.seconds}
                    )
            if not differences:
                if not options["json"]:
                    self.stdout.write(
                        self.style.SUCCESS(_("The books are right: every check passed."))
                    )
                return
            if not options["json"]:
                for difference in differences[:200]:
                    self.stderr.write(difference)
            raise CommandError(
                ngettext(
                    "The books differ in %(count)d place.",
                    "The books differ in %(count)d places.",
                    len(differences),
                )
                % {"count": len(differences)}
            )

    def _progress(self, done, total):
        if done == total or done % 50_000 < 2_000:
            self.stderr.write(f"… {done:,}/{total:,}")
