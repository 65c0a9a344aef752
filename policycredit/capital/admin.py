from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.capital import selectors, services
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.common.templatetags.money import vnd


@admin.register(CapitalSource)
class CapitalSourceAdmin(ScopedAdmin):
    selector = selectors.sources_for
    service = services.save_source
    list_display = ["code", "name", "level", "unit"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(EntrustmentDecision)
class EntrustmentDecisionAdmin(ScopedAdmin):
    selector = selectors.decisions_for
    service = services.save_decision
    list_display = ["number", "date", "source", "office", "amount_vnd"]
    list_filter = ["source", "office"]
    search_fields = ["number"]
    date_hierarchy = "date"
    filter_horizontal = ["programmes"]

    @admin.display(description=_("amount"), ordering="amount")
    def amount_vnd(self, obj):
        return vnd(obj.amount)
