from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.boards"
    label = "boards"
    verbose_name = _("Boards of Representatives")
    default_auto_field = "django.db.models.BigAutoField"
