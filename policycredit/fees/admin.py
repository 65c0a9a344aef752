from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ListOnlyAdmin, ScopedAdmin
from policycredit.common.templatetags.money import vnd
from policycredit.fees import selectors
from policycredit.fees.models import (
    CommissionStatement,
    FeeRate,
    FeeStatement,
    LevelShare,
    Payout,
    QualityBand,
)


@admin.register(FeeRate)
class FeeRateAdmin(ScopedAdmin):
    selector = staticmethod(selectors.rates_for)
    list_display = [
        "kind",
        "programme",
        "valid_from",
        "rate_on_balance",
        "rate_on_interest",
        "rate_on_savings",
        "legal_basis",
    ]
    list_filter = ["kind", "programme"]


@admin.register(QualityBand)
class QualityBandAdmin(ScopedAdmin):
    selector = staticmethod(selectors.bands_for)
    list_display = ["valid_from", "overdue_ratio_from", "factor", "legal_basis"]


@admin.register(LevelShare)
class LevelShareAdmin(ScopedAdmin):
    selector = staticmethod(selectors.level_shares_for)
    list_display = ["valid_from", "level", "share", "legal_basis"]


@admin.register(FeeStatement)
class FeeStatementAdmin(ListOnlyAdmin):
    selector = staticmethod(selectors.fee_statements_for)
    list_display = ["open", "month", "overdue_ratio", "factor", "fee_vnd"]
    list_filter = ["month", "office"]
    search_fields = ["organisation__name"]
    date_hierarchy = "month"

    def page_url(self, obj):
        return reverse("fees:statement", args=[obj.pk])

    @admin.display(description=_("mass-organisation unit"), ordering="organisation__name")
    def open(self, obj):
        return format_html(
            '<a class="text-primary-600" href="{}">{}</a>', self.page_url(obj), obj.organisation
        )

    @admin.display(description=_("entrustment fee"), ordering="fee")
    def fee_vnd(self, obj):
        return vnd(obj.fee)


@admin.register(CommissionStatement)
class CommissionStatementAdmin(ListOnlyAdmin):
    selector = staticmethod(selectors.commission_statements_for)
    list_display = ["open", "month", "interest", "savings", "commission_vnd"]
    list_filter = ["month", "office"]
    search_fields = ["group__name", "group__code"]
    date_hierarchy = "month"

    def page_url(self, obj):
        return reverse("fees:commission", args=[obj.pk])

    @admin.display(description=_("savings-and-loan group"), ordering="group__code")
    def open(self, obj):
        return format_html(
            '<a class="text-primary-600" href="{}">{}</a>', self.page_url(obj), obj.group
        )

    @admin.display(description=_("interest collected"), ordering="interest_collected")
    def interest(self, obj):
        return vnd(obj.interest_collected)

    @admin.display(description=_("savings collected"), ordering="savings_collected")
    def savings(self, obj):
        return vnd(obj.savings_collected)

    @admin.display(description=_("commission"), ordering="commission")
    def commission_vnd(self, obj):
        return vnd(obj.commission)


@admin.register(Payout)
class PayoutAdmin(ListOnlyAdmin):
    selector = staticmethod(selectors.payouts_for)
    list_display = ["open", "paid_on", "amount_vnd", "actor"]
    date_hierarchy = "paid_on"

    def page_url(self, obj):
        if obj.fee_statement_id:
            return reverse("fees:statement", args=[obj.fee_statement_id])
        return reverse("fees:commission", args=[obj.commission_statement_id])

    @admin.display(description=_("statement"))
    def open(self, obj):
        return format_html('<a class="text-primary-600" href="{}">{}</a>', self.page_url(obj), obj)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_vnd(self, obj):
        return vnd(obj.amount)
