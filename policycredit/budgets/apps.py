from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.budgets"
    label = "budgets"
    verbose_name = _("Local budget capital")
    default_auto_field = "django.db.models.BigAutoField"
