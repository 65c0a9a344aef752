from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.closing"
    label = "closing"
    verbose_name = _("Close of day")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The balances at a rate follow every loan the loans' services post (the loans sit
        # below the close and tell it by a signal).
        from policycredit.closing import buckets
        from policycredit.loans.signals import balances_opened, loans_moved

        loans_moved.connect(buckets.follow_loans, dispatch_uid="closing.buckets")
        balances_opened.connect(buckets.follow_opened, dispatch_uid="closing.buckets.opened")
        # The close of several days asked from the web runs in the worker (the jobs sit below).
        from policycredit.closing import catch_up
        from policycredit.jobs import kinds

        kinds.register(catch_up.KIND)
