"""The one error the loan rules raise, with a stable code per broken rule.

Why one class with codes rather than a class per rule: the services, the API and the
``policycredit calc`` command all catch the same exception and pass ``code`` on to programs
(API responses, tests, translations of the message for screens) and ``message`` to people.
Codes never change once published; messages are one line of English and may be reworded.
"""

from __future__ import annotations

__all__ = ["LoanRuleError"]


class LoanRuleError(ValueError):
    """A loan history or request that breaks a rule of the loan engine."""

    # Amounts and types
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    AMOUNT_NOT_INTEGER = "amount_not_integer"
    BAD_TERMS = "bad_terms"
    BAD_DATE = "bad_date"
    BAD_DATE_ORDER = "bad_date_order"
    # The shape of a history
    NO_DISBURSEMENT = "no_disbursement"
    BEFORE_FIRST_DISBURSEMENT = "before_first_disbursement"
    SCHEDULE_MISMATCH = "schedule_mismatch"
    # Rules checked while the history is replayed
    INTEREST_OVERPAID = "interest_overpaid"
    PRINCIPAL_OVERPAID = "principal_overpaid"
    FREEZE_EXCEEDS_OUTSTANDING = "freeze_exceeds_outstanding"
    WRITE_OFF_EXCEEDS_OUTSTANDING = "write_off_exceeds_outstanding"
    WRITE_OFF_EXCEEDS_DUE = "write_off_exceeds_due"
    # Schedules, risk bands and scenario files
    NO_SUCH_INSTALMENT = "no_such_instalment"
    BAD_SCHEDULE = "bad_schedule"
    BAD_BANDS = "bad_bands"
    LOSS_OUT_OF_RANGE = "loss_out_of_range"
    BAD_SCENARIO = "bad_scenario"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"LoanRuleError({self.code!r}, {self.message!r})"
