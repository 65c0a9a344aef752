from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")
    default_auto_field = "django.db.models.BigAutoField"
