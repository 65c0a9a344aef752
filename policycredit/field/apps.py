from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.field"
    label = "field"
    verbose_name = _("Field app (offline)")
    default_auto_field = "django.db.models.BigAutoField"
