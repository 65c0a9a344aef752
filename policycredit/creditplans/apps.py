from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.creditplans"
    label = "creditplans"
    verbose_name = _("Credit plans")
    default_auto_field = "django.db.models.BigAutoField"
