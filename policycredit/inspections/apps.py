from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.inspections"
    label = "inspections"
    verbose_name = _("Field checks")
    default_auto_field = "django.db.models.BigAutoField"
