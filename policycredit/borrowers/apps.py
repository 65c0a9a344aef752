from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.borrowers"
    label = "borrowers"
    verbose_name = _("Borrowers")
    default_auto_field = "django.db.models.BigAutoField"
