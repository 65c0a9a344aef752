"""A group's savings balances as an Excel workbook: numbers stay numbers (an accountant sums and
filters them), shown with the Vietnamese thousands grouping of the user's Excel."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MONEY = "#,##0"
DAY = "DD/MM/YYYY"


def group_balances(group, rows, as_of: datetime.date) -> bytes:
    """``rows`` are memberships annotated with ``balance`` (see ``selectors``)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Savings")[:31]
    sheet.append(
        [
            _("Members' savings of %(group)s on %(day)s")
            % {"group": group, "day": f"{as_of:%d/%m/%Y}"}
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{_('group code')}: {group.code}"])
    sheet.append([])
    headers = [
        _("No."),
        _("household code"),
        _("head of household"),
        _("joined on"),
        _("left on"),
        _("savings balance (đồng)"),
    ]
    sheet.append(headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    total = 0
    for n, m in enumerate(rows, 1):
        head = m.household.head.full_name if m.household.head_id else ""
        sheet.append([n, m.household.code, head, m.joined, m.left, m.balance])
        row = sheet.max_row
        sheet.cell(row, 4).number_format = DAY
        sheet.cell(row, 5).number_format = DAY
        sheet.cell(row, 6).number_format = MONEY
        total += m.balance
    sheet.append(["", _("Total"), "", "", "", total])
    last = sheet.max_row
    sheet.cell(last, 2).font = Font(bold=True)
    sheet.cell(last, 6).font = Font(bold=True)
    sheet.cell(last, 6).number_format = MONEY
    for column, width in enumerate([6, 16, 30, 12, 12, 20], 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
