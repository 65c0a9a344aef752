from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.closing"
    label = "closing"
    verbose_name = _("Close of day")
    default_auto_field = "django.db.models.BigAutoField"
