from django.contrib import admin

from policycredit.accounts.admin_base import ScopedAdmin, ScopedStackedInline
from policycredit.programmes import selectors, services
from policycredit.programmes.models import Programme, ProgrammeTerms


class TermsInline(ScopedStackedInline):
    model = ProgrammeTerms
    service = services.save_terms
    fields = [
        ("valid_from", "valid_to"),
        ("monthly_rate", "overdue_factor", "day_basis"),
        ("max_amount", "max_term_months", "collateral_threshold"),
        "rate_rule",
        "legal_basis",
        "note",
    ]


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    selector = selectors.programmes_for
    service = services.save_programme
    list_display = ["code", "bank_code", "name", "channel", "records_jobs", "active"]
    list_filter = ["channel", "active"]
    search_fields = ["code", "bank_code", "name"]
    inlines = [TermsInline]


@admin.register(ProgrammeTerms)
class ProgrammeTermsAdmin(ScopedAdmin):
    selector = selectors.terms_for
    service = services.save_terms
    list_display = [
        "programme",
        "valid_from",
        "valid_to",
        "monthly_rate",
        "max_amount",
        "max_term_months",
        "day_basis",
    ]
    list_filter = ["programme"]
