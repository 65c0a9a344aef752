from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.budgets"
    label = "budgets"
    verbose_name = _("Local budget capital")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The capital app sits below: it links a transfer to its plan once the decision is in
        # the books (at once or on approval), and its books' check counts recalls and
        # hand-overs beside the decisions.
        from policycredit.budgets import selectors, services
        from policycredit.capital import selectors as capital_selectors
        from policycredit.capital import services as capital_services

        capital_services.register_link(services.LINK, services.link_transfer)
        capital_selectors.register_movements(selectors.movements)
