"""Risk treatment bands: what a borrower hit by an objective risk is offered, by loss.

A disaster, epidemic, death or illness that destroys part of what a loan financed is treated
according to the share of the loss (the brief's programme rules): below 40 % the debt is
extended (gia hạn nợ); from 40 % to 80 % it may be frozen (khoanh nợ) for up to 36 months; from
80 % to 100 % frozen for up to 60 months, after which it may be written off by decision.

The bands change by government decision, so they are data: a sequence of
``(lower_inclusive, upper_exclusive, action, max_months)`` rows that the programmes app stores
with an effective date and passes in. Bands are half-open so a loss on a boundary (40 %, 80 %)
falls in exactly one band; the top band also takes its upper bound, so a 100 % loss is treated.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from policycredit.domain.errors import LoanRuleError

__all__ = ["DEFAULT_BANDS", "EXTENSION", "FREEZE", "RiskBand", "check_bands", "treatment_for"]

EXTENSION = "extension"
FREEZE = "freeze"

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


class RiskBand(NamedTuple):
    """Losses in [lower, upper) % get ``action`` for at most ``max_months`` (None: no cap here)."""

    lower: Decimal
    upper: Decimal
    action: str
    max_months: int | None


DEFAULT_BANDS: tuple[RiskBand, ...] = (
    RiskBand(Decimal(0), Decimal(40), EXTENSION, None),
    RiskBand(Decimal(40), Decimal(80), FREEZE, 36),
    RiskBand(Decimal(80), Decimal(100), FREEZE, 60),
)


def _percent(value: object, what: str, code: str) -> Decimal:
    """A finite Decimal or int percent; floats are refused like everywhere money is decided."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise LoanRuleError(code, f"{what} must be a Decimal percent, got {value!r}")
    if not Decimal(value).is_finite():
        raise LoanRuleError(code, f"{what} must be a number, got {value}")
    return Decimal(value)


def check_bands(bands: Iterable[tuple]) -> tuple[RiskBand, ...]:
    """Bands as :class:`RiskBand`, checked to cover [0, 100] in order with no gap or overlap."""
    rows = tuple(RiskBand(*band) for band in bands)
    if not rows:
        raise LoanRuleError(LoanRuleError.BAD_BANDS, "no risk bands given")
    expected = _ZERO
    for band in rows:
        lower = _percent(band.lower, "band lower bound", LoanRuleError.BAD_BANDS)
        upper = _percent(band.upper, "band upper bound", LoanRuleError.BAD_BANDS)
        if lower != expected or upper <= lower:
            raise LoanRuleError(
                LoanRuleError.BAD_BANDS,
                f"risk band {band.lower}–{band.upper} % does not continue from {expected} %",
            )
        if not isinstance(band.action, str) or not band.action:
            raise LoanRuleError(LoanRuleError.BAD_BANDS, f"risk band action {band.action!r}")
        months = band.max_months
        if months is not None and (
            isinstance(months, bool) or not isinstance(months, int) or months < 1
        ):
            raise LoanRuleError(LoanRuleError.BAD_BANDS, f"risk band max_months {months!r}")
        expected = upper
    if expected != _HUNDRED:
        raise LoanRuleError(
            LoanRuleError.BAD_BANDS, f"risk bands end at {expected} %, not at 100 %"
        )
    return rows


def treatment_for(loss_percent: Decimal, bands: Iterable[tuple] = DEFAULT_BANDS) -> RiskBand:
    """The band that a loss of ``loss_percent`` % (0 to 100 inclusive) falls in."""
    loss = _percent(loss_percent, "loss_percent", LoanRuleError.LOSS_OUT_OF_RANGE)
    if not _ZERO <= loss <= _HUNDRED:
        raise LoanRuleError(
            LoanRuleError.LOSS_OUT_OF_RANGE, f"loss must be 0 to 100 %, got {loss_percent}"
        )
    rows = check_bands(bands)
    for band in rows:
        if band.lower <= loss < band.upper:
            return band
    return rows[-1]  # loss == 100: the top band includes its upper bound
