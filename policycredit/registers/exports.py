"""The loan register (HSTD, hồ sơ tín dụng) written as the bank's core system exports it: a
title with the date, the bank's Vietnamese column names (``columns.HSTD``), one row per loan
(``export_rows``).

The workbook is written with openpyxl's write-only mode, which streams each row to a temporary
file as it is appended: memory stays flat whatever the number of loans. A file name ending in
``.csv`` gives the same register as CSV, several times faster to write.

Names, addresses and the like are typed by people, and the bank opens this file in Excel: a
text that starts like a formula (``=HYPERLINK(…)``) is written as text (``common.excel``). In
the workbook the bank sees the text exactly as typed, in a cell that stays text; in the CSV it
sees it behind a single quote (``'=HYPERLINK(…)``), the only way a CSV file can say "text", and
our own import takes the quote off again. Every other cell is written as before, so the file
stays the layout the bank's tools read.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from policycredit.common import excel
from policycredit.common.excel import DATE, MONEY
from policycredit.registers.columns import HSTD, Column
from policycredit.registers.export_rows import loan_values


@dataclass
class Totals:
    """What an export wrote, summed: per office and overall."""

    rows: int = 0
    by_office: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    SUMMED = (
        "outstanding",
        "principal_in_term",
        "principal_overdue",
        "principal_frozen",
        "interest_unpaid",
        "interest_unpaid_overdue",
    )

    def add(self, values: dict) -> None:
        self.rows += 1
        office = self.by_office[values["office_code"]]
        office["loans"] += 1
        for key in self.SUMMED:
            office[key] += values[key]

    def total(self, key: str) -> int:
        return sum(office[key] for office in self.by_office.values())


# The columns this export can fill; the others of HSTD (e.g. Mã CN, Mã thôn) stay out.
KNOWN = frozenset(
    {
        "office_code",
        "office_name",
        "ward_code",
        "ward_name",
        "village_name",
        "point_code",
        "point_name",
        "point_day",
        "group_code",
        "group_name",
        "group_leader",
        "org_code",
        "org_name",
        "customer_code",
        "customer_name",
        "sex",
        "birth_date",
        "id_number",
        "phone",
        "address",
        "contract",
        "programme_code",
        "programme_name",
        "source",
        "investor_code",
        "investor_name",
        "loan_date",
        "amount",
        "term_months",
        "rate",
        "due_date",
        "extended_due_date",
        "disbursed_total",
        "principal_in_term",
        "principal_overdue",
        "principal_frozen",
        "outstanding",
        "principal_repaid",
        "interest_repaid",
        "interest_unpaid",
        "interest_unpaid_overdue",
        "extensions",
        "freeze_expiry",
        "status",
        "savings",
    }
)
RATE = "0.00##"


def columns() -> list[Column]:
    return [c for c in HSTD if c.key in KNOWN]


def title(as_of: datetime.date) -> str:
    """The first row, as the bank's files open: the register's name and its date (which the
    import reads when it is not told the date)."""
    return f"HỒ SƠ TÍN DỤNG ngày {as_of:%d/%m/%Y}"


def write_hstd_csv(target, loans: QuerySet, as_of: datetime.date) -> Totals:
    """The same register as CSV (UTF-8 with the byte-order mark Excel needs to show Vietnamese
    letters; dates dd/mm/yyyy, amounts plain digits): several times faster to write than an
    .xlsx for a whole branch, and the import reads it as well."""

    cols = columns()
    totals = Totals()
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = excel.CsvWriter(out)
        writer.writerow([title(as_of)])
        writer.writerow([])
        writer.writerow([c.title for c in cols])
        keys = [c.key for c in cols]
        for values in loan_values(loans, as_of):
            totals.add(values)
            writer.writerow([_csv_cell(values.get(key)) for key in keys])
    return totals


def _csv_cell(value):
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else value


def write_hstd(target, loans: QuerySet, as_of: datetime.date) -> Totals:
    """Write the register of ``loans`` as of ``as_of`` to ``target`` (a path or a binary file):
    a title with the date, a blank row, the header, one row per loan, as the bank's files
    have them."""
    if isinstance(target, str) and target.lower().endswith(".csv"):
        return write_hstd_csv(target, loans, as_of)
    cols = columns()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"HSTD {as_of:%d-%m-%Y}")
    for index, column in enumerate(cols, 1):
        width = 14 if column.kind != "text" else max(12, min(40, len(column.title) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    heading = WriteOnlyCell(sheet, value=title(as_of))
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    sheet.append([])
    header = []
    for column in cols:
        cell = WriteOnlyCell(sheet, value=column.title)
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    sheet.append(header)
    # One styled cell per number or date column, refilled for every row: write-only mode
    # serialises a row as it is appended, so the cells can be reused. Text goes in plain (but
    # for the rare text that would be read as a formula) and blanks as None (not written at
    # all): a million rows cost no extra objects.
    formats = {"money": MONEY, "date": DATE, "rate": RATE, "int": "0"}
    templates = []
    for column in cols:
        cell = None
        if column.kind in formats:
            cell = WriteOnlyCell(sheet)
            cell.number_format = formats[column.kind]
        templates.append((column.key, cell))
    totals = Totals()
    for values in loan_values(loans, as_of):
        totals.add(values)
        row = []
        for key, cell in templates:
            value = values.get(key)
            if value is None or value == "":
                row.append(None)
            elif cell is None:
                row.append(excel.text_cell(sheet, value))
            else:
                cell.value = value
                row.append(cell)
        sheet.append(row)
    book.save(target)
    return totals
