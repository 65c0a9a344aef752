"""The loan engine: the state of a loan at any date, replayed from its history in closed form.

Design overview
===============

Entities. A loan is its :class:`~policycredit.domain.history.Terms` (monthly rate in %, overdue
factor, day basis) and a :class:`~policycredit.domain.history.LoanHistory`: disbursements,
the instalment schedule as it stands, payments (interest and/or principal), freezes (khoanh
nợ) and write-offs (xóa nợ). Every record is immutable; money is ``int`` đồng, rates
``Decimal``. Nothing here knows about Django: the services turn their transaction log into a
history and call :func:`state_at`.

Replay. :func:`state_at` sorts the records dated up to ``as_of`` into days and walks the days
that have an event, never the days in between, so its cost grows with the number of events, not
with the age of the loan. Events of a day happen at its start, in this order:

0. interest brought from earlier books (:class:`~policycredit.domain.history.OpeningInterest`)
   becomes due, and accrual starts (nothing accrues before it: it stands for that time);
1. instalments due the day before and still unpaid become overdue;
2. freezes ending that day give their principal back (in term, with their new schedule);
3. disbursements;
4. payments (interest first checked against what is due, then principal allocated);
5. freezes starting that day;
6. write-offs.

The balances after a day's events accrue for that whole day: a disbursement accrues from its own
day, principal repaid on day D stops accruing on D, an instalment due on D and unpaid is overdue
(and accrues overdue interest) from D+1. The state "at as_of" is after as_of's events, with
interest accrued up to but not including as_of.

Where principal sits and how payments, freezes and write-offs move it is
:mod:`policycredit.domain.principal`; how interest is summed exactly is
:mod:`policycredit.domain.accrual`.

Invariants, checked by the property tests:

* disbursed = repaid + outstanding + written off, with outstanding = in term + overdue + frozen;
* no balance is ever negative;
* interest over [a, c) = interest over [a, b) + interest over [b, c), exactly;
* interest due at t = opening interest (if dated ≤ t) + round_half_up(exact interest accrued
  before t, from the opening interest's date if there is one) − interest paid − interest
  written off, so collecting every month or once at the end gives the same total;
* the order in which same-day records are listed does not change the state.

Errors. A history that breaks a rule raises
:class:`~policycredit.domain.errors.LoanRuleError` with a stable ``code``; shape checks
(amounts, dates, schedule total) cover the whole history, rule checks that need the replay
(interest or principal paid beyond what is owed) cover records up to ``as_of``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from policycredit.domain.accrual import (
    DayRates,
    InterestMeter,
    Segment,
    round_exact,
    shown,
)
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.history import Instalment, LoanHistory, check_date, check_history
from policycredit.domain.principal import PrincipalBook

__all__ = ["LoanState", "interest_between", "interest_between_exact", "state_at"]

_ONE_DAY = datetime.timedelta(days=1)

# Order of events within one day (see the module docstring).
_OPEN, _FALL_DUE, _UNFREEZE, _DISBURSE, _PAY, _FREEZE, _WRITE_OFF = range(7)


@dataclass(frozen=True)
class LoanState:
    """A loan as of a date: after that day's events, interest accrued up to the day before."""

    as_of: datetime.date
    disbursed_total: int
    principal_outstanding: int
    principal_in_term: int
    principal_overdue: int
    principal_frozen: int
    principal_repaid_total: int
    principal_written_off: int
    interest_accrued_exact: Decimal
    interest_accrued_total: int
    interest_paid_total: int
    interest_written_off: int
    interest_due: int
    overdue_since: datetime.date | None
    next_due: Instalment | None
    remaining_instalments: tuple[Instalment, ...]
    segments: tuple[Segment, ...]
    # Interest brought from earlier books (counted in interest_due, not in interest_accrued_*).
    interest_opening: int = 0
    interest_opening_overdue: int = 0


