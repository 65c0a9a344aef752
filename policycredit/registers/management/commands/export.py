"""``policycredit export hstd --as-of DATE --out FILE`` and
``policycredit export dienbao --month YYYY-MM --out FILE`` (both with ``--office CODE``)."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from policycredit.common.dates import day_option
from policycredit.common.selectors import business_date
from policycredit.registers import export_selectors as reads
from policycredit.registers import telegram
from policycredit.registers.export_services import record_register_export
from policycredit.registers.exports import write_hstd


def _month(text: str) -> datetime.date:
    try:
        return telegram.parse_month(text)
    except ValueError:
        raise CommandError(f"not a month: {text!r} (use YYYY-MM)") from None


class Command(BaseCommand):
    help = (
        "Export in the bank's layouts: the loan register (hstd, one row per loan as of a date) "
        "or the monthly telegram (dienbao, per office)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        hstd = sub.add_parser("hstd", help="The loan register as of a date (.xlsx).")
        hstd.add_argument(
            "--as-of", type=day_option, default=None, help="YYYY-MM-DD (today if left out)"
        )
        dienbao = sub.add_parser("dienbao", help="The monthly telegram (.xlsx).")
        dienbao.add_argument("--month", type=_month, required=True, help="YYYY-MM")
        for command in (hstd, dienbao):
            command.add_argument("--out", required=True, help="the .xlsx file to write")
            command.add_argument("--office", default=None, help="one office's code")

    def handle(self, *args, what, out, office=None, as_of=None, month=None, **options):
        offices = reads.offices_for_export(None, office)
        if office and not offices.exists():
            raise CommandError(f"no office with code {office}")
        today = business_date()
        started = time.monotonic()
        if what == "hstd":
            as_of = as_of or today
            if as_of > today:
                raise CommandError(f"{as_of:%d/%m/%Y} is after the business date {today:%d/%m/%Y}")
            totals = write_hstd(out, reads.loans_on(offices, as_of), as_of)
            record_register_export(
                actor=None,
                offices=offices.filter(code__in=list(totals.by_office)),
                as_of=as_of,
                rows_by_office={k: v["loans"] for k, v in totals.by_office.items()},
            )
            self.stdout.write(
                f"{out}: {totals.rows} loans as of {as_of:%d/%m/%Y}, outstanding "
                f"{totals.total('outstanding'):,} đ, unpaid interest "
                f"{totals.total('interest_unpaid') + totals.total('interest_unpaid_overdue'):,} đ"
                f" ({time.monotonic() - started:.1f} s)"
            )
            return
        try:
            first, end = telegram.period(month, today)
        except telegram.MonthNotOver:
            raise CommandError(f"{month:%m/%Y} has not begun yet") from None
        rows = telegram.telegram(offices, month, today)
        telegram.workbook(rows, month, end).save(out)
        self.stdout.write(
            f"{out}: {len(rows)} offices, {month:%m/%Y} as of {end:%d/%m/%Y}, outstanding "
            f"{telegram.total(rows).outstanding:,} đ ({time.monotonic() - started:.1f} s)"
        )
