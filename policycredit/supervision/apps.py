from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.supervision"
    label = "supervision"
    verbose_name = _("Supervision and inspection")
    default_auto_field = "django.db.models.BigAutoField"
