from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin, ScopedTabularInline
from policycredit.borrowers import selectors, services
from policycredit.borrowers.models import Household, Person, PovertyRecord


class PersonInline(ScopedTabularInline):
    model = Person
    fields = ["full_name", "gender", "birth_date", "cccd", "relation", "ethnicity"]
    service = services.save_person


class PovertyInline(ScopedTabularInline):
    model = PovertyRecord
    fields = ["year", "status", "decision"]
    service = services.save_poverty_record


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    selector = selectors.households_for
    service = services.save_household
    shows_personal_data = True
    list_display = ["code", "head_name", "head_cccd", "address", "ward", "village", "open"]
    list_display_links = ["code"]
    list_filter = ["ward"]
    search_fields = ["code", "head__full_name", "address"]
    autocomplete_fields = ["ward", "head"]
    inlines = [PersonInline, PovertyInline]

    @admin.display(description=_("loans and applications"))
    def open(self, obj):
        # The borrower page (loans, schedule, interest) is where people look; the form edits.
        return format_html(
            '<a class="text-primary-600" href="{}">{}</a>',
            reverse("loans:borrower", args=[obj.pk]),
            _("borrower page"),
        )

    @admin.display(description=_("head of household"), ordering="head__full_name")
    def head_name(self, obj):
        return obj.head.full_name if obj.head_id else ""

    @admin.display(description=_("citizen ID (CCCD)"))
    def head_cccd(self, obj):
        return obj.head.cccd_masked if obj.head_id else ""


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    selector = selectors.persons_for
    service = services.save_person
    shows_personal_data = True
    list_display = ["full_name", "cccd_masked", "gender", "birth_date", "household", "relation"]
    search_fields = ["full_name", "household__code"]
    autocomplete_fields = ["household"]

    @admin.display(description=_("citizen ID (CCCD)"))
    def cccd_masked(self, obj):
        return obj.cccd_masked


@admin.register(PovertyRecord)
class PovertyRecordAdmin(ScopedAdmin):
    selector = selectors.poverty_records_for
    service = services.save_poverty_record
    list_display = ["household", "year", "status", "decision"]
    list_filter = ["status", "year"]
    search_fields = ["household__code", "household__head__full_name", "decision"]
    autocomplete_fields = ["household"]
