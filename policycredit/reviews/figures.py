"""How the review's figures read in its words: an amount as the Vietnamese write đồng
(80.627.000.000), a count grouped the same way (1.805 jobs), a ratio with a decimal comma
(11,60). A template says ``{{ capital.local_now }}`` and gets the written form;
``{{ capital.local_now.billions }}`` gives it in billions (80,63). Years stay plain numbers
(2014, never 2.014): they are not figures."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import total_ordering

from policycredit.domain.money import format_vnd


@total_ordering
@dataclass(frozen=True)
class Number:
    """A whole number written with dots. Compares with numbers, so ``{% if x > 0 %}`` works."""

    value: int

    def __str__(self) -> str:
        return format_vnd(self.value, unit="")

    def __int__(self) -> int:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)

    def __eq__(self, other) -> bool:
        return self.value == _plain(other)

    def __lt__(self, other) -> bool:
        return self.value < _plain(other)

    def __hash__(self) -> int:
        return hash(self.value)


class Count(Number):
    """How many: jobs, borrowers, households, meetings."""


class Amount(Number):
    """Whole đồng."""

    @property
    def billions(self) -> str:
        """In billions of đồng, two decimals with a comma: 80,63."""
        shown = (Decimal(self.value) / Decimal(1_000_000_000)).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        return ratio_text(shown)

    @property
    def millions(self) -> str:
        return format_vnd(self.value // 1_000_000, unit="")


def _plain(other):
    return other.value if isinstance(other, Number) else other


def ratio_text(value: Decimal | None) -> str:
    """11.60 -> '11,60'; nothing -> ''."""
    if value is None or value == "":
        return ""
    return str(value).replace(".", ",")
