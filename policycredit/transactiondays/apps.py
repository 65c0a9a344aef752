from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    # Not "sessions": that label belongs to django.contrib.sessions.
    name = "policycredit.transactiondays"
    label = "transactiondays"
    verbose_name = _("Transaction days")
    default_auto_field = "django.db.models.BigAutoField"
