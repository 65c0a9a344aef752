"""Excel versions of what people print: one sheet, a title, Vietnamese headers, numbers as
numbers (grouped ``#,##0``, so sums in Excel work), dates as dates, a bold total row."""

import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MONEY = "#,##0"
DATE = "dd/mm/yyyy"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    notes: Sequence[str] = (),
    total: Sequence | None = None,
    sheet_name: str = "",
) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = (sheet_name or title)[:31].replace("/", "-")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    for note in notes:
        sheet.append([note])
    sheet.append([])
    sheet.append(list(headers))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(list(row))
    if total is not None:
        sheet.append(list(total))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = MONEY
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE
    for i, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(i)].width = max(12, min(45, len(str(header)) + 4))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return book


def response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    reply = HttpResponse(buffer.getvalue(), content_type=XLSX)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply
