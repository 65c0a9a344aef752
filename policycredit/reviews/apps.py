from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "policycredit.reviews"
    label = "reviews"
    verbose_name = _("Review documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The Directive 40 review's Word file and PDF are this app's document; reporting sits
        # below and is told how to make them rather than importing this app.
        from policycredit.reporting import documents
        from policycredit.reviews import services

        documents.register("directive40", "docx", services.writer("docx"), documents.DOCX)
        documents.register("directive40", "pdf", services.writer("pdf"), documents.PDF)
