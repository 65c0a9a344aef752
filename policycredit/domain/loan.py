"""The loan engine's public face: import everything about a loan's money from here.

    from policycredit.domain.loan import LoanHistory, Terms, Disbursement, state_at

The records live in :mod:`~policycredit.domain.history`, the exact interest arithmetic in
:mod:`~policycredit.domain.accrual`, the principal allocation in
:mod:`~policycredit.domain.principal` and the replay (with the design overview) in
:mod:`~policycredit.domain.engine`. This module only gathers the names the rest of the project
relies on, so internals can move without breaking imports.
"""

from policycredit.domain.accrual import IN_TERM, OVERDUE, Segment
from policycredit.domain.engine import (
    LoanState,
    interest_between,
    interest_between_exact,
    state_at,
)
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.history import (
    Disbursement,
    Freeze,
    Instalment,
    LoanHistory,
    OpeningInterest,
    Payment,
    Terms,
    WriteOff,
)

__all__ = [
    "IN_TERM",
    "OVERDUE",
    "Disbursement",
    "Freeze",
    "Instalment",
    "LoanHistory",
    "LoanRuleError",
    "LoanState",
    "OpeningInterest",
    "Payment",
    "Segment",
    "Terms",
    "WriteOff",
    "interest_between",
    "interest_between_exact",
    "state_at",
]
