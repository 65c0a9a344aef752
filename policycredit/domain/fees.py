"""What the bank owes its partners each month: entrustment fees and group commissions.

Entrustment fee (phí ủy thác). A mass organisation earns, each month, a rate on the principal
outstanding at the month's end of the loans on which interest was actually collected in the month
(and, where a decision says so, a rate on the interest collected), times a quality factor that
its overdue ratio decides: by default below 2 % it keeps 100 %, from 2 % 80 %, from 3 % 50 %,
from 4 % nothing. The fee is then split between the organisation's levels (commune 84 %,
district 9 %, province 4.5 %, central 2.5 % by default).

Commission (hoa hồng). A group's management board earns a rate on the interest and on the
members' savings it collected in the month.

Every figure is configurable by decision, so rates, bands and shares come in as data; the
defaults below are the brief's figures (staff training material, unverified). Rates are percent
(per month where they apply to a balance). Money is whole đồng: each fee and commission is
rounded once, half up, from the exact sum; a split gives each level its exact share rounded by
largest remainder, so the parts always add up to the fee to the đồng.

Nothing here knows Django.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, Decimal, localcontext
from fractions import Fraction
from typing import NamedTuple

from policycredit.domain.money import round_half_up

__all__ = [
    "DEFAULT_BANDS",
    "DEFAULT_SHARES",
    "Band",
    "BalanceBase",
    "Collection",
    "FeeRuleError",
    "commission",
    "entrustment_fee",
    "month_end",
    "month_start",
    "overdue_ratio",
    "quality_factor",
    "split",
]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
# Enough digits that no product of a balance (up to 10^15 đồng) and a rate is ever rounded
# before the one rounding to whole đồng.
_PRECISION = 60


class FeeRuleError(ValueError):
    """Fee rules given data they cannot work with (a programming or configuration error)."""

    BAD_AMOUNT = "bad_amount"
    BAD_RATE = "bad_rate"
    BAD_BANDS = "bad_bands"
    BAD_SHARES = "bad_shares"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Band(NamedTuple):
    """From an overdue ratio of ``ratio_from`` % (inclusive) the fee is multiplied by
    ``factor`` %, up to the next band's start."""

    ratio_from: Decimal
    factor: Decimal


DEFAULT_BANDS: tuple[Band, ...] = (
    Band(Decimal(0), Decimal(100)),
    Band(Decimal(2), Decimal(80)),
    Band(Decimal(3), Decimal(50)),
    Band(Decimal(4), Decimal(0)),
)

# (level, share %): the level names are those of the organisation's hierarchy.
DEFAULT_SHARES: tuple[tuple[str, Decimal], ...] = (
    ("ward", Decimal(84)),
    ("district", Decimal(9)),
    ("province", Decimal("4.5")),
    ("central", Decimal("2.5")),
)


class BalanceBase(NamedTuple):
    """One part of an organisation's fee base (one programme, say) with the rates for it:
    ``balance`` is the outstanding on which interest was collected, ``interest`` the interest
    collected; either rate may be zero."""

    balance: int
    interest: int
    rate_on_balance: Decimal
    rate_on_interest: Decimal


class Collection(NamedTuple):
    """What a group collected in the month (for one programme, say) and the commission rates."""

    interest: int
    savings: int
    rate_on_interest: Decimal
    rate_on_savings: Decimal


# ---------------------------------------------------------------------------- checks


