from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.registers"
    label = "registers"
    verbose_name = _("Bank registers (import and export)")
    default_auto_field = "django.db.models.BigAutoField"
