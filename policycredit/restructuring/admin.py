from django.contrib import admin

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.restructuring import selectors
from policycredit.restructuring.models import ApprovalRule, LossBand


@admin.register(LossBand)
class LossBandAdmin(ScopedAdmin):
    selector = staticmethod(selectors.loss_bands_for)
    list_display = [
        "effective_from",
        "lower",
        "upper",
        "measure",
        "max_months",
        "write_off_allowed",
        "legal_basis",
    ]


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(ScopedAdmin):
    selector = staticmethod(selectors.approval_rules_for)
    list_display = ["measure", "source_kind", "level", "note"]
    list_filter = ["measure", "source_kind"]
