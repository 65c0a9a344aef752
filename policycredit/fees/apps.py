from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.fees"
    label = "fees"
    verbose_name = _("Fees and commissions")
    default_auto_field = "django.db.models.BigAutoField"