def state_at(history: LoanHistory, as_of: datetime.date) -> LoanState:
    """The state of the loan at ``as_of``; raises LoanRuleError if the history breaks a rule."""
    check_date(as_of, "as_of")
    first = check_history(history)
    if as_of < first:
        raise LoanRuleError(
            LoanRuleError.BEFORE_FIRST_DISBURSEMENT,
            f"as_of {as_of} is before the first disbursement on {first}",
        )
    return _Replay(history, first, as_of).run()


def interest_between_exact(
    history: LoanHistory, start: datetime.date, end: datetime.date
) -> Fraction:
    """Exact interest accrued over the days [start, end), as a rational number."""
    check_date(start, "start")
    check_date(end, "end")
    if end < start:
        raise LoanRuleError(
            LoanRuleError.BAD_DATE_ORDER, f"interest from {start} to {end}: end is before start"
        )
    first = check_history(history)
    rates = DayRates(history.terms)
    if end <= first:
        return Fraction(0)
    state = _Replay(history, first, end).run()
    numerator = 0
    for segment in state.segments:
        days = (min(segment.end, end) - max(segment.start, start)).days
        if days > 0:
            numerator += rates.numerator(segment.balance, days, segment.kind)
    return rates.fraction(numerator)


def interest_between(history: LoanHistory, start: datetime.date, end: datetime.date) -> Decimal:
    """Interest accrued over [start, end), unrounded (exact if it terminates, else 12 places).

    For exact sums of several periods use :func:`interest_between_exact`.
    """
    value = interest_between_exact(history, start, end)
    return shown(value.numerator, value.denominator)


