from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin, ScopedTabularInline
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.borrowers import selectors, services
from policycredit.borrowers.models import Household, Person, PovertyRecord


def closest_first(request, listed, found):
    """A search's rows, the closest matches first (the selector's order), unless the user
    sorted the list by a column: then in that order, as the list was (``listed``)."""
    if ORDER_VAR in request.GET:
        return found.order_by(*listed.query.order_by)
    return found


class FindByCitizenID:
    """The list's search by a full citizen ID: an exact match, for a role that keeps the
    persons' records, each row found logged as a view of their personal data (knowing
    that a number belongs to someone is knowing the number). Any other search term goes to
    `search` (names, codes, numbers); no screen searches a part of a number."""

    cccd_path = "cccd"  # the lookup from the listed model to the person's citizen ID

    def get_search_results(self, request, queryset, search_term):
        number = selectors.full_cccd(search_term)
        if number is None:
            return closest_first(request, queryset, self.search(queryset, search_term)), False
        if not selectors.may_find_by_cccd(request.user):
            messages.warning(request, _("Your role may not look people up by citizen ID."))
            return queryset.none(), False
        found = queryset.filter(**{self.cccd_path: number})
        for instance in found:
            record(
                actor=request.user,
                action=Action.SENSITIVE_VIEWED,
                instance=instance,
                new={"found_by": "citizen ID"},
            )
        return found, False

    def search(self, queryset, term):
        """The rows a term other than a citizen ID finds (a selector), the closest first."""
        raise NotImplementedError


class PersonInline(ScopedTabularInline):
    model = Person
    fields = ["full_name", "gender", "birth_date", "cccd", "relation", "ethnicity"]
    service = services.save_person


class PovertyInline(ScopedTabularInline):
    model = PovertyRecord
    fields = ["year", "status", "decision"]
    service = services.save_poverty_record


@admin.register(Household)
class HouseholdAdmin(FindByCitizenID, ScopedAdmin):
    selector = selectors.households_for
    service = services.save_household
    shows_personal_data = True
    list_display = ["code", "head_name", "head_cccd", "address", "ward", "village", "open"]
    list_display_links = ["code"]
    list_filter = ["ward"]
    search_fields = ["code", "head__full_name", "address"]
    cccd_path = "members__cccd"
    autocomplete_fields = ["ward", "head"]
    inlines = [PersonInline, PovertyInline]

    def search(self, queryset, term):
        return selectors.households_matching(queryset, term)

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
class PersonAdmin(FindByCitizenID, ScopedAdmin):
    selector = selectors.persons_for
    service = services.save_person
    shows_personal_data = True
    list_display = ["full_name", "cccd_masked", "gender", "birth_date", "household", "relation"]
    search_fields = ["full_name", "household__code"]
    autocomplete_fields = ["household"]

    def search(self, queryset, term):
        return selectors.persons_matching(queryset, term)

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

    def get_search_results(self, request, queryset, search_term):
        decision = Q(decision__icontains=search_term.strip())
        found = selectors.households_matching(queryset, search_term, "household", also=decision)
        return closest_first(request, queryset, found), False
