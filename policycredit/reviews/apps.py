from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.reviews"
    label = "reviews"
    verbose_name = _("Review documents")
    default_auto_field = "django.db.models.BigAutoField"
