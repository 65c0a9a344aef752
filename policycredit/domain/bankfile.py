"""Reading the cells of the bank's Excel and CSV exports: money, dates, counts, rates, IDs.

The bank's files are typed by people and re-saved by several programs, so one column holds
"1.234.567" (Vietnamese thousands), "1,234,567" (English), 1234567 (a number) and sometimes
"1.234.567,00"; a date is an Excel date, a serial number, "05/03/2025" (always day first in
Vietnam) or "2025-03-05". Each reader returns the value or raises :class:`CellError` with a
stable code; the importer turns the code into a message by row and column.

Pure Python, no Django.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "CellError",
    "read_date",
    "read_id_number",
    "read_int",
    "read_money",
    "read_rate",
    "read_sex",
    "read_text",
]

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 after Excel's leap-year bug


class CellError(ValueError):
    def __init__(self, code: str, value: object):
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: object) -> str:
    if type(value) is str and value.isprintable() and "  " not in value:
        # The usual cell, checked first (a million-row file has tens of millions of cells):
        # printable means no whitespace but single ASCII spaces, so there is nothing to fold.
        return value.strip()
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed into a number cell: 12.0 is "12"
    return re.sub(r"\s+", " ", str(value)).strip()


_GROUPED = re.compile(r"^\d{1,3}([.,' ]\d{3})+$")
_PLAIN_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?:,\d{3})+$")


def read_money(value: object) -> int:
    """Whole đồng. Blank is 0 (the bank leaves a zero balance empty); negative is kept for
    the caller to refuse by name."""
    if type(value) is str:  # the usual cells first: "1234567", "1.234.567", "1,234,567"
        if value.isdigit() and value.isascii():
            return int(value)
        if _PLAIN_GROUPED.match(value):
            return int(value.replace(".", "").replace(",", ""))
    if is_blank(value):
        return 0
    if isinstance(value, bool):
        raise CellError("not_amount", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("not_whole", value)
        return int(value)
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise CellError("not_whole", value)
        return int(value)
    text = str(value).strip().replace("\u00a0", " ").removesuffix("đ").removesuffix("VND").strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    if text.startswith("-"):
        negative, text = True, text[1:].strip()
    # A decimal tail of zeros (",00" after "." groups, ".00" after "," groups) is whole đồng.
    tail = re.match(r"^(.*?)([.,])(\d{1,2})$", text)
    if tail and not _GROUPED.match(text):
        head, mark, decimals = tail.groups()
        if int(decimals) != 0:
            raise CellError("not_whole", value)
        if mark in head:
            raise CellError("not_amount", value)
        text = head
    if _GROUPED.match(text):
        marks = {ch for ch in text if not ch.isdigit()}
        if len(marks) > 1:
            raise CellError("not_amount", value)
        text = re.sub(r"\D", "", text)
    if not text.isdigit():
        raise CellError("not_amount", value)
    amount = int(text)
    return -amount if negative else amount


def read_int(value: object) -> int | None:
    if is_blank(value):
        return None
    try:
        return read_money(value)
    except CellError as error:
        raise CellError("not_number", value) from error


def read_rate(value: object) -> Decimal | None:
    """% per month as the bank quotes it. A figure above 3 is a yearly rate (no programme
    lends at 3 % a month; 7.92 is 0.66 × 12) and is turned into a monthly one."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("not_rate", value)
    if isinstance(value, float):
        rate = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        rate = Decimal(value)
    else:
        text = str(value).strip().removesuffix("%").strip().replace(",", ".")
        try:
            rate = Decimal(text)
        except InvalidOperation as error:
            raise CellError("not_rate", value) from error
    if not rate.is_finite() or rate < 0:
        raise CellError("not_rate", value)
    if rate > 3:
        rate = rate / 12
    return rate.quantize(Decimal("0.0001"))


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def read_date(value: object) -> datetime.date | None:
    if (
        type(value) is str
        and len(value) == 10
        and value[2] == value[5] == "/"
        and value[:2].isdigit()
        and value[3:5].isdigit()
        and value[6:].isdigit()
    ):  # "05/03/2025", the usual cell, without the regular expressions
        try:
            return datetime.date(int(value[6:]), int(value[3:5]), int(value[:2]))
        except ValueError as error:
            raise CellError("not_date", value) from error
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial number: a date cell read without its format, or a CSV of one.
        if 1 <= value < 2958466 and float(value).is_integer():
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError("not_date", value)
    text = str(value).strip().split(" ")[0]  # "05/03/2025 00:00:00"
    match = _DAY_FIRST.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        match = _ISO.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if text.isdigit() and len(text) == 8:  # 05032025 or 20250305
            if text[:2] in ("19", "20"):
                return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            return datetime.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as error:
        raise CellError("not_date", value) from error
    raise CellError("not_date", value)


def read_id_number(value: object) -> str:
    """A CMND (9 digits) or CCCD (12 digits), as digits. A number cell lost its leading zeros
    ("001085000042" became 1085000042), so a number is padded to the length it must have had;
    typed text is not guessed at."""
    if is_blank(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise CellError("id_digits", value)
        digits = str(int(value))
        width = 9 if len(digits) <= 9 else 12
        digits = digits.zfill(width)
    else:
        digits = re.sub(r"[\s.\-]", "", str(value))
    if not digits.isdigit():
        raise CellError("id_digits", value)
    if len(digits) not in (9, 12):
        raise CellError("id_length", value)
    return digits


_MALE = {"nam", "m", "male", "1", "trai"}
_FEMALE = {"nữ", "nu", "f", "female", "0", "2", "gái"}


def read_sex(value: object) -> str:
    """ "M" or "F"; blank is "" (the caller decides whether it may be)."""
    text = read_text(value).casefold()
    if not text:
        return ""
    if text in _MALE:
        return "M"
    if text in _FEMALE:
        return "F"
    raise CellError("not_sex", value)
