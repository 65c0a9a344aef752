from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.common.templatetags.money import vnd
from policycredit.savings import selectors
from policycredit.savings.models import SavingsTransaction


@admin.register(SavingsTransaction)
class SavingsTransactionAdmin(ScopedAdmin):
    """A list to search and filter: movements are written only by the savings services (the
    group's savings page), and corrected by reversal there."""

    selector = selectors.transactions_for
    list_display = ["value_date", "kind", "household", "group", "amount_vnd", "actor"]
    list_filter = ["kind"]
    search_fields = ["membership__household__code", "membership__group__code"]
    date_hierarchy = "value_date"
    list_select_related = ["membership__household__head", "membership__group", "actor"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("household"), ordering="membership__household__code")
    def household(self, obj):
        return obj.membership.household

    @admin.display(description=_("group"), ordering="membership__group__code")
    def group(self, obj):
        return format_html(
            '<a class="text-primary-600" href="{}">{}</a>',
            reverse("savings:group", args=[obj.membership.group_id]),
            obj.membership.group.code,
        )

    @admin.display(description=_("amount"), ordering="amount")
    def amount_vnd(self, obj):
        return vnd(obj.amount)
