from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.notices"
    label = "notices"
    verbose_name = _("Text messages to borrowers")
    default_auto_field = "django.db.models.BigAutoField"
