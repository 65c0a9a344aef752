from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.capital"
    label = "capital"
    verbose_name = _("Capital")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The books' check of what this app keeps (the ledger sits below and cannot import it).
        from policycredit.capital.checks import check_capital
        from policycredit.ledger import checks

        checks.register(check_capital)

        # What a second person's approval carries out (the accounts sit below, too).
        from policycredit.capital.services import register_acts

        register_acts()
