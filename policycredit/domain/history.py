"""What happened to a loan: the records the engine replays, and the checks that need no replay.

A loan is described by its contract terms and a history of dated facts (disbursements,
payments, freezes, write-offs) plus the repayment schedule as it stands now. Every record is an
immutable value; the Django side builds a :class:`LoanHistory` from its append-only transaction
log and asks the engine for the state at a date. Amounts are ``int`` đồng, rates ``Decimal``
% per month, dates ``datetime.date``: anything else is refused here rather than silently
converted, because a float that slipped in would round money wrongly far from where it came in.

The schedule is the schedule *as it stands*: after an extension or a term adjustment the service
replaces the instalments (see :mod:`policycredit.domain.schedule`). That is sound only because an
extension is granted before the due date it moves; before that date the old due date had no
effect. The schedule for principal coming back from a freeze is the one exception: it belongs to
the freeze (``Freeze.instalments``) because it only exists from the freeze's end.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from policycredit.domain.dates import is_plain_date
from policycredit.domain.errors import LoanRuleError

__all__ = [
    "Disbursement",
    "Freeze",
    "Instalment",
    "LoanHistory",
    "OpeningInterest",
    "Payment",
    "Terms",
    "WriteOff",
    "check_history",
]

DAY_BASES = (30, 365)
_DATE = datetime.date


@dataclass(frozen=True)
class Terms:
    """Contract terms a loan snapshots when it is given.

    ``monthly_rate`` is % per month as the programme quotes it (0.55 means 0.55 %/month).
    ``day_basis`` 30: a day is 1/30 of the monthly rate; 365: a day is 1/365 of the annual rate
    (monthly × 12).
    """

    monthly_rate: Decimal
    overdue_factor: Decimal = Decimal("1.3")
    day_basis: int = 30


@dataclass(frozen=True)
class Disbursement:
    date: datetime.date
    amount: int


@dataclass(frozen=True)
class Instalment:
    """Principal falling due on ``due``; unpaid at the end of that day it is overdue."""

    due: datetime.date
    principal: int


@dataclass(frozen=True)
class Payment:
    date: datetime.date
    interest: int = 0
    principal: int = 0


@dataclass(frozen=True)
class Freeze:
    """Debt frozen (khoanh nợ) from ``start`` (inclusive) to ``end`` (exclusive; None: open).

    ``amount`` of principal, or None for all principal outstanding (in term and overdue) at
    ``start``. ``instalments`` is the new schedule for the principal that comes back at ``end``;
    each falls due after ``end``. Without one, that principal is in term with no due date until
    the service gives it one.
    """

    start: datetime.date
    end: datetime.date | None = None
    amount: int | None = None
    instalments: tuple[Instalment, ...] = ()


@dataclass(frozen=True)
class WriteOff:
    """Debt written off (xóa nợ) by decision on ``date``."""

    date: datetime.date
    principal: int = 0
    interest: int = 0


@dataclass(frozen=True)
class OpeningInterest:
    """Interest a loan brought from books kept before PolicyCredit (the bank's register):
    unpaid on ``date``, in term and overdue, as those books computed it up to the day before.

    It is due from ``date`` like any interest, and it stands for all interest before ``date``:
    the engine accrues from ``date`` on only, so the day(s) between the opening disbursement and
    ``date`` are not counted twice. The overdue part is overdue interest: a payment settles it
    first, as it does overdue interest the engine accrued.
    """

    date: datetime.date
    in_term: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.in_term + self.overdue


@dataclass(frozen=True)
class LoanHistory:
    terms: Terms
    disbursements: tuple[Disbursement, ...]
    instalments: tuple[Instalment, ...]
    payments: tuple[Payment, ...] = ()
    freezes: tuple[Freeze, ...] = ()
    write_offs: tuple[WriteOff, ...] = ()
    opening: OpeningInterest | None = None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_amount(value: object, what: str, *, allow_zero: bool = False) -> None:
    """Whole đồng, positive (or zero where a record carries two amounts)."""
    if type(value) is int and (value > 0 or (allow_zero and value == 0)):
        return  # the common case, checked first: state_at runs for every loan on a sheet
    if not _is_int(value):
        raise LoanRuleError(
            LoanRuleError.AMOUNT_NOT_INTEGER,
            f"{what} must be a whole number of đồng, got {value!r}",
        )
    if value < 0 or (value == 0 and not allow_zero):
        raise LoanRuleError(
            LoanRuleError.AMOUNT_NOT_POSITIVE, f"{what} must be positive, got {value:,}"
        )


def check_date(value: object, what: str) -> None:
    if type(value) is datetime.date:
        return
    if not is_plain_date(value):
        raise LoanRuleError(LoanRuleError.BAD_DATE, f"{what} must be a date, got {value!r}")


def _check_terms(terms: Terms) -> None:
    for name in ("monthly_rate", "overdue_factor"):
        value = getattr(terms, name)
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            raise LoanRuleError(LoanRuleError.BAD_TERMS, f"{name} must be a Decimal, got {value!r}")
        if not Decimal(value).is_finite() or value < 0:
            raise LoanRuleError(
                LoanRuleError.BAD_TERMS, f"{name} must be zero or more, got {value}"
            )
    if terms.day_basis not in DAY_BASES or isinstance(terms.day_basis, bool):
        raise LoanRuleError(
            LoanRuleError.BAD_TERMS, f"day_basis must be 30 or 365, got {terms.day_basis!r}"
        )


def _not_before(day: datetime.date, first: datetime.date, what: str) -> None:
    if day < first:
        raise LoanRuleError(
            LoanRuleError.BEFORE_FIRST_DISBURSEMENT,
            f"{what} on {day} is before the first disbursement on {first}",
        )


def _check_pair(first: object, second: object, what: str, day: datetime.date) -> None:
    """A payment or write-off carries interest and principal: each ≥ 0, not both zero."""
    check_amount(first, f"{what} on {day}: interest", allow_zero=True)
    check_amount(second, f"{what} on {day}: principal", allow_zero=True)
    if first == 0 and second == 0:
        raise LoanRuleError(LoanRuleError.AMOUNT_NOT_POSITIVE, f"{what} on {day} has no amount")


def _check_pairs(records: tuple, what: str, first: datetime.date) -> None:
    """Payments or write-offs: dated, not before ``first``, each amount ≥ 0, not both zero."""
    for item in records:
        day, interest, principal = item.date, item.interest, item.principal
        if (
            type(day) is _DATE
            and day >= first
            and type(interest) is int
            and type(principal) is int
            and interest >= 0
            and principal >= 0
            and (interest or principal)
        ):
            continue
        check_date(day, f"{what} date")
        _check_pair(interest, principal, what, day)
        _not_before(day, first, what)


def check_history(history: LoanHistory) -> datetime.date:
    """Every check that needs no replay, over the whole history; returns the first disbursement.

    These hold for the history as a whole whatever date it is looked at, so they are checked
    even for records dated after the date asked about.
    """
    _check_terms(history.terms)
    if not history.disbursements:
        raise LoanRuleError(LoanRuleError.NO_DISBURSEMENT, "the loan has no disbursement")
    # Each loop tests the common valid case in one expression and only builds messages (the
    # slow part) for a record that fails it: state_at runs for every loan on a sheet.
    for item in history.disbursements:
        if not (type(item.date) is _DATE and type(item.amount) is int and item.amount > 0):
            check_date(item.date, "disbursement date")
            check_amount(item.amount, f"disbursement on {item.date}")
    first = min(item.date for item in history.disbursements)
    disbursed = sum(item.amount for item in history.disbursements)

    for item in history.instalments:
        due, principal = item.due, item.principal
        if not (type(due) is _DATE and due >= first and type(principal) is int and principal > 0):
            check_date(due, "instalment due date")
            check_amount(principal, f"instalment due {due}")
            _not_before(due, first, "instalment due")
    scheduled = sum(item.principal for item in history.instalments)
    if scheduled > disbursed:
        raise LoanRuleError(
            LoanRuleError.SCHEDULE_MISMATCH,
            f"instalments total {scheduled:,} but only {disbursed:,} is disbursed",
        )

    _check_pairs(history.payments, "payment", first)
    _check_pairs(history.write_offs, "write-off", first)
    for item in history.freezes:
        _check_freeze(item, first)
    if history.opening is not None:
        _check_opening(history.opening, first)
    return first


def _check_opening(item: OpeningInterest, first: datetime.date) -> None:
    check_date(item.date, "opening interest date")
    _not_before(item.date, first, "opening interest")
    check_amount(item.in_term, "opening interest in term", allow_zero=True)
    check_amount(item.overdue, "opening interest overdue", allow_zero=True)


def _check_freeze(item: Freeze, first: datetime.date) -> None:
    check_date(item.start, "freeze start")
    _not_before(item.start, first, "freeze")
    if item.amount is not None:
        check_amount(item.amount, f"freeze from {item.start}")
    if item.end is not None:
        check_date(item.end, "freeze end")
        if item.end <= item.start:
            raise LoanRuleError(
                LoanRuleError.BAD_DATE_ORDER,
                f"freeze from {item.start} ends on {item.end}, not after it starts",
            )
    if item.instalments and item.end is None:
        raise LoanRuleError(
            LoanRuleError.SCHEDULE_MISMATCH,
            f"freeze from {item.start} has a schedule for after it ends but no end date",
        )
    for instalment in item.instalments:
        check_date(instalment.due, "instalment due date")
        check_amount(instalment.principal, f"instalment due {instalment.due}")
        if instalment.due <= item.end:
            raise LoanRuleError(
                LoanRuleError.BAD_DATE_ORDER,
                f"instalment due {instalment.due} after the freeze from {item.start} "
                f"must fall due after the freeze ends on {item.end}",
            )
