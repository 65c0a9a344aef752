"""Repayment schedules (kỳ hạn trả nợ): pure functions from terms to tuples of instalments.

Principal is repaid in equal parts per repayment period; integer division leaves a remainder,
which goes on the LAST instalment (so every earlier instalment is the same round amount the
borrower remembers, and the last one settles the loan exactly). Due dates step by whole
calendar months from the first due date, the day clamped to the month's end
(:func:`~policycredit.domain.dates.add_months`).

The engine takes the schedule as it stands. Changing it is a service decision recorded in the
loan's log; these helpers only compute the new schedule:

* :func:`extend` (gia hạn nợ) moves an instalment to a later date. An extension must be granted
  before the due date it moves: the engine replays the current schedule over the whole history,
  which is only right if the old date never had an effect. The service enforces it.
* :func:`adjust_terms` (điều chỉnh kỳ hạn nợ) re-spreads the principal due from a date on over
  new repayment periods.
* :func:`extend_whole` (gia hạn nợ for the whole loan) moves every instalment from a date on by
  whole months; :func:`extension_ceiling` and :func:`within_ceiling` say how far a loan's
  extensions may reach beyond its original maturity (the programme's rule, given as data).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from policycredit.domain.dates import add_months
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.history import Disbursement, Instalment, check_amount

__all__ = [
    "GRADUATION_WAIT_MONTHS",
    "SHORT_TERM_MONTHS",
    "adjust_terms",
    "bullet",
    "equal_instalments",
    "extend",
    "extend_whole",
    "extension_ceiling",
    "for_disbursements",
    "maturity",
    "student_loan",
    "total",
    "with_grace",
    "within_ceiling",
]

# Students start repaying 12 months after they graduate (programme rule in the brief).
GRADUATION_WAIT_MONTHS = 12


def default_schedule(amount: int, on: datetime.date, term_months: int) -> list[Instalment]:
    """The schedule a loan gets when its contract sets none: equal principal every 12 months,
    the last instalment at the end of the term (so a 30-month loan pays at 12, 24 and 30
    months), the remainder of the division on the last."""
    months = [*range(12, term_months, 12), term_months]
    part, remainder = divmod(amount, len(months))
    return [
        Instalment(add_months(on, m), part + (remainder if i == len(months) - 1 else 0))
        for i, m in enumerate(months)
    ]


def total(instalments: Iterable[Instalment]) -> int:
    return sum(item.principal for item in instalments)


def equal_instalments(
    amount: int, first_due: datetime.date, count: int, months_between: int = 1
) -> tuple[Instalment, ...]:
    """``count`` instalments of amount // count every ``months_between`` months; remainder last."""
    check_amount(amount, "scheduled amount")
    if not isinstance(count, int) or count < 1:
        raise LoanRuleError(LoanRuleError.BAD_SCHEDULE, f"count must be 1 or more, got {count}")
    if not isinstance(months_between, int) or months_between < 1:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE,
            f"months_between must be 1 or more, got {months_between}",
        )
    part, remainder = divmod(amount, count)
    if part == 0:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE,
            f"{amount:,} cannot be split into {count} instalments of at least 1 đồng",
        )
    return tuple(
        Instalment(
            due=add_months(first_due, index * months_between),
            principal=part + (remainder if index == count - 1 else 0),
        )
        for index in range(count)
    )


def bullet(amount: int, due: datetime.date) -> tuple[Instalment, ...]:
    """All principal at the end of the term."""
    check_amount(amount, "scheduled amount")
    return (Instalment(due=due, principal=amount),)


def with_grace(
    amount: int,
    disbursed_on: datetime.date,
    grace_months: int,
    count: int,
    months_between: int = 1,
) -> tuple[Instalment, ...]:
    """Equal instalments after a grace period (thời gian ân hạn) with no principal due.

    The first instalment falls due one repayment period after the grace period ends:
    disbursed_on + grace_months + months_between. ``grace_months=0`` is a plain schedule.
    """
    if not isinstance(grace_months, int) or grace_months < 0:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE, f"grace_months must be 0 or more, got {grace_months}"
        )
    first_due = add_months(disbursed_on, grace_months + months_between)
    return equal_instalments(amount, first_due, count, months_between)


def for_disbursements(
    disbursements: Iterable[Disbursement],
    first_due: datetime.date,
    count: int,
    months_between: int = 1,
) -> tuple[Instalment, ...]:
    """One schedule covering the total of several disbursements, first due after the last one."""
    items = tuple(disbursements)
    if not items:
        raise LoanRuleError(LoanRuleError.NO_DISBURSEMENT, "no disbursement to schedule")
    last = max(item.date for item in items)
    if first_due <= last:
        raise LoanRuleError(
            LoanRuleError.BAD_DATE_ORDER,
            f"first instalment due {first_due} must come after the last disbursement on {last}",
        )
    return equal_instalments(sum(item.amount for item in items), first_due, count, months_between)


