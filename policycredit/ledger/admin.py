from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.ledger import selectors, services
from policycredit.ledger.models import ChartAccount, JournalEntry


@admin.register(ChartAccount)
class ChartAccountAdmin(ScopedAdmin):
    """The chart of accounts: accountants set the bank's own codes and names here."""

    selector = staticmethod(lambda user: ChartAccount.objects.all())
    service = services.save_chart_account
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request, obj=None):
        return False  # the kinds are what the posting rules know; only codes and names change


@admin.register(JournalEntry)
class JournalEntryAdmin(ScopedAdmin):
    """The journal, read-only: entries are never edited; a mistake gets a reversing entry."""

    selector = selectors.entries_for
    list_display = ["number", "value_date", "kind", "memo_link", "actor", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["memo", "loan__number"]
    date_hierarchy = "value_date"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("entry"), ordering="id")
    def number(self, obj):
        return f"#{obj.pk}"

    @admin.display(description=_("description"))
    def memo_link(self, obj):
        if obj.loan_id:
            return format_html(
                '<a class="text-primary-600" href="{}">{}</a>',
                reverse("loans:loan", args=[obj.loan_id]),
                obj.memo,
            )
        return obj.memo or obj.get_kind_display()