def _amount(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FeeRuleError(FeeRuleError.BAD_AMOUNT, f"{what} must be whole đồng, got {value!r}")
    if value < 0:
        raise FeeRuleError(FeeRuleError.BAD_AMOUNT, f"{what} cannot be negative, got {value}")
    return value


def _percent(value: object, what: str, code: str = FeeRuleError.BAD_RATE) -> Decimal:
    # A float would carry binary noise into a decided figure: refused, as everywhere money is.
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise FeeRuleError(code, f"{what} must be a Decimal percent, got {value!r}")
    value = Decimal(value)
    if not value.is_finite() or value < 0:
        raise FeeRuleError(code, f"{what} must be a percent of zero or more, got {value}")
    return value


def check_bands(bands: Iterable[tuple]) -> tuple[Band, ...]:
    """Bands as :class:`Band`, checked: the first starts at 0 %, starts strictly increase,
    factors are 0 to 100 %."""
    rows = tuple(Band(*band) for band in bands)
    if not rows:
        raise FeeRuleError(FeeRuleError.BAD_BANDS, "no quality bands given")
    previous = None
    for band in rows:
        start = _percent(band.ratio_from, "band start", FeeRuleError.BAD_BANDS)
        factor = _percent(band.factor, "band factor", FeeRuleError.BAD_BANDS)
        if previous is None and start != _ZERO:
            raise FeeRuleError(FeeRuleError.BAD_BANDS, f"the first band starts at {start} %, not 0")
        if previous is not None and start <= previous:
            raise FeeRuleError(FeeRuleError.BAD_BANDS, f"band starts out of order at {start} %")
        if factor > _HUNDRED:
            raise FeeRuleError(FeeRuleError.BAD_BANDS, f"a factor of {factor} % is above 100 %")
        previous = start
    return rows


def check_shares(shares: Iterable[tuple[str, Decimal]]) -> tuple[tuple[str, Decimal], ...]:
    """Shares checked: named once each, none negative, summing to exactly 100 %."""
    rows = tuple(
        (level, _percent(share, "share", FeeRuleError.BAD_SHARES)) for level, share in shares
    )
    levels = [level for level, _ in rows]
    if not rows or len(set(levels)) != len(levels):
        raise FeeRuleError(FeeRuleError.BAD_SHARES, f"shares must name each level once: {levels}")
    total = sum((share for _, share in rows), _ZERO)
    if total != _HUNDRED:
        raise FeeRuleError(FeeRuleError.BAD_SHARES, f"shares sum to {total} %, not 100 %")
    return rows


# ---------------------------------------------------------------------------- rules


def overdue_ratio(overdue: int, outstanding: int) -> Decimal:
    """The overdue ratio in percent, cut (not rounded) to four decimals for display: a ratio
    shown as 2.0000 % has really reached 2 %, as the band that was applied says."""
    _amount(overdue, "overdue")
    _amount(outstanding, "outstanding")
    if overdue > outstanding:
        raise FeeRuleError(FeeRuleError.BAD_AMOUNT, "overdue cannot exceed outstanding")
    if outstanding == 0:
        return Decimal("0.0000")
    with localcontext() as context:
        context.prec = _PRECISION
        ratio = Decimal(overdue) * _HUNDRED / Decimal(outstanding)
        return ratio.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)


def quality_factor(
    overdue: int, outstanding: int, bands: Iterable[tuple] = DEFAULT_BANDS
) -> Decimal:
    """The factor (percent) of the band the exact overdue ratio falls in. Compared without
    dividing, so a ratio of exactly 2 % is in the 2 % band and 1.99999… % is not."""
    _amount(overdue, "overdue")
    _amount(outstanding, "outstanding")
    if overdue > outstanding:
        raise FeeRuleError(FeeRuleError.BAD_AMOUNT, "overdue cannot exceed outstanding")
    rows = check_bands(bands)
    factor = rows[0].factor
    if outstanding == 0:
        return factor  # nothing lent, nothing overdue: the first band
    with localcontext() as context:
        context.prec = _PRECISION
        for band in rows:
            if Decimal(overdue) * _HUNDRED >= band.ratio_from * Decimal(outstanding):
                factor = band.factor
    return factor


def entrustment_fee(bases: Iterable[tuple], factor: Decimal) -> int:
    """round_half_up(Σ (balance × rate_on_balance + interest × rate_on_interest) ÷ 100
    × factor ÷ 100): the exact fee over all the bases, rounded once."""
    factor = _percent(factor, "factor")
    if factor > _HUNDRED:
        raise FeeRuleError(FeeRuleError.BAD_RATE, f"a factor of {factor} % is above 100 %")
    with localcontext() as context:
        context.prec = _PRECISION
        exact = _ZERO
        for base in (BalanceBase(*b) for b in bases):
            exact += Decimal(_amount(base.balance, "balance")) * _percent(
                base.rate_on_balance, "rate on balance"
            )
            exact += Decimal(_amount(base.interest, "interest")) * _percent(
                base.rate_on_interest, "rate on interest"
            )
        return round_half_up(exact / _HUNDRED * factor / _HUNDRED)


def commission(collections: Iterable[tuple]) -> int:
    """round_half_up(Σ (interest × rate_on_interest + savings × rate_on_savings) ÷ 100)."""
    with localcontext() as context:
        context.prec = _PRECISION
        exact = _ZERO
        for c in (Collection(*row) for row in collections):
            exact += Decimal(_amount(c.interest, "interest")) * _percent(
                c.rate_on_interest, "rate on interest"
            )
            exact += Decimal(_amount(c.savings, "savings")) * _percent(
                c.rate_on_savings, "rate on savings"
            )
        return round_half_up(exact / _HUNDRED)


def split(amount: int, shares: Sequence[tuple[str, Decimal]] = DEFAULT_SHARES) -> tuple:
    """``amount`` split by the shares, ``((level, part), …)`` in the order given.

    Each level gets its exact share rounded down; the đồng left over go one each to the levels
    with the largest remainders (the earlier level first on a tie), so the parts sum exactly to
    ``amount`` and no part is more than one đồng from its exact share.
    """
    _amount(amount, "amount")
    rows = check_shares(shares)
    exact = [Fraction(amount) * Fraction(share) / 100 for _, share in rows]
    parts = [int(x) for x in exact]  # exact shares are not negative: int() is the floor
    left = amount - sum(parts)
    by_remainder = sorted(range(len(rows)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return tuple((level, part) for (level, _), part in zip(rows, parts, strict=True))


# ---------------------------------------------------------------------------- months


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
