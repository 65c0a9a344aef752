from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.network"
    label = "network"
    verbose_name = _("Organisations and groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The accounts resolve an organisation officer's scope with the levels below; they
        # sit below the network, which hands them this.
        from policycredit.accounts.selectors import register_below
        from policycredit.network.selectors import organisation_and_below

        register_below("organisation", organisation_and_below)
