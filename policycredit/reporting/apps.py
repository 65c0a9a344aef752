from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.reporting"
    label = "reporting"
    verbose_name = _("Reports and dashboards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The close of day rolls each month end up for the reports; it sits below reporting,
        # so reporting hands it the step rather than the close importing reporting.
        from policycredit.closing import steps
        from policycredit.reporting.rollup import month_rollup

        steps.register("month_rollup", month_rollup)
