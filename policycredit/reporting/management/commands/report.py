"""``policycredit report NAME --as-of DD/MM/YYYY [--from-year YEAR] [--unit CODE]
--format json|xlsx|pdf|docx --out FILE``: a report as a file, so it can be scheduled (the
Directive 40 review's PDF and Word file are the written review, `reporting.documents`);
``policycredit report --list`` names them all; ``policycredit report --rollup`` rolls up
every month-end snapshot not yet rolled up (run it after each month-end close)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from policycredit.accounts.models import User
from policycredit.common.dates import day_option
from policycredit.common.selectors import business_date
from policycredit.domain.review import BASE_YEAR
from policycredit.reporting import documents, exports
from policycredit.reporting.rollup import refresh_pending
from policycredit.reporting.selection import unit_for_code
from policycredit.reporting.selectors import REPORTS, report_for


class Command(BaseCommand):
    help = "Reports as files (JSON, Excel, PDF, Word), the list of reports, the reporting rollup."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the report (see --list)")
        parser.add_argument("--list", action="store_true", dest="list_them")
        parser.add_argument("--rollup", action="store_true", help="roll up new month ends")
        parser.add_argument("--as-of", type=day_option, default=None, help="dd/mm/yyyy")
        parser.add_argument("--from-year", type=int, default=BASE_YEAR, help="base year")
        parser.add_argument(
            "--unit", default=None, help="unit code; CODE:YEAR for the unit created in YEAR"
        )
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf", "docx"])
        parser.add_argument("--out", default=None, help="file to write (JSON: stdout if none)")
        parser.add_argument(
            "--user", default=None, help="whose view (default: the first administrator)"
        )
        parser.add_argument("--lang", default="vi", choices=["vi", "en"])

    def handle(self, *args, name=None, list_them=False, rollup=False, **options):

        with translation.override(options["lang"]):
            if list_them:
                for key, (title, _build) in REPORTS.items():
                    self.stdout.write(f"{key}\t{title}")
                return
            if rollup:
                done = refresh_pending()
                self.stdout.write(
                    f"rolled up {len(done)} month ends"
                    + (f": {done[0]:%m/%Y}–{done[-1]:%m/%Y}" if done else "")
                )
                return
            if name not in REPORTS:
                raise CommandError(f"Unknown report {name!r}: see `policycredit report --list`.")
            self.write(name, **options)

    def write(self, name, *, as_of, from_year, unit, format, out, user, **options):

        as_of = as_of or business_date()
        reader = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        )
        if reader is None:
            raise CommandError("No such user.")
        found = None
        if unit:
            found = unit_for_code(unit, as_of)
            if found is None:
                raise CommandError(f"No administrative unit with code {unit!r}.")
        document = documents.writer(name, format)
        if document is not None:
            if not out:
                raise CommandError(f"--out FILE is needed for {format}.")
            content = document.make(reader, as_of, from_year, found)
            with open(out, "wb") as f:
                f.write(content)
            self.stdout.write(out)
            return
        if format == "docx":
            raise CommandError(f"The report {name!r} has no Word document.")
        report = report_for(reader, name, as_of, from_year, found)
        if format == "json":
            text = json.dumps(report.as_json(), ensure_ascii=False, indent=1)
            if out:
                with open(out, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                self.stdout.write(text)
            return
        if not out:
            raise CommandError("--out FILE is needed for xlsx and pdf.")
        if format == "xlsx":
            exports.workbook(report, reader).save(out)
        else:
            with open(out, "wb") as f:
                f.write(exports.pdf_bytes(report, reader))
        self.stdout.write(out)
