from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.accounts.models import Proposal
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

    def save_model(self, request, obj, form, change):
        programmes = None if change else form.cleaned_data.get("programmes")
        result = services.save_decision(actor=request.user, instance=obj, programmes=programmes)
        # A new decision waits for a second person: nothing is saved, so nothing is related.
        request._policycredit_proposal = result if isinstance(result, Proposal) else None

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_policycredit_proposal", None) is None:
            super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_policycredit_proposal", None) is None:
            return super().response_add(request, obj, post_url_continue)
        messages.info(
            request, _("The decision waits for a second person's approval before it is booked.")
        )
        return redirect("approvals:list")

    @admin.display(description=_("amount"), ordering="amount")
    def amount_vnd(self, obj):
        return vnd(obj.amount)
