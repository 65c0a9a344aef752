from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.calendar"
    label = "calendar"
    verbose_name = _("Transaction-day calendar")
    default_auto_field = "django.db.models.BigAutoField"
