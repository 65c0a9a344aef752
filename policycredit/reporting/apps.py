from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.reporting"
    label = "reporting"
    verbose_name = _("Reports and dashboards")
    default_auto_field = "django.db.models.BigAutoField"
