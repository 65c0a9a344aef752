from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.loans"
    label = "loans"
    verbose_name = _("Loans")
    default_auto_field = "django.db.models.BigAutoField"
