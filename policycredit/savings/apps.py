from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.savings"
    label = "savings"
    verbose_name = _("Members' savings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The books' check of what this app keeps (the ledger sits below and cannot import it).
        from policycredit.ledger import checks
        from policycredit.savings.checks import check_savings

        checks.register(check_savings)

        # What a second person's approval carries out (the accounts sit below, too).
        from policycredit.savings.services import register_acts

        register_acts()
