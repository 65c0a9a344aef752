from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.restructuring"
    label = "restructuring"
    verbose_name = _("Risk and restructuring")
    default_auto_field = "django.db.models.BigAutoField"
