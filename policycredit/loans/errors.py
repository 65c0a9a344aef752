"""The engine's rule errors, as messages a user reads in their own language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from policycredit.domain.loan import LoanRuleError


def _messages():
    return {
        "amount_not_positive": _("Amounts must be positive whole numbers of đồng."),
        "interest_overpaid": _("This pays more interest than is due at that date."),
        "principal_overpaid": _("This repays more principal than is owed."),
        "before_first_disbursement": _(
            "Nothing can happen to a loan before its first disbursement."
        ),
        "no_disbursement": _("The loan has no disbursement."),
        "schedule_mismatch": _("The repayment schedule must add up to what was disbursed."),
        "bad_date_order": _("The dates are out of order."),
    }


def as_validation_error(error: LoanRuleError) -> ValidationError:
    # The engine's own line is English and technical; users get their language, and the
    # engine's line stays in the logs of whoever runs `policycredit calc`.
    message = _messages().get(error.code) or _("This would make an impossible loan history.")
    return ValidationError(message, code=error.code)
