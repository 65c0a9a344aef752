from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.creditplans"
    label = "creditplans"
    verbose_name = _("Credit plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Reporting sits below the credit plans: they hand it their report and dashboard panel.
        from policycredit.creditplans import report
        from policycredit.reporting.dashboard import register_panel
        from policycredit.reporting.selectors import register_report

        register_report("credit_plan", _("Credit plan against what was done"), report.build)
        register_panel(report.panel)
