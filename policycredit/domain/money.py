"""Money is whole đồng in integers. This module formats and parses it; it never uses float.

`parse_vnd` is the one reader of an amount a person typed, for every form and screen: what it
accepts is what the bank's people write, and anything else is refused with a reason rather
than read as some other amount. "1.000" is one thousand (the dots group thousands, as
`format_vnd` writes them), never one đồng; "1.000,50" is refused, not read as 100.050: đồng
have no decimals, so a comma can only be a slip or a foreign habit, and guessing which would
post the wrong amount.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

# Below 10^15 đ (a thousand trillion): more than the social-policy bank's whole balance sheet
# (some 400 trillion đ in 2025), so no real figure comes near it, and still exact as a
# spreadsheet's number (Excel keeps 15 significant digits) and summed over any portfolio
# in a 64-bit integer column.
MAX_VND = 10**15 - 1
_MAX_DIGITS = len(str(MAX_VND))

# ASCII digits only: str.isdigit() and int() also take Arabic-Indic, full-width and other
# scripts' digits, which no one at the bank types on purpose.
_PLAIN = re.compile(r"[0-9]+", re.ASCII)
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+", re.ASCII)
_UNIT = re.compile(r"\s*(?:đ|₫|vnd|vnđ)$", re.IGNORECASE)


class AmountError(ValueError):
    """Why a text is not an amount of đồng, as a stable code a screen turns into a message:
    empty, characters, decimals, grouping, negative, too_large."""

    def __init__(self, code: str, text: object):
        super().__init__(f"not an amount of đồng ({code}): {text!r}")
        self.code = code
        self.text = text


def format_vnd(amount: int | None, unit: str = " đ") -> str:
    """80627000000 -> '80.627.000.000 đ' (Vietnamese grouping with dots)."""
    if amount is None:
        return ""
    if isinstance(amount, float):
        raise TypeError("money is never a float")
    sign = "-" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}".replace(",", ".")
    return f"{sign}{digits}{unit}"


def parse_vnd(text: str, *, negative: bool = False) -> int:
    """'80.627.000.000 đ', '80627000000' or '80627000000 VND' -> 80627000000.

    A minus sign only where the caller allows one (`negative=True`); every refusal is an
    `AmountError` (a ValueError) naming why.
    """
    if not isinstance(text, str):
        raise AmountError("characters", text)
    # A no-break space, as a formatted cell copies, is a space; other invisible characters
    # (NUL, controls, direction marks) are refused.
    spaced = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if not spaced.isprintable():
        raise AmountError("characters", text)
    body = _UNIT.sub("", spaced).strip()
    if not body:
        raise AmountError("empty", text)
    sign = 1
    if body[0] in "-−":
        if not negative:
            raise AmountError("negative", text)
        sign, body = -1, body[1:]
    if "," in body:
        raise AmountError("decimals", text)
    if _PLAIN.fullmatch(body):
        digits = body
    elif _GROUPED.fullmatch(body):
        digits = body.replace(".", "")
    elif any(ch.isdigit() and not ch.isascii() for ch in body):
        raise AmountError("characters", text)
    else:
        grouped = set(body) <= set("0123456789. ")
        raise AmountError("grouping" if grouped else "characters", text)
    # Counted before int(): a few thousand digits would cost int() time and raise its own error.
    if len(digits.lstrip("0")) > _MAX_DIGITS or int(digits) > MAX_VND:
        raise AmountError("too_large", text)
    return sign * int(digits)


def round_half_up(value: Decimal) -> int:
    """Round an exact amount to whole đồng, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
