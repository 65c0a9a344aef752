from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.loans"
    label = "loans"
    verbose_name = _("Loans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The books' check of what this app keeps (the ledger sits below and cannot import it).
        from policycredit.ledger import checks
        from policycredit.loans.checks import check_loans
        from policycredit.loans.proof import deep_check

        checks.register(check_loans)
        checks.register_deep(deep_check)

        # What a second person's approval carries out (the accounts sit below, too).
        from policycredit.loans.services.approvals import register_acts

        register_acts()
