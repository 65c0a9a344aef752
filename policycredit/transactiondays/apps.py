from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    # Not "sessions": that label belongs to django.contrib.sessions.
    name = "policycredit.transactiondays"
    label = "transactiondays"
    verbose_name = _("Transaction days")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The jobs app sits below and runs the point's PDF for us: we hand it the kind.
        from policycredit.jobs import kinds
        from policycredit.transactiondays import sheet_job

        kinds.register(sheet_job.KIND)
