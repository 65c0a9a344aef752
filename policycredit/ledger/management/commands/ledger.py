"""``policycredit ledger check [--as-of DD/MM/YYYY]``: prove the books, name any difference."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from policycredit.ledger.checks import check_books


def _date(text: str) -> datetime.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"Not a date: {text!r} (use dd/mm/yyyy).")


class Command(BaseCommand):
    help = "Check the double-entry books (subcommand: check)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Prove the books; exit 1 naming any difference.")
        check.add_argument("--as-of", type=_date, default=None, help="dd/mm/yyyy")
        check.add_argument("--lang", default="vi", choices=["vi", "en"])

    def handle(self, *args, action, as_of=None, lang="vi", **options):
        with translation.override(lang):
            report = check_books(as_of)
            for fact in report.facts:
                self.stdout.write(fact)
            if report.ok:
                self.stdout.write(self.style.SUCCESS(_ok(lang)))
                return
            for difference in report.differences:
                self.stderr.write(difference)
            raise CommandError(_failed(lang, len(report.differences)))


def _ok(lang):
    from django.utils.translation import gettext as _

    return _("The books are right: every check passed.")


def _failed(lang, count):
    from django.utils.translation import ngettext

    return ngettext(
        "The books differ in %(count)d place.", "The books differ in %(count)d places.", count
    ) % {"count": count}
