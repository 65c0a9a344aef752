"""Every write of the loan life: applications and their steps, disbursement, repayment,
extension (of an instalment or the whole loan), term adjustment, freeze, unfreeze, write-off,
transfer of the debt, reversal.

Each money service locks the loan row, appends a transaction, lets the pure engine validate
the whole history (it refuses overpayments, dates before the first disbursement, negative
balances) and derives the loan's current state again, all in one database transaction. Two
tellers posting to one loan at once therefore queue on the lock and neither update is lost.

The writes live in four modules: `applications`, `disbursement`, `events` (after disbursement)
and `state` (the log, the derived row, the books). Import them from here.
"""

from policycredit.domain.schedule import default_schedule
from policycredit.loans.services.applications import (
    advance_application,
    application_problems,
    submit_application,
)
from policycredit.loans.services.disbursement import (
    LoanRequest,
    disburse,
    originate_many,
    source_room,
)
from policycredit.loans.services.events import (
    adjust_terms,
    collect_many,
    extend,
    extend_whole,
    freeze,
    record_verified_jobs,
    record_verified_jobs_many,
    repay,
    reverse,
    transfer_debt,
    unfreeze,
    write_off,
)
from policycredit.loans.services.state import EVENTS, refresh_states

__all__ = [
    "EVENTS",
    "LoanRequest",
    "adjust_terms",
    "advance_application",
    "application_problems",
    "collect_many",
    "default_schedule",
    "disburse",
    "extend",
    "extend_whole",
    "freeze",
    "originate_many",
    "record_verified_jobs",
    "record_verified_jobs_many",
    "refresh_states",
    "repay",
    "reverse",
    "source_room",
    "submit_application",
    "transfer_debt",
    "unfreeze",
    "write_off",
]