def student_loan(
    disbursements: Iterable[Disbursement],
    graduation: datetime.date,
    study_months: int,
    repayment_months: int | None = None,
    months_between: int = 1,
) -> tuple[Instalment, ...]:
    """Student loan (cho vay học sinh, sinh viên): repaid after graduation.

    Disbursed per semester; the first instalment falls due 12 months after ``graduation``; the
    principal is repaid in equal parts every ``months_between`` months over a repayment period
    of ``repayment_months`` (default and maximum: the study period). The period is counted in
    instalments: repayment_months // months_between of them, the first on graduation + 12
    months, so the last falls due within the repayment period.
    """
    items = tuple(disbursements)
    if not items:
        raise LoanRuleError(LoanRuleError.NO_DISBURSEMENT, "no disbursement to schedule")
    if not isinstance(study_months, int) or study_months < 1:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE, f"study_months must be 1 or more, got {study_months}"
        )
    period = study_months if repayment_months is None else repayment_months
    if not isinstance(period, int) or not 1 <= period <= study_months:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE,
            f"repayment period must be 1 to {study_months} months (the study period), got {period}",
        )
    if not isinstance(months_between, int) or not 1 <= months_between <= period:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE,
            f"months_between must be 1 to {period}, got {months_between}",
        )
    first_due = add_months(graduation, GRADUATION_WAIT_MONTHS)
    return for_disbursements(items, first_due, period // months_between, months_between)


def extend(
    instalments: Iterable[Instalment],
    due: datetime.date,
    new_due: datetime.date,
    amount: int | None = None,
) -> tuple[Instalment, ...]:
    """Extension (gia hạn nợ): principal due on ``due`` (all, or ``amount``) moves to ``new_due``.

    Must be granted before ``due``; the service checks that against the business date.
    """
    items = list(instalments)
    if new_due <= due:
        raise LoanRuleError(
            LoanRuleError.BAD_DATE_ORDER,
            f"extension of the instalment due {due} must move it later, not to {new_due}",
        )
    on_due = sum(item.principal for item in items if item.due == due)
    if on_due == 0:
        raise LoanRuleError(LoanRuleError.NO_SUCH_INSTALMENT, f"no instalment is due on {due}")
    moved = on_due if amount is None else amount
    check_amount(moved, f"extended amount of the instalment due {due}")
    if moved > on_due:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE,
            f"cannot extend {moved:,} of the instalment due {due}: it is {on_due:,}",
        )
    kept = [item for item in items if item.due != due]
    if moved < on_due:
        kept.append(Instalment(due=due, principal=on_due - moved))
    kept.append(Instalment(due=new_due, principal=moved))
    return _merged(kept)


def adjust_terms(
    instalments: Iterable[Instalment],
    from_due: datetime.date,
    first_due: datetime.date,
    count: int,
    months_between: int = 1,
) -> tuple[Instalment, ...]:
    """Term adjustment (điều chỉnh kỳ hạn nợ): re-spread the principal due on or after ``from_due``.

    Instalments before ``from_due`` are kept; those on or after it are replaced by ``count``
    equal instalments from ``first_due`` (not before ``from_due``) for the same total.
    """
    items = list(instalments)
    if first_due < from_due:
        raise LoanRuleError(
            LoanRuleError.BAD_DATE_ORDER,
            f"adjusted schedule starts {first_due}, before the adjusted part from {from_due}",
        )
    kept = [item for item in items if item.due < from_due]
    moved = total(item for item in items if item.due >= from_due)
    if moved == 0:
        raise LoanRuleError(
            LoanRuleError.NO_SUCH_INSTALMENT, f"no instalment is due on or after {from_due}"
        )
    return _merged(kept + list(equal_instalments(moved, first_due, count, months_between)))


def extend_whole(
    instalments: Iterable[Instalment], on: datetime.date, months: int
) -> tuple[Instalment, ...]:
    """Extension of the whole loan: every instalment due on or after ``on`` moves ``months``
    later, on the same day of the month (clamped to the month's end, so two instalments may
    meet on one date and are merged). Those due before ``on`` stay where they are: an
    instalment already fallen due is overdue, and an extension cannot reach back to it."""
    items = list(instalments)
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise LoanRuleError(
            LoanRuleError.BAD_SCHEDULE, f"an extension moves by 1 month or more, got {months!r}"
        )
    if not any(item.due >= on for item in items):
        raise LoanRuleError(
            LoanRuleError.NO_SUCH_INSTALMENT, f"no instalment is due on or after {on}"
        )
    return _merged(
        [
            item if item.due < on else Instalment(add_months(item.due, months), item.principal)
            for item in items
        ]
    )


def maturity(instalments: Iterable[Instalment]) -> datetime.date | None:
    """The last due date of a schedule (None for an empty one)."""
    return max((item.due for item in instalments), default=None)


# Credit up to a year is short-term, longer is medium or long-term (the central bank's
# classes of loan term, Circular 39/2016/TT-NHNN).
SHORT_TERM_MONTHS = 12


def extension_ceiling(term_months: int, short_percent: int, long_percent: int) -> int:
    """The most months a loan's extensions may add to its original maturity: a share of its
    original term, one share for short-term loans and another for medium and long-term ones
    (the programme's rule, :class:`ProgrammeTerms`); whole months, rounded down."""
    percent = short_percent if term_months <= SHORT_TERM_MONTHS else long_percent
    return term_months * percent // 100


def within_ceiling(original: datetime.date, new: datetime.date, ceiling_months: int) -> bool:
    """Whether a maturity moved from ``original`` to ``new`` stays within ``ceiling_months``
    (counted in calendar months from the original maturity, clamped like the due dates)."""
    return new <= add_months(original, ceiling_months)


def _merged(items: list[Instalment]) -> tuple[Instalment, ...]:
    """Sorted by due date, one instalment per date."""
    by_due: dict[datetime.date, int] = {}
    for item in items:
        by_due[item.due] = by_due.get(item.due, 0) + item.principal
    return tuple(Instalment(due=due, principal=by_due[due]) for due in sorted(by_due))
