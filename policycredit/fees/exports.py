"""Statements as files: PDF (WeasyPrint, from the same printable page as the screen) and Excel
(openpyxl; amounts are numbers with a thousands format, so they add up in a spreadsheet).

The Excel file names its key cells (``fee`` or ``commission``, and ``total``), so a workbook
that links to it, or a test, finds them without reading labels in the user's language.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.workbook.defined_name import DefinedName

from policycredit.common import excel

MONEY = "#,##0"
RATE = "0.00000"
PERCENT = "0.00##"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Sheet:
    """Rows written top to bottom; named cells recorded as they are written."""

    def __init__(self, title: str):
        self.book = Workbook()
        self.ws = self.book.active
        self.ws.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet"
        self.row = 0
        self.ws.column_dimensions["A"].width = 48
        for column in "BCDE":
            self.ws.column_dimensions[column].width = 20

    def line(self, *values, bold=False, formats=()):
        self.row += 1
        for column, value in enumerate(values, 1):
            # Names of units and groups are typed by people: text, never a formula.
            cell = excel.as_text(self.ws.cell(row=self.row, column=column, value=value))
            if bold:
                cell.font = Font(bold=True)
            if column - 1 < len(formats) and formats[column - 1]:
                cell.number_format = formats[column - 1]
            elif isinstance(value, int):
                cell.number_format = MONEY
        return self.row

    def name(self, name: str, column: str, row: int):
        ref = f"'{self.ws.title}'!${column}${row}"
        self.book.defined_names[name] = DefinedName(name, attr_text=ref)

    def heading(self, office, title: str, subtitle: str):
        self.line(_("VIETNAM BANK FOR SOCIAL POLICIES"), bold=True)
        self.line(office.name)
        self.line()
        self.line(title, bold=True)
        self.ws.cell(row=self.row, column=1).alignment = Alignment(horizontal="left")
        self.line(subtitle)
        self.line()


def fee_workbook(statement) -> Workbook:
    sheet = _Sheet(_("Entrustment fee"))
    sheet.heading(
        statement.office,
        _("ENTRUSTMENT FEE STATEMENT"),
        _("Month %(month)s") % {"month": f"{statement.month:%m/%Y}"},
    )
    sheet.line(_("Mass-organisation unit"), statement.organisation.name)
    sheet.line(_("Figures as of"), statement.as_of)
    sheet.ws.cell(row=sheet.row, column=2).number_format = "DD/MM/YYYY"
    sheet.line(_("Outstanding principal at the month's end"), statement.outstanding)
    sheet.line(_("of which overdue"), statement.overdue)
    sheet.line(_("Overdue ratio (%)"), statement.overdue_ratio, formats=(None, PERCENT))
    sheet.line(
        _("Outstanding on which interest was collected in the month"), statement.base_balance
    )
    sheet.line(_("Interest collected in the month"), statement.interest_collected)
    sheet.line()
    sheet.line(
        _("Programme"),
        _("Base (đồng)"),
        _("Rate on balance (% per month)"),
        _("Interest collected"),
        _("Rate on interest (%)"),
        bold=True,
    )
    for line in statement.details:
        sheet.line(
            line.get("name", ""),
            line.get("base_balance", 0),
            _decimal(line.get("rate_on_balance")),
            line.get("interest", 0),
            _decimal(line.get("rate_on_interest")),
            formats=(None, MONEY, RATE, MONEY, RATE),
        )
    sheet.line()
    sheet.line(
        # xgettext:no-python-format
        _("Quality factor (% of the fee paid)"),
        statement.factor,
        formats=(None, PERCENT),
    )
    sheet.name("fee", "B", sheet.line(_("Entrustment fee"), statement.fee, bold=True))
    sheet.line()
    sheet.line(_("Level"), _("Unit"), _("Share (%)"), _("Amount (đồng)"), bold=True)
    for share in statement.shares.all():
        sheet.line(
            share.get_level_display(),
            share.organisation.name if share.organisation else "",
            share.share,
            share.amount,
            formats=(None, None, PERCENT, MONEY),
        )
    total = sum(share.amount for share in statement.shares.all())
    sheet.name("total", "D", sheet.line(_("Total"), None, None, total, bold=True))
    return sheet.book


def commission_workbook(statement) -> Workbook:
    sheet = _Sheet(_("Commission"))
    sheet.heading(
        statement.office,
        _("COMMISSION STATEMENT"),
        _("Month %(month)s") % {"month": f"{statement.month:%m/%Y}"},
    )
    sheet.line(_("Savings-and-loan group"), statement.group.name)
    sheet.line(_("Managing organisation"), statement.group.organisation.name)
    sheet.line()
    sheet.line(_("Collected"), _("Amount (đồng)"), _("Rate (%)"), bold=True)
    for line in statement.details:
        if line.get("programme") is None:
            label, amount, rate = _("Members' savings"), line["savings"], line["rate_on_savings"]
        else:
            label, amount, rate = (
                _("Interest: %(programme)s") % {"programme": line["name"]},
                line["interest"],
                line["rate_on_interest"],
            )
        sheet.line(label, amount, _decimal(rate), formats=(None, MONEY, RATE))
    sheet.line()
    sheet.line(_("Interest collected in the month"), statement.interest_collected)
    sheet.line(_("Savings collected in the month"), statement.savings_collected)
    row = sheet.line(_("Commission"), statement.commission, bold=True)
    sheet.name("commission", "B", row)
    sheet.name("total", "B", row)
    return sheet.book


def _decimal(value):

    return Decimal(value) if value not in (None, "") else None
