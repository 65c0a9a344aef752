from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.network"
    label = "network"
    verbose_name = _("Organisations and groups")
    default_auto_field = "django.db.models.BigAutoField"
