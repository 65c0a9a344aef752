"""Excel versions of what people print: a title, Vietnamese headers, numbers as numbers
(grouped ``#,##0``, so sums in Excel work; ratios ``#,##0.00``; years as whole numbers), dates as
dates, a bold total row; laid out for the office's printer (A4, landscape when the table is wide,
fitted to the page's width, the header row on every page, the bank and office at the top and
"page x/y" at the foot) and for the screen (columns as wide as what they hold, the header
frozen).

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
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

MONEY = "#,##0"
DATE = "dd/mm/yyyy"
DATE_TIME = "dd/mm/yyyy hh:mm"
YEAR = "0"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Column widths in Excel's units (about one digit each). Past the cap a text wraps in its cell:
# a 200-character note would otherwise make a column no screen or page can show.
NARROWEST, WIDEST = 8, 60
# A long header wraps onto up to this many lines before it widens a column of short numbers.
HEADER_LINES = 3
# What fits across an A4 page upright at 100 % (210 mm less margins); wider prints landscape.
PORTRAIT_WIDTH = 95
SHEET_NAME_LIMIT = 31  # Excel's own

_THIN = Side(style="thin")
_BOXED = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP = Alignment(vertical="top")
_WRAPPED = Alignment(wrap_text=True, vertical="top")
# A year written as text by a report meant for the screen (where 2014 is not "2.014").
_YEAR_TEXT = re.compile(r"(19|20)[0-9]{2}", re.ASCII)


def workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    notes: Sequence[str] = (),
    total: Sequence | None = None,
    sheet_name: str = "",
    office: str = "",
) -> Workbook:
    """One sheet: the title on row 1, a row per note, a blank row, the headers, the rows, the
    total. ``office`` names who prints it, under the bank's name at the top of every page."""
    book = Workbook()
    book.remove(book.active)
    add_sheet(
        book, title, headers, rows, notes=notes, total=total, sheet_name=sheet_name, office=office
    )
    return book


def add_sheet(
    book: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    notes: Sequence[str] = (),
    total: Sequence | None = None,
    sheet_name: str = "",
    office: str = "",
):
    """The same sheet added to ``book``, under a name of its own among the book's."""
    sheet = book.create_sheet(sheet_title(sheet_name or title, taken=book.sheetnames))
    headers = list(headers)
    rows = _years_as_numbers([list(r) for r in rows])
    width = max(len(headers), max((len(r) for r in rows), default=0), 1)
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    for note in notes:
        sheet.append([note])
    sheet.append([])
    sheet.append(headers)
    header_row = sheet.max_row
    for row in rows:
        sheet.append(row)
    if total is not None:
        sheet.append(list(total))
    text_only(sheet)
    widths = _fit_columns(sheet, headers, [*rows, *([list(total)] if total else [])], width)
    _style_table(sheet, header_row, width, bold_last=total is not None, widths=widths)
    _span_lines(sheet, header_row, width, sum(widths))
    wide = sum(widths) > PORTRAIT_WIDTH
    _print_setup(sheet, title, office, header_row, landscape=wide)
    # A wide table keeps its first column (what each row is) in view while scrolling right.
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2 if wide else 1)
    return sheet


def _years_as_numbers(rows: list[list]) -> list[list]:
    """A column holding nothing but years as text holds them as numbers: sortable, filterable,
    and not flagged by Excel as "number stored as text"."""
    width = max((len(r) for r in rows), default=0)
    for i in range(width):
        column = [r[i] for r in rows if i < len(r) and r[i] not in (None, "")]
        if column and all(isinstance(v, str) and _YEAR_TEXT.fullmatch(v) for v in column):
            for r in rows:
                if i < len(r) and isinstance(r[i], str) and r[i]:
                    r[i] = _Year(r[i])
    return rows


class _Year(int):
    """A year among the rows: an int to openpyxl, formatted without a thousands separator."""


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return min(max(-exponent, 0), 6) if isinstance(exponent, int) else 0


