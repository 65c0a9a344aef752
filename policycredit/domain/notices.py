"""The text message that tells a household what it owes at the next transaction day.

Messages go out as plain SMS. Vietnamese letters with diacritics would switch a message to
UCS-2 encoding, where one SMS holds 70 characters instead of 160, so the text is written
without diacritics (the way people type Vietnamese on basic phones) and kept to one SMS when it
can be: long names of offices, points and people are shortened step by step, never the amounts.

The wording is Vietnamese on purpose and not translated: the readers are the borrowers, and
the bank's messages to them are in Vietnamese whatever language the staff's screens use.
"""

import datetime
import re
import unicodedata

from policycredit.domain.money import format_vnd

SMS_LENGTH = 160

# Letters that do not decompose into a base letter and a combining mark, and punctuation that
# GSM phones cannot show.
_PLAIN = str.maketrans({"đ": "d", "Đ": "D", "–": "-", "—": "-", "‘": "'", "’": "'"})
# How the bank itself shortens its unit names in messages.
_SHORT_FORMS = (
    ("Phong giao dich NHCSXH", "PGD"),
    ("Phong giao dich", "PGD"),
    ("Diem giao dich", "Diem GD"),
)
# The level word in an office's name ("quan Hai Ba Trung"), which the place name makes clear.
_LEVEL_WORD = re.compile(r"\b(quan|huyen|thi xa|thanh pho)\s+", re.IGNORECASE)


def without_accents(text: str) -> str:
    """'Nguyễn Văn Đức' -> 'Nguyen Van Duc'; anything else outside ASCII is dropped."""
    decomposed = unicodedata.normalize("NFD", text.translate(_PLAIN))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.encode("ascii", "ignore").decode("ascii")


def sms_amount(amount: int) -> str:
    """843333 -> '843.333d' (grouped with dots, 'd' for đồng)."""
    return format_vnd(amount, unit="d")


def short_unit_name(name: str) -> str:
    """'Phòng giao dịch NHCSXH quận Hai Bà Trưng' -> 'PGD Hai Ba Trung'."""
    text = without_accents(name)
    for long, short in _SHORT_FORMS:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    if text.startswith("PGD "):
        text = "PGD " + _LEVEL_WORD.sub("", text[4:], count=1)
    return " ".join(text.split())


# What people type between a phone number's digits.
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"\+?[0-9]{9,15}")


def sms_phone(typed: str) -> str | None:
    """The number as a message is sent to it: '0912 345.678' -> '0912345678'; None when what
    was typed is no phone number (nothing is guessed: no digit added, no country code)."""
    number = _PHONE_SEPARATORS.sub("", typed or "")
    return number if _PHONE.fullmatch(number) else None


def initials(name: str) -> str:
    """'Nguyen Van An' -> 'N.V. An': the given name stays, the rest becomes initials."""
    words = name.split()
    if len(words) < 2:
        return name
    return "".join(f"{w[0]}." for w in words[:-1]) + " " + words[-1]


def notice_line(
    *,
    office: str,
    point: str,
    household_code: str,
    name: str,
    day: datetime.date,
    interest: int,
    principal: int,
    savings: int,
) -> str:
    """One message; the first of ever shorter wordings that fits in one SMS, else the
    shortest (which still carries every amount and the total)."""
    office, point, name = short_unit_name(office), short_unit_name(point), without_accents(name)
    amounts = [("lai", interest), ("goc", principal), ("tiet kiem", savings)]
    total = interest + principal + savings

    def wording(who, where, items):
        due = ", ".join(f"{label} {sms_amount(amount)}" for label, amount in items)
        place = f" tai {where}" if where else ""
        return (
            f"NHCSXH {office}: Ho {household_code} {who}, ngay GD {day:%d/%m/%Y}{place}: "
            f"{due}. Tong {sms_amount(total)}."
        )

    nonzero = [(label, amount) for label, amount in amounts if amount] or amounts[:1]
    candidates = [
        wording(name, point, amounts),
        wording(name, point, nonzero),
        wording(name, "", nonzero),
        wording(initials(name), "", nonzero),
    ]
    return next((c for c in candidates if len(c) <= SMS_LENGTH), candidates[-1])


def overdue_line(
    *,
    office: str,
    household_code: str,
    name: str,
    contract: str,
    due: datetime.date,
    overdue: int,
) -> str:
    """The message when an instalment falls overdue: which contract, which instalment (its due
    date), the principal now overdue on the contract, and where to pay. The first of ever
    shorter wordings that fits in one SMS, else the shortest (which still carries the
    contract, the date and the amount)."""
    office, name = short_unit_name(office), without_accents(name)
    household_code, contract = without_accents(household_code), without_accents(contract)

    def wording(who, advice):
        return (
            f"NHCSXH {office}: Ho {household_code} {who}, HD {contract}: ky tra no "
            f"{due:%d/%m/%Y} chua tra, no qua han {sms_amount(overdue)}.{advice}"
        )

    advice = " De nghi tra no tai diem giao dich hoac PGD."
    candidates = [
        wording(name, advice),
        wording(name, " De nghi tra no som."),
        wording(name, ""),
        wording(initials(name), ""),
    ]
    return next((c for c in candidates if len(c) <= SMS_LENGTH), candidates[-1])
