from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.savings"
    label = "savings"
    verbose_name = _("Members' savings")
    default_auto_field = "django.db.models.BigAutoField"
