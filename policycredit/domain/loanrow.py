"""What a loan's current-state row holds, derived from the engine's state: one rule, used where
the row is written (`loans.services`) and where it is proved (`loans.proof`).

The row is a cache. Its status is the worst class any principal is in (frozen, then overdue,
then in term), or settled / written off once nothing is outstanding; the in-term principal is
the outstanding less overdue and frozen; the debt group counts the days past due from the day
the oldest unpaid instalment fell overdue, that day being day 1. Once nothing is outstanding
the interest still owed stops changing, and the row keeps it (``interest_left``).
"""

from __future__ import annotations

import datetime

from policycredit.domain.engine import LoanState
from policycredit.domain.overdue_interest import overdue_interest_settled
from policycredit.domain.posting import debt_group

ACTIVE, OVERDUE, FROZEN, SETTLED, WRITTEN_OFF = (
    "active",
    "overdue",
    "frozen",
    "settled",
    "written_off",
)
OPEN_STATUSES = (ACTIVE, OVERDUE, FROZEN)

# The fields of the row this module derives, in the order a difference is reported.
FIELDS = (
    "status",
    "disbursed_total",
    "principal_outstanding",
    "principal_in_term",
    "principal_overdue",
    "principal_frozen",
    "principal_repaid_total",
    "principal_written_off",
    "interest_paid_total",
    "interest_overdue_paid",
    "overdue_since",
    "next_due",
    "debt_group",
    "interest_left",
)


def in_term(outstanding: int, overdue: int, frozen: int) -> int:
    """Principal in term: what is outstanding and neither overdue nor frozen. The row does not
    store it; queries over many rows mirror this (``loans.selectors.IN_TERM``)."""
    return outstanding - overdue - frozen


def status_of(state: LoanState) -> str:
    return status_from(
        state.principal_outstanding,
        state.principal_overdue,
        state.principal_frozen,
        state.principal_written_off,
    )


def status_from(outstanding: int, overdue: int, frozen: int, written_off: int) -> str:
    if outstanding == 0:
        return WRITTEN_OFF if written_off else SETTLED
    if frozen:
        return FROZEN
    if overdue:
        return OVERDUE
    return ACTIVE


def days_past_due(state: LoanState, day: datetime.date) -> int:
    return (day - state.overdue_since).days + 1 if state.overdue_since else 0


def row_of(state: LoanState, payments, thresholds) -> dict:
    """The row's derived fields for a state as of ``state.as_of`` (``payments``: the history's,
    for the overdue interest they settled; ``thresholds``: the debt-group rule in force)."""
    return {
        "status": status_of(state),
        "disbursed_total": state.disbursed_total,
        "principal_outstanding": state.principal_outstanding,
        "principal_in_term": state.principal_in_term,
        "principal_overdue": state.principal_overdue,
        "principal_frozen": state.principal_frozen,
        "principal_repaid_total": state.principal_repaid_total,
        "principal_written_off": state.principal_written_off,
        "interest_paid_total": state.interest_paid_total,
        "interest_overdue_paid": overdue_interest_settled(payments, state),
        "overdue_since": state.overdue_since,
        "next_due": state.next_due.due if state.next_due else None,
        "debt_group": debt_group(days_past_due(state, state.as_of), thresholds),
        "interest_left": 0 if state.principal_outstanding else state.interest_due,
    }
