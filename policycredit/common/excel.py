"""Excel versions of what people print: one sheet, a title, Vietnamese headers, numbers as
numbers (grouped ``#,##0``, so sums in Excel work), dates as dates, a bold total row.

Text is only ever text. A name, a group or an address is typed by a person, and a spreadsheet
runs a cell that starts with ``=`` (``=HYPERLINK("http://…","click")``), or in a CSV file also
with ``+ - @``, a tab or a carriage return, as a formula in the office of whoever opens the
file. Every workbook and CSV file the project writes goes through this module, which writes
such text so that no spreadsheet reads it as a formula: in a workbook a string cell (openpyxl
would otherwise store a str starting with ``=`` as a formula) marked to stay text if edited;
in a CSV file, which cannot say what a cell is, the text behind a single quote, as OWASP's
advice on CSV injection has it. Numbers and dates are not text and stay what they are.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
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
    sheet.title = sheet_title(sheet_name or title)
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
    text_only(sheet)
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


def sheet_title(text: str) -> str:
    """Excel refuses []:*?/\\ in a sheet's name and more than 31 characters; a name or code a
    person typed may hold them."""
    return "".join("-" if c in "[]:*?/\\" else c for c in text)[:31] or "-"


def response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    reply = HttpResponse(buffer.getvalue(), content_type=XLSX)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


# What makes a spreadsheet read a cell as a formula when it opens a CSV file (OWASP; the ASVS
# adds NUL). In a workbook only a string stored as a formula runs, but these get the mark that
# keeps them text when someone edits the cell, which would otherwise turn them into one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def as_text(cell):
    """A cell holding a str as a string, never a formula (or an error such as ``#N/A``)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if looks_like_formula(cell.value):
            cell.quotePrefix = True
    return cell


def text_only(sheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            as_text(cell)


def text_cell(sheet, value):
    """For a write-only sheet, which takes plain values as they come: ``value`` itself when
    openpyxl stores it as it is (numbers, dates, ordinary text), else a string cell. The
    register of a million rows creates a cell only for the rare text that needs one."""
    if not isinstance(value, str) or not (looks_like_formula(value) or value in ERROR_CODES):
        return value
    return as_text(WriteOnlyCell(sheet, value=value))


def csv_text(value):
    """A CSV cell: text a spreadsheet would run as a formula goes behind a single quote, which
    Excel then shows (``'=HYPERLINK(…)``); numbers, dates and other text are unchanged."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def from_csv(text: str) -> str:
    """The text a ``csv_text`` cell stood for, for the import that reads our CSV back."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


class CsvWriter:
    """``csv.writer`` whose every row goes through ``csv_text``: the project's only way to
    write a CSV file."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([csv_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
