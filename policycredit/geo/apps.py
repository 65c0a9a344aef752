from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.geo"
    label = "geo"
    verbose_name = _("Places and offices")
    default_auto_field = "django.db.models.BigAutoField"
