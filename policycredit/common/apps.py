from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.common"
    label = "common"
    verbose_name = _("Business rules")
    default_auto_field = "django.db.models.BigAutoField"
