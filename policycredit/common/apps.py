from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.common"
    label = "common"
    verbose_name = _("Business rules")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The audit log sits below the kernel: the kernel hands it the plain-row writer. (Here,
        # not at the top: both modules import models, which exist once the apps are loaded.)
        from policycredit.audit import services as audit_services
        from policycredit.common import bulk, dbroles

        audit_services.write_rows_with(bulk.insert)
        # After every migrate, the schema's owner grants the application's role what it needs.
        post_migrate.connect(dbroles.grant_after_migrate, sender=self, dispatch_uid="dbroles")
