from django.contrib import admin

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.budgets import selectors
from policycredit.budgets.models import InterestAllocation, InterestUseRule


@admin.register(InterestUseRule)
class InterestUseRuleAdmin(ScopedAdmin):
    selector = staticmethod(selectors.rules_for)
    list_display = ["valid_from", "use", "share", "source"]
    list_filter = ["valid_from"]

    def has_change_permission(self, request, obj=None):
        # A rule interest was allocated by is history: a new rule gets a new start date.
        if obj is not None and InterestAllocation.objects.filter(rule_from=obj.valid_from).exists():
            return False
        return super().has_change_permission(request, obj)
