from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.demo"
    label = "demo"
    verbose_name = _("Demo district")
    default_auto_field = "django.db.models.BigAutoField"
