"""Rows of a bank export, from .xlsx (streamed), .csv or .xls, with its header found.

The bank's sheets start with a title ("HỒ SƠ TÍN DỤNG … ngày 31/10/2026"), then a header of one
or two rows: two when a heading is merged over several columns ("Dư nợ" over "Trong hạn",
"Quá hạn", "Khoanh"). A streamed workbook does not say which cells were merged; the value sits
in the first cell of the span and the rest are empty, so a child cell under an empty one takes
the nearest heading to its left. The header is the row (or pair of rows) that matches most of
the register's columns, among the first rows of the sheet.

A file is measured before it is read, because a workbook is a zip: a 1.5 MB .xlsx of repeated
rows unpacked past 9 GB in openpyxl. The file's size, each part's unpacked size and ratio, the
whole's unpacked size and the sheets' row counts are checked on the zip's own figures and one
streamed pass (which also finds a cut file), before openpyxl opens it.
"""

import codecs
import csv
import datetime
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from policycredit.common.excel import from_csv
from policycredit.domain.bankfile import is_blank, read_date
from policycredit.registers.columns import match_headers

# A district office's register is a few MB; a province branch's, with 200,000 loans, some 40 MB
# as .xlsx. Anything larger is not a register.
MAX_FILE_BYTES = 50 * 1024 * 1024
# A 40 MB register unpacks to some 400 MB of sheet XML; no part of a real workbook packs
# tighter than about 1:30 (a sheet of repeated cells), a bomb packs 1:1000 and more.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100
# The texts shared by cells (names, addresses): a branch's register has some 30 MB of them.
MAX_SHARED_STRINGS_BYTES = 100 * 1024 * 1024
RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles, an empty sheet) pack tighter, harmlessly
# Rows of a sheet: ten times the largest branch's register.
MAX_ROWS = 2_000_000
CHUNK_BYTES = 1024 * 1024
_ROW_TAG = re.compile(rb"<(?:\w{1,8}:)?row[\s>/]")

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
    if os.path.getsize(path) > MAX_FILE_BYTES:
        raise UnreadableFile("too_big", f"{os.path.getsize(path) // (1024 * 1024)} MB")
    if suffix in ("xlsx", "xlsm"):
        measure_workbook(path)
        return _xlsx_rows(path)
    if suffix == "csv":
        return _csv_rows(path)
    if suffix == "xls":
        return _xls_rows(path)
    raise UnreadableFile("format", suffix)


def measure_workbook(path: str) -> None:
    """Refuse a workbook too large once unpacked, packed like a bomb, with too many rows, or
    cut short, from the zip's directory and one streamed pass, holding a chunk at a time."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnreadableFile("too_big_unpacked", f"{unpacked // (1024 * 1024)} MB")
            strings = sum(m.file_size for m in members if m.filename == "xl/sharedStrings.xml")
            if strings > MAX_SHARED_STRINGS_BYTES:  # openpyxl holds them all in memory
                raise UnreadableFile("too_big_unpacked", f"{strings // (1024 * 1024)} MB")
            for member in members:
                packed = max(member.compress_size, 1)
                if member.file_size > RATIO_FROM_BYTES and member.file_size / packed > MAX_RATIO:
                    raise UnreadableFile("bomb", member.filename)
            for member in members:
                _stream(archive, member)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        # A cut file loses its directory (BadZipFile) or the end of a part (a CRC error).
        raise UnreadableFile("truncated", str(error)) from error


def _stream(archive, member) -> None:
    """Read a part through (the zip checks its CRC at the end); count a sheet's rows."""
    is_sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
    rows, tail = 0, b""
    with archive.open(member) as part:
        while chunk := part.read(CHUNK_BYTES):
            if is_sheet:
                # A row's tag split across two chunks is found in the second, with the end of
                # the first before it; one wholly in that end was counted the first time.
                window = tail + chunk
                rows += sum(1 for m in _ROW_TAG.finditer(window) if m.end() > len(tail))
                tail = window[-20:]
                if rows > MAX_ROWS:
                    raise UnreadableFile("too_many_rows", f"> {MAX_ROWS}")


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


def csv_text(data: bytes) -> str:
    """A CSV file's text: UTF-8, else Windows-1258 (Vietnamese Windows, what an old office PC
    saves), composed (NFC). Windows-1258 writes many letters as a base letter and a
    combining tone mark ("ễ" as "ê" + U+0303), which matches no header nor name until
    composed; a file edited on a Mac does the same in UTF-8."""
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(body) - 3 and error.reason == "unexpected end of data":
            raise UnreadableFile("truncated", "") from error  # cut inside a letter
        try:
            text = body.decode("cp1258")
        except UnicodeDecodeError as error1258:
            raise UnreadableFile("encoding", "") from error1258
    if "\x00" in text:
        raise UnreadableFile("damaged", "NUL")  # not a text file (csv would stop half-way)
    return unicodedata.normalize("NFC", text)


def _count_rows(text: str) -> None:
    if text.count("\n") > MAX_ROWS:
        raise UnreadableFile("too_many_rows", f"> {MAX_ROWS}")


def _csv_rows(path):
    with open(path, "rb") as handle:
        text = csv_text(handle.read())
    _count_rows(text)
    delimiter = max([",", ";", "\t"], key=text[:65536].count)
    with io.StringIO(text, newline="") as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            # Our own export puts a quote before text that a spreadsheet would run.
            yield tuple(from_csv(cell) for cell in row)


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
