"""Rows of a bank export, from .xlsx (streamed), .csv or .xls, with its header found.

The bank's sheets start with a title ("HỒ SƠ TÍN DỤNG … ngày 31/10/2026"), then a header of one
or two rows: two when a heading is merged over several columns ("Dư nợ" over "Trong hạn",
"Quá hạn", "Khoanh"). A streamed workbook does not say which cells were merged; the value sits
in the first cell of the span and the rest are empty, so a child cell under an empty one takes
the nearest heading to its left. The header is the row (or pair of rows) that matches most of
the register's columns, among the first rows of the sheet.
"""

import csv
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from policycredit.domain.bankfile import is_blank, read_date
from policycredit.registers.columns import match_headers

HEADER_SEARCH = 30  # rows looked at for the header
MIN_MATCHED = 4  # a header names at least this many known columns
SHEET = "BCQUERY"  # the sheet of the core system's query export


class UnreadableFile(ValueError):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class Sheet:
    """The header found and the data rows after it, as (row number in the file, cells)."""

    columns: dict[str, int]
    headers: list[str]
    unknown: list[str]
    first_data_row: int
    title_date: datetime.date | None
    rows: Iterator[tuple[int, tuple]] = field(repr=False)


def raw_rows(path: str, name: str | None = None) -> Iterator[tuple]:
    """Every row of the register's sheet ("BCQUERY", else the first), as tuples of cells."""
    suffix = (name or path).lower().rsplit(".", 1)[-1]
    if suffix in ("xlsx", "xlsm"):
        return _xlsx_rows(path)
    if suffix == "csv":
        return _csv_rows(path)
    if suffix == "xls":
        return _xls_rows(path)
    raise UnreadableFile("format", suffix)


def _xlsx_rows(path):
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a damaged or renamed file: say so, whatever zip/xml raised
        raise UnreadableFile("damaged", str(error)) from error
    # The core system's query export names its sheet; a file saved by hand has it first.
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    try:
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _csv_rows(path):
    with open(path, "rb") as handle:
        head = handle.read(65536)
    encoding = "utf-8-sig"
    try:
        head.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1258"  # Vietnamese Windows, what an old office PC saves
    sample = head.decode(encoding, errors="ignore")
    delimiter = max([",", ";", "\t"], key=sample.count)
    with open(path, encoding=encoding, newline="") as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            yield tuple(row)


def _xls_rows(path):
    try:
        import xlrd  # optional: only old .xls files need it
    except ImportError as error:
        raise UnreadableFile("xls_unsupported") from error
    book = xlrd.open_workbook(path)
    sheet = book.sheet_by_index(0)
    for r in range(sheet.nrows):
        cells = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                cells.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            else:
                cells.append(cell.value)
        yield tuple(cells)


def _text(value) -> str:
    return "" if is_blank(value) else re.sub(r"\s+", " ", str(value)).strip()


def _header_names(upper: tuple, lower: tuple) -> list[str]:
    """Names of a two-row header. A cell with nothing under it is its own name (a heading merged
    down over both rows); a lower cell is "heading lower", the heading being the nearest upper
    cell at or left of it (a merged span), or its own name when the register does not know
    the combination."""
    width = max(len(upper), len(lower))
    upper = [_text(v) for v in upper] + [""] * (width - len(upper))
    lower = [_text(v) for v in lower] + [""] * (width - len(lower))
    names, heading = [], ""
    for top, bottom in zip(upper, lower, strict=True):
        heading = top or heading
        if not bottom:
            names.append(top)
            continue
        combined = f"{heading} {bottom}" if heading else bottom
        names.append(combined if _known(combined) else bottom)
    return names


def _known(name: str) -> bool:
    return bool(match_headers([name])[0])


_TITLE_DATE = re.compile(r"(\d{1,2}/\d{1,2}/\d{4})")


def open_sheet(path: str, name: str | None = None) -> Sheet:
    rows = raw_rows(path, name)
    head: list[tuple] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SEARCH:
            break
    best = None  # (matched, index, height, names)
    for i, row in enumerate(head):
        single = [_text(v) for v in row]
        matched = len(match_headers(single)[0])
        if best is None or matched > best[0]:
            best = (matched, i, 1, single)
        if i + 1 < len(head):
            names = _header_names(row, head[i + 1])
            matched = len(match_headers(names)[0])
            if matched > best[0]:
                best = (matched, i, 2, names)
    if best is None or best[0] < MIN_MATCHED:
        raise UnreadableFile("no_header")
    _, index, height, names = best
    columns, unknown = match_headers(names)
    title_date = None
    for row in head[:index]:
        for value in row:
            found = _TITLE_DATE.search(_text(value))
            if found:
                try:
                    title_date = read_date(found.group(1))
                except ValueError:
                    continue
                break
        if title_date:
            break
    first = index + height

    def data() -> Iterator[tuple[int, tuple]]:
        for number, row in enumerate(head[first:], first + 1):
            yield number, row
        for number, row in enumerate(rows, len(head) + 1):
            yield number, row

    return Sheet(columns, names, unknown, first + 1, title_date, data())
