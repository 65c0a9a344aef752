"""Interest arithmetic: balance × rate × days ÷ basis, summed exactly, rounded once.

Why exact and not Decimal-per-day: interest is collected monthly, in varying amounts, on varying
days. If each day's or each month's interest were rounded, the sum of what is collected would
drift from what the contract says by a đồng here and there, and two loans with the same balances
would differ by how often their group leader came by. So the interest of a stretch of days is
kept as an exact rational number: an integer numerator over one integer denominator per loan.
The rates are finite decimals, so scaling them by a power of ten makes them integers: interest =
balance × days × (rate × 10^s) ÷ (3,000 × 10^s) for "monthly % ÷ 30", or with the annual rate
(monthly × 12) over 36,500 × 10^s for "annual % ÷ 365". Numerators are Python integers and add
without any rounding, so the interest of [a, c) is exactly that of [a, b) plus [b, c), and
integer arithmetic keeps the engine fast.

The exact sum is turned into whole đồng (half up) only when it is shown, collected or posted.
Decimal views of it (``Segment.interest``, ``LoanState.interest_accrued_exact``) are exact when
the quotient terminates (330000, 18.25) and otherwise carry :data:`SHOWN_PLACES` decimals; they
are for reading. Money decisions use :func:`round_exact`, which works on the numerator and
denominator and is exact whatever the rate's digits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, Rounded
from fractions import Fraction

from policycredit.domain.history import Terms

__all__ = [
    "IN_TERM",
    "OVERDUE",
    "SHOWN_PLACES",
    "DayRates",
    "InterestMeter",
    "Segment",
    "round_exact",
    "shown",
]

IN_TERM = "in_term"
OVERDUE = "overdue"
SHOWN_PLACES = 12

_SHOW = Context(prec=60)
_SHOWN_QUANTUM = Decimal(1).scaleb(-SHOWN_PLACES)
# scaleb only moves the exponent; this context makes sure it never rounds a long rate.
_EXACT = Context(prec=1000, traps=[Inexact, Rounded, InvalidOperation, Overflow])


@dataclass(frozen=True)
class Segment:
    """A stretch of days [start, end) on which one kind of principal had a constant balance.

    ``rate`` is the % per month applied (the contract rate, or rate × overdue factor for overdue
    principal); the day basis of the terms turns it into a daily rate. ``interest`` is exact
    (see the module docstring). Frozen principal accrues nothing and makes no segment.
    """

    start: datetime.date
    end: datetime.date
    days: int
    balance: int
    kind: str
    rate: Decimal
    interest: Decimal


class DayRates:
    """The integer multipliers and the common denominator that one loan's terms imply."""

    def __init__(self, terms: Terms) -> None:
        rate = Decimal(terms.monthly_rate)
        overdue_rate = _EXACT.multiply(rate, Decimal(terms.overdue_factor))
        self.shown_rate = {IN_TERM: rate, OVERDUE: overdue_rate}
        if terms.day_basis == 365:
            # Annual rate (monthly × 12) ÷ 365 days ÷ 100 for the percent.
            base = 36_500
            per_kind = {
                kind: _EXACT.multiply(value, Decimal(12)) for kind, value in self.shown_rate.items()
            }
        else:
            # Monthly rate ÷ 30 days ÷ 100 for the percent.
            base = 3_000
            per_kind = dict(self.shown_rate)
        scale = max(0, *(-value.as_tuple().exponent for value in per_kind.values()))
        self.multiplier = {
            kind: int(_EXACT.scaleb(value, scale)) for kind, value in per_kind.items()
        }
        self.denominator = base * 10**scale

    def numerator(self, balance: int, days: int, kind: str) -> int:
        return balance * days * self.multiplier[kind]

    def fraction(self, numerator: int) -> Fraction:
        return Fraction(numerator, self.denominator)


def round_exact(numerator: int, denominator: int) -> int:
    """numerator ÷ denominator rounded half up to whole đồng, in integers (no rounding before).

    Equal to ``money.round_half_up`` of the exact quotient, which a Decimal could only
    approximate when the quotient does not terminate. Interest is never negative.
    """
    return (2 * numerator + denominator) // (2 * denominator)


def shown(numerator: int, denominator: int) -> Decimal:
    """A Decimal view of an exact quotient: exact if it terminates, else SHOWN_PLACES decimals."""
    whole, rest = divmod(numerator, denominator)
    if rest == 0:
        return Decimal(whole)
    value = _SHOW.divide(Decimal(numerator), Decimal(denominator))
    if value.as_tuple().exponent < -SHOWN_PLACES:
        value = value.quantize(_SHOWN_QUANTUM, context=_SHOW)
    return value


class InterestMeter:
    """Accrual of one loan while its history is replayed, in closed form (no per-day loop).

    The replay tells the meter, at the end of each day that had events, the in-term and overdue
    balances that hold from that day on. A balance that changed closes the open segment of its
    kind; the meter can tell the exact interest accrued up to any day since its start.
    """

    def __init__(self, rates: DayRates, start: datetime.date) -> None:
        self.rates = rates
        self._open = {IN_TERM: (start, 0), OVERDUE: (start, 0)}
        self._closed = 0
        self._segments: list[Segment] = []

    def move_to(self, day: datetime.date, in_term: int, overdue: int) -> None:
        opened = self._open
        if in_term != opened[IN_TERM][1]:
            self._close(IN_TERM, day)
            opened[IN_TERM] = (day, in_term)
        if overdue != opened[OVERDUE][1]:
            self._close(OVERDUE, day)
            opened[OVERDUE] = (day, overdue)

    def numerator_until(self, day: datetime.date) -> int:
        """Exact numerator of the interest accrued before ``day``."""
        total = self._closed
        multiplier = self.rates.multiplier
        start, balance = self._open[IN_TERM]
        if balance:
            total += balance * (day - start).days * multiplier[IN_TERM]
        start, balance = self._open[OVERDUE]
        if balance:
            total += balance * (day - start).days * multiplier[OVERDUE]
        return total

    def rounded_until(self, day: datetime.date) -> int:
        return round_exact(self.numerator_until(day), self.rates.denominator)

    def finish(self, day: datetime.date) -> tuple[tuple[Segment, ...], int]:
        """Close everything at ``day``: the segments in date order and the total numerator."""
        for kind in (IN_TERM, OVERDUE):
            self._close(kind, day)
            self._open[kind] = (day, self._open[kind][1])
        segments = sorted(self._segments, key=lambda s: (s.start, s.kind != IN_TERM))
        return tuple(segments), self._closed

    def _close(self, kind: str, day: datetime.date) -> None:
        start, balance = self._open[kind]
        if balance <= 0 or day <= start:
            return
        days = (day - start).days
        numerator = self.rates.numerator(balance, days, kind)
        self._closed += numerator
        self._segments.append(
            Segment(
                start=start,
                end=day,
                days=days,
                balance=balance,
                kind=kind,
                rate=self.rates.shown_rate[kind],
                interest=shown(numerator, self.rates.denominator),
            )
        )


def accrue_bucket(carry: int, balance: int, terms: Terms, kind: str, days: int = 1):
    """A day's (or ``days``') interest on a balance held at one rate, for the close of day.

    ``carry`` is the exact interest accrued but not yet posted, in units of the terms'
    denominator; the whole đồng are posted and the rest carried, so what is posted over any
    period is the exact interest of the period less a carry below one đồng (the loans' own
    figures round each loan half up, so the two differ by less than one đồng a loan).
    Returns (đồng to post, new carry)."""
    rates = DayRates(terms)
    return divmod(carry + rates.numerator(balance, days, kind), rates.denominator)
