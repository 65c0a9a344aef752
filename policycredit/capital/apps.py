from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.capital"
    label = "capital"
    verbose_name = _("Capital")
    default_auto_field = "django.db.models.BigAutoField"
