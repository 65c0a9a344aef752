from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ListOnlyAdmin
from policycredit.borrowers.admin import FindByCitizenID
from policycredit.common.templatetags.money import vnd
from policycredit.loans import selectors
from policycredit.loans.models import Application, Loan


@admin.register(Application)
class ApplicationAdmin(FindByCitizenID, ListOnlyAdmin):
    selector = selectors.applications_for
    list_display = ["open", "applied_on", "borrower", "programme", "amount_vnd", "status"]
    list_filter = ["status", "programme"]
    search_fields = ["number", "borrower__full_name", "household__code"]
    cccd_path = "borrower__cccd"
    date_hierarchy = "applied_on"

    def search(self, queryset, term):
        return selectors.numbered_matching(queryset, term)

    def page_url(self, obj):
        return reverse("loans:application", args=[obj.pk])

    @admin.display(description=_("application number"), ordering="number")
    def open(self, obj):
        return format_html(
            '<a class="text-primary-600" href="{}">{}</a>', self.page_url(obj), obj.number
        )

    @admin.display(description=_("amount"), ordering="amount")
    def amount_vnd(self, obj):
        return vnd(obj.amount)


@admin.register(Loan)
class LoanAdmin(FindByCitizenID, ListOnlyAdmin):
    selector = selectors.loans_for
    list_display = [
        "open",
        "borrower",
        "programme",
        "source",
        "first_disbursed_on",
        "outstanding",
        "overdue",
        "status",
    ]
    list_filter = ["status", "programme", "source"]
    search_fields = ["number", "borrower__full_name", "household__code"]
    cccd_path = "borrower__cccd"
    date_hierarchy = "first_disbursed_on"

    def search(self, queryset, term):
        return selectors.numbered_matching(queryset, term)

    def page_url(self, obj):
        return reverse("loans:loan", args=[obj.pk])

    @admin.display(description=_("contract number"), ordering="number")
    def open(self, obj):
        return format_html(
            '<a class="text-primary-600" href="{}">{}</a>', self.page_url(obj), obj.number
        )

    @admin.display(description=_("outstanding principal"), ordering="principal_outstanding")
    def outstanding(self, obj):
        return vnd(obj.principal_outstanding)

    @admin.display(description=_("overdue principal"), ordering="principal_overdue")
    def overdue(self, obj):
        return vnd(obj.principal_overdue)
