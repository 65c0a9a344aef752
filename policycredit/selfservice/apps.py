from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.selfservice"
    label = "selfservice"
    verbose_name = _("Borrower self-service")
    default_auto_field = "django.db.models.BigAutoField"