class _Replay:
    """One pass over a history up to ``as_of``."""

    def __init__(self, history: LoanHistory, first: datetime.date, as_of: datetime.date) -> None:
        self.history = history
        self.as_of = as_of
        self.book = PrincipalBook()
        self.book.schedule(history.instalments)
        self.meter = InterestMeter(DayRates(history.terms), first)
        self.interest_paid = 0
        self.interest_written_off = 0
        self.opening = 0
        self.opening_overdue = 0
        # Before the opening interest's date nothing accrues: the opening figure stands for it.
        opening = history.opening
        self.accrues_from = opening.date if opening is not None else first

    def run(self) -> LoanState:
        events = self._events()
        book, meter = self.book, self.meter
        index, count = 0, len(events)
        while index < count:
            day = events[index][0]
            book.fall_due(day)
            while index < count and events[index][0] == day:
                _, kind, key, record = events[index]
                if kind == _OPEN:
                    self.opening, self.opening_overdue = record.total, record.overdue
                elif kind == _UNFREEZE:
                    self._unfreeze(key, record)
                elif kind == _DISBURSE:
                    book.disburse(record.amount)
                elif kind == _PAY:
                    self._pay(record)
                elif kind == _FREEZE:
                    self._freeze(key, record)
                elif kind == _WRITE_OFF:
                    self._write_off(record)
                index += 1
            if day >= self.accrues_from:
                meter.move_to(day, book.in_term, book.overdue_total)
        return self._state()

    def _events(self) -> list[tuple]:
        as_of, history = self.as_of, self.history
        events: list[tuple] = []
        if history.opening is not None and history.opening.date <= as_of:
            events.append((history.opening.date, _OPEN, 0, history.opening))
        for key, item in enumerate(history.disbursements):
            if item.date <= as_of:
                events.append((item.date, _DISBURSE, key, item))
        for key, item in enumerate(history.payments):
            if item.date <= as_of:
                events.append((item.date, _PAY, key, item))
        for key, item in enumerate(history.write_offs):
            if item.date <= as_of:
                events.append((item.date, _WRITE_OFF, key, item))
        instalments = list(history.instalments)
        for key, item in enumerate(history.freezes):
            if item.start <= as_of:
                events.append((item.start, _FREEZE, key, item))
            if item.end is not None and item.end <= as_of:
                events.append((item.end, _UNFREEZE, key, item))
                instalments.extend(item.instalments)
        for item in instalments:
            day = item.due + _ONE_DAY
            if day <= as_of:
                events.append((day, _FALL_DUE, 0, None))
        events.sort(key=lambda event: event[:3])
        return events

    def _interest_due(self, day: datetime.date) -> int:
        return (
            self.opening
            + self.meter.rounded_until(day)
            - self.interest_paid
            - self.interest_written_off
        )

    def _pay(self, payment) -> None:
        if payment.interest:
            due = self._interest_due(payment.date)
            if payment.interest > due:
                raise LoanRuleError(
                    LoanRuleError.INTEREST_OVERPAID,
                    f"payment on {payment.date} pays {payment.interest:,} interest "
                    f"but only {due:,} is due",
                )
            self.interest_paid += payment.interest
        if payment.principal:
            owed = self.book.outstanding
            if payment.principal > owed:
                raise LoanRuleError(
                    LoanRuleError.PRINCIPAL_OVERPAID,
                    f"payment on {payment.date} repays {payment.principal:,} principal "
                    f"but only {owed:,} is outstanding",
                )
            self.book.repay(payment.principal)

    def _write_off(self, write_off) -> None:
        if write_off.interest:
            due = self._interest_due(write_off.date)
            if write_off.interest > due:
                raise LoanRuleError(
                    LoanRuleError.WRITE_OFF_EXCEEDS_DUE,
                    f"write-off on {write_off.date} removes {write_off.interest:,} interest "
                    f"but only {due:,} is due",
                )
            self.interest_written_off += write_off.interest
        if write_off.principal:
            owed = self.book.outstanding
            if write_off.principal > owed:
                raise LoanRuleError(
                    LoanRuleError.WRITE_OFF_EXCEEDS_OUTSTANDING,
                    f"write-off on {write_off.date} removes {write_off.principal:,} principal "
                    f"but only {owed:,} is outstanding",
                )
            self.book.write_off(write_off.principal)

    def _freeze(self, key: int, freeze) -> None:
        available = self.book.unfrozen
        amount = available if freeze.amount is None else freeze.amount
        if amount == 0 or amount > available:
            raise LoanRuleError(
                LoanRuleError.FREEZE_EXCEEDS_OUTSTANDING,
                f"freeze from {freeze.start} of {amount:,} principal "
                f"but {available:,} is outstanding and not frozen",
            )
        self.book.freeze(key, amount)

    def _unfreeze(self, key: int, freeze) -> None:
        returned = self.book.unfreeze(key)
        scheduled = sum(item.principal for item in freeze.instalments)
        if scheduled > returned:
            raise LoanRuleError(
                LoanRuleError.SCHEDULE_MISMATCH,
                f"freeze ending {freeze.end} schedules {scheduled:,} "
                f"but only {returned:,} principal comes back",
            )
        self.book.schedule(freeze.instalments)

    def _state(self) -> LoanState:
        book, as_of = self.book, self.as_of
        segments, numerator = self.meter.finish(as_of)
        denominator = self.meter.rates.denominator
        accrued = round_exact(numerator, denominator)
        remaining = tuple(
            Instalment(due=due, principal=amount) for due, amount in book.claims if amount > 0
        )
        return LoanState(
            as_of=as_of,
            disbursed_total=book.disbursed,
            principal_outstanding=book.outstanding,
            principal_in_term=book.in_term,
            principal_overdue=book.overdue_total,
            principal_frozen=book.frozen_total,
            principal_repaid_total=book.repaid,
            principal_written_off=book.written_off,
            interest_accrued_exact=shown(numerator, denominator),
            interest_accrued_total=accrued,
            interest_paid_total=self.interest_paid,
            interest_written_off=self.interest_written_off,
            interest_due=self.opening + accrued - self.interest_paid - self.interest_written_off,
            overdue_since=book.overdue[0][0] + _ONE_DAY if book.overdue else None,
            next_due=remaining[0] if remaining else None,
            remaining_instalments=remaining,
            segments=segments,
            interest_opening=self.opening,
            interest_opening_overdue=self.opening_overdue,
        )
