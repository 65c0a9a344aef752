"""The monthly telegram (Điện báo) in the bank's layout: per office, Mã PGD, Tên PGD, Dư nợ,
DS Cho vay, DS Thu nợ, NQH, Khoanh, Lãi tồn, for any month.

Where the figures come from. A month the close of day has closed has a portfolio snapshot
taken at its last day (`closing.Snapshot`): the telegram reads balances and turnover from it,
so what was reported for a month stays what was reported, whatever is corrected later. A month
without a snapshot (before the close of day ran, or the month still running) is worked out
live: balances from each loan's engine replay as of the month's last day (or today, for the
running month), the same rows the HSTD register writes, and turnover from the month's loan
transactions that stand. The snapshot keeps no unpaid interest, so Lãi tồn is always the
engine's: the sum of the register's Lãi tồn TH and QH for the same day.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from policycredit.common import excel
from policycredit.registers import export_selectors as reads
from policycredit.registers.export_rows import loan_values

HEADERS = ["Mã PGD", "Tên PGD", "Dư nợ", "DS Cho vay", "DS Thu nợ", "NQH", "Khoanh", "Lãi tồn"]


class MonthNotOver(ValueError):
    """The month has not begun yet: there is nothing to report."""


@dataclass
class TelegramRow:
    office_code: str
    office_name: str
    outstanding: int = 0
    lent: int = 0
    collected: int = 0
    overdue: int = 0
    frozen: int = 0
    interest_unpaid: int = 0
    from_snapshot: bool = False

    def cells(self) -> list:
        return [
            self.office_code,
            self.office_name,
            self.outstanding,
            self.lent,
            self.collected,
            self.overdue,
            self.frozen,
            self.interest_unpaid,
        ]


def parse_month(text: str) -> datetime.date:
    """``YYYY-MM`` (or ``MM/YYYY``) to the month's first day."""
    for pattern in ("%Y-%m", "%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def period(month: datetime.date, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The month's first day and the day its figures stand at: its last day, or ``today`` for
    the running month."""
    first = month.replace(day=1)
    if first > today:
        raise MonthNotOver(first)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, min(last, today)


def telegram(offices: QuerySet, month: datetime.date, today: datetime.date) -> list[TelegramRow]:
    first, end = period(month, today)
    month_end = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    snapshots = reads.snapshot_of(offices, month_end) if end == month_end else {}
    rows = {o.pk: TelegramRow(o.code, o.name) for o in offices}
    by_code = {row.office_code: row for row in rows.values()}
    for office_id, figures in snapshots.items():
        row = rows[office_id]
        row.from_snapshot = True
        row.outstanding, row.overdue, row.frozen = (
            figures["outstanding"],
            figures["overdue"],
            figures["frozen"],
        )
        row.lent, row.collected = figures["lent"], figures["collected"]
    for office_id, figures in reads.flows_in(offices, first, end).items():
        row = rows[office_id]
        if not row.from_snapshot:
            row.lent, row.collected = figures["lent"], figures["collected"]
    for values in loan_values(reads.loans_on(offices, end), end):
        row = by_code[values["office_code"]]
        row.interest_unpaid += values["interest_unpaid"] + values["interest_unpaid_overdue"]
        if not row.from_snapshot:
            row.outstanding += values["outstanding"]
            row.overdue += values["principal_overdue"]
            row.frozen += values["principal_frozen"]
    return list(rows.values())


def total(rows: list[TelegramRow]) -> TelegramRow:
    out = TelegramRow(_("Total"), "")
    for row in rows:
        for name in ("outstanding", "lent", "collected", "overdue", "frozen", "interest_unpaid"):
            setattr(out, name, getattr(out, name) + getattr(row, name))
    return out


def workbook(rows: list[TelegramRow], month: datetime.date, end: datetime.date):
    live = [r.office_code for r in rows if not r.from_snapshot]
    notes = [
        _("Figures as of %(day)s, in đồng.") % {"day": f"{end:%d/%m/%Y}"},
        _(
            "From the month-end snapshot of the close of day, except the offices worked out "
            "live: %(offices)s."
        )
        % {"offices": ", ".join(live)}
        if live and len(live) < len(rows)
        else (
            _("Worked out live from the loans (no month-end snapshot).")
            if live
            else _("From the month-end snapshot of the close of day.")
        ),
    ]
    return excel.workbook(
        f"Điện báo tháng {month:%m/%Y}",
        HEADERS,
        [r.cells() for r in rows],
        notes=notes,
        total=total(rows).cells(),
        sheet_name=f"Dien bao {month:%m-%Y}",
    )
