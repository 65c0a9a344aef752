"""Money is whole đồng in integers. This module formats and parses it; it never uses float."""

from decimal import ROUND_HALF_UP, Decimal


def format_vnd(amount: int | None, unit: str = " đ") -> str:
    """80627000000 -> '80.627.000.000 đ' (Vietnamese grouping with dots)."""
    if amount is None:
        return ""
    if isinstance(amount, float):
        raise TypeError("money is never a float")
    sign = "-" if amount < 0 else ""
    digits = f"{abs(int(amount)):,}".replace(",", ".")
    return f"{sign}{digits}{unit}"


def parse_vnd(text: str) -> int:
    """'80.627.000.000 đ', '80,627,000,000' or '80627000000' -> 80627000000."""
    cleaned = text.strip().lower().replace("đ", "").replace("vnd", "").strip()
    cleaned = cleaned.replace(".", "").replace(",", "").replace(" ", "")
    if cleaned.startswith("-"):
        sign, cleaned = -1, cleaned[1:]
    else:
        sign = 1
    if not cleaned.isdigit():
        raise ValueError(f"not an amount of đồng: {text!r}")
    return sign * int(cleaned)


def round_half_up(value: Decimal) -> int:
    """Round an exact amount to whole đồng, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
