from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.programmes"
    label = "programmes"
    verbose_name = _("Lending programmes")
    default_auto_field = "django.db.models.BigAutoField"