def number_format(value) -> str | None:
    """The format a cell of this value is written with; None for text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, _Year):
        return YEAR
    if isinstance(value, int):
        return MONEY
    if isinstance(value, Decimal):
        places = _places(value)
        return MONEY + ("." + "0" * places if places else "")
    if isinstance(value, datetime.datetime):
        return DATE_TIME
    if isinstance(value, datetime.date):
        return DATE
    return None


def _shown_width(value) -> int:
    """How many characters the cell shows, as formatted."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return len(str(value))
    if isinstance(value, _Year):
        return 4
    if isinstance(value, int):
        return len(f"{value:,}")
    if isinstance(value, Decimal):
        return len(f"{value:,.{_places(value)}f}")
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_width(header, values: Iterable) -> int:
    """As wide as the widest value shown, a header wrapping onto a few lines (never inside a
    word), within the cap."""
    header = str(header or "")
    body = max((_shown_width(v) for v in values), default=0)
    longest_word = max((len(w) for w in header.split()), default=0)
    head = max(longest_word, math.ceil(len(header) / HEADER_LINES))
    return min(WIDEST, max(NARROWEST, body + 2, head + 2))


def _fit_columns(sheet, headers, rows, width) -> list[int]:
    widths = []
    for i in range(width):
        header = headers[i] if i < len(headers) else ""
        fitted = column_width(header, (r[i] for r in rows if i < len(r)))
        sheet.column_dimensions[get_column_letter(i + 1)].width = fitted
        widths.append(fitted)
    return widths


def _style_table(sheet, header_row: int, width: int, *, bold_last: bool, widths) -> None:
    for cell in sheet[header_row][:width]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BOXED
    last = sheet.max_row
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=last, max_col=width):
        for cell in row:
            cell.border = _BOXED
            value = cell.value
            shape = number_format(value)
            if shape:
                cell.number_format = shape
            too_long = isinstance(value, str) and _shown_width(value) > widths[cell.column - 1]
            cell.alignment = _WRAPPED if too_long else _TOP
            if bold_last and cell.row == last:
                cell.font = Font(bold=True)


def _span_lines(sheet, header_row: int, width: int, page_width: int) -> None:
    """The title and the notes read across the table and wrap inside it, instead of running
    off the printed page in one line."""
    for row in range(1, header_row - 1):
        cell = sheet.cell(row=row, column=1)
        if not cell.value:
            continue
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        size = 13 if row == 1 else 11
        lines = max(1, math.ceil(_shown_width(cell.value) * size / 11 / max(page_width, 1)))
        if lines > 1:
            # Excel does not fit a merged cell's height to its text: the row is given it.
            sheet.row_dimensions[row].height = lines * size * 1.35


def _header_text(text: str, limit: int = 90) -> str:
    """Text for a page's header or footer: "&" doubled (it starts Excel's codes there), cut
    to keep the whole within Excel's 255 characters."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _print_setup(sheet, title: str, office: str, header_row: int, *, landscape: bool) -> None:
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3
    )
    bank = _("VIETNAM BANK FOR SOCIAL POLICIES")
    heading = f"{bank}\n{office}" if office else bank
    for part, text in (
        (sheet.oddHeader.left, _header_text(heading, 120)),
        (sheet.oddFooter.left, _header_text(title)),
        (sheet.oddFooter.right, f"{_header_text(_('Page'))} &P/&N"),
    ):
        part.text = text
        part.size = 8


# Excel refuses these in a sheet's name: a slash keeps "phường / xã" readable as "phường - xã".
_SHEET_NAME_CHARS = {"/": "-", "\\": "-", "[": "(", "]": ")", ":": " ", "*": " ", "?": " "}


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A sheet's name from a title: Excel refuses []:*?/\\ in it (a name or code a person
    typed may hold them), more than 31 characters and a name already in the book (whatever
    the case). A longer title is cut after a whole word and ends in "…"."""
    name = _cut_at_word(sheet_words(text), SHEET_NAME_LIMIT) or "-"
    # "History" is Excel's own (the change history) and refused as a sheet's name.
    taken = {t.casefold() for t in taken} | {"history"}
    number = 1
    unique = name
    while unique.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        unique = _cut_at_word(name, SHEET_NAME_LIMIT - len(suffix)) + suffix
    return unique


def sheet_words(text: str) -> str:
    """The title in characters a sheet's name may hold, on one line, with no apostrophe at
    either end (Excel refuses one there)."""
    return " ".join("".join(_SHEET_NAME_CHARS.get(c, c) for c in text).split()).strip("' ")


def _cut_at_word(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    cut = room.rsplit(" ", 1)[0] if " " in room and text[limit - 1] != " " else room
    # A dash, comma or colon left at the end reads as if something followed it.
    return cut.rstrip(" –-,;.:(").rstrip() + "…"


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
