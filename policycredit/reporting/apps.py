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
        # A large review's file is made by the worker; the jobs app sits below and is told how.
        from policycredit.jobs import kinds
        from policycredit.reporting import review_files

        kinds.register(review_files.KIND)
