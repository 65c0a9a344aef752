"""The review's wording on the administrator's screens: the template with its sections inline.
Saves go through the services (checked and audited); nothing is deleted — a new wording gets a
new start date, or the old one is edited (its history keeps every change)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin, ScopedStackedInline
from policycredit.reviews import selectors, services, tables
from policycredit.reviews.models import ReviewSection, ReviewTemplate
from policycredit.reviews.variables import names


class SectionInline(ScopedStackedInline):
    model = ReviewSection
    service = staticmethod(services.save_section)
    fields = ["position", "heading", "body", "tables"]
    ordering = ["position"]


@admin.register(ReviewTemplate)
class ReviewTemplateAdmin(ScopedAdmin):
    selector = staticmethod(selectors.templates_for)
    service = staticmethod(services.save_template)
    inlines = [SectionInline]
    list_display = ["name", "valid_from", "source"]
    fieldsets = [
        (None, {"fields": ["name", "valid_from", "source"]}),
        (_("Heading"), {"fields": ["issuer", "motto", "number", "place_and_date", "title"]}),
        (_("Signature"), {"fields": ["signature_title", "signer", "recipients"]}),
    ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # What a text may name, under the form: the figures and the tables.
        extra_context = {
            **(extra_context or {}),
            "subtitle": _("Figures: %(names)s. Tables: %(tables)s.")
            % {"names": ", ".join(names()), "tables": ", ".join(tables.KEYS)},
        }
        return super().changeform_view(request, object_id, form_url, extra_context)
