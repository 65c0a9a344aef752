"""Overdue interest: how much of a loan's interest is interest on overdue principal, how much of
what was paid settled it, and how much of it is still unpaid.

The engine (:mod:`~policycredit.domain.engine`, with :mod:`~policycredit.domain.accrual`)
accrues interest on overdue principal at the contract rate × the overdue factor, exactly, in
segments of constant balance. Two rules read those segments:

* **settled first.** A payment of interest settles overdue interest before ordinary interest:
  of the interest a loan has paid, the part up to the overdue interest accrued before its last
  interest payment (plus overdue interest brought from earlier books) is overdue interest. The
  books split collected interest by it on the cash basis (``posting.reclassify``), and the loan
  row keeps it (``interest_overdue_paid``).
* **unpaid.** Of the interest due at a date, the overdue part is the overdue interest accrued
  (rounded once) less what was settled, never more than all that is due; the in-term part is
  the rest, so the two add up to the engine's ``interest_due``. The bank's register shows them
  as Lãi tồn QH and Lãi tồn TH.

Where each amount is posted: ``posting.interest_accrued`` (the close's accrual, overdue interest
to its own income account), ``posting.repayment`` (collection) and ``posting.reclassify``.
"""

from __future__ import annotations

from decimal import Decimal

from policycredit.domain.accrual import OVERDUE
from policycredit.domain.engine import LoanState
from policycredit.domain.history import LoanHistory
from policycredit.domain.money import round_half_up

__all__ = ["overdue_interest_settled", "unpaid_interest"]


def overdue_interest_settled(payments, state) -> int:
    """How much of the interest a loan has paid settled interest on overdue principal: overdue
    interest accrued before the last interest payment is taken as settled first. ``payments``
    are the loan's history payments, ``state`` its engine state (with its segments)."""
    days = [x.date for x in payments if x.interest and x.date <= state.as_of]
    if not days:
        return 0
    last = max(days)
    # Overdue interest brought from earlier books is due from the opening, before any payment
    # the engine accepted; it is settled first like the rest.
    accrued = Decimal(state.interest_opening_overdue)
    for segment in state.segments:
        if segment.kind != OVERDUE or segment.start >= last:
            continue
        if segment.end <= last:
            accrued += segment.interest
        else:
            accrued += segment.interest * (last - segment.start).days / segment.days
    return min(state.interest_paid_total, round_half_up(accrued))


def unpaid_interest(history: LoanHistory, state: LoanState) -> tuple[int, int]:
    """(in term, overdue) unpaid interest at the state's date; they sum to ``interest_due``."""
    accrued = sum(
        (s.interest for s in state.segments if s.kind == OVERDUE and s.start < state.as_of),
        Decimal(0),
    )
    settled = overdue_interest_settled(history.payments, state)
    accrued_overdue = state.interest_opening_overdue + round_half_up(accrued)
    overdue = min(max(accrued_overdue - settled, 0), max(state.interest_due, 0))
    return state.interest_due - overdue, overdue
