from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.accounts.admin_base import ScopedAdmin, ScopedTabularInline
from policycredit.common.selectors import rule
from policycredit.network import selectors, services
from policycredit.network.models import MassOrganisation, Membership, SavingsGroup


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        # Each row is checked on its own against the database; here the rows added together.
        super().clean()
        if any(self.errors):
            return
        maximum = rule("network.group_max_members")
        open_rows = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and not form.cleaned_data.get("left")
        ]
        if len(open_rows) > maximum:
            raise ValidationError(
                _("A group has at most %(max)d members; this form would leave %(count)d.")
                % {"max": maximum, "count": len(open_rows)}
            )


class MembershipInline(ScopedTabularInline):
    model = Membership
    formset = MembershipFormSet
    fields = ["household", "joined", "left"]
    autocomplete_fields = ["household"]
    service = services.save_membership
    verbose_name_plural = gettext_lazy("members (history kept)")


@admin.register(MassOrganisation)
class MassOrganisationAdmin(ScopedAdmin):
    selector = selectors.organisations_for
    service = services.save_organisation
    list_display = ["name", "kind", "level", "unit", "parent"]
    list_filter = ["kind", "level"]
    search_fields = ["name"]
    autocomplete_fields = ["unit", "parent"]


@admin.register(SavingsGroup)
class SavingsGroupAdmin(ScopedAdmin):
    selector = selectors.groups_for
    service = services.save_group
    list_display = ["code", "name", "organisation", "transaction_point", "leader", "members"]
    list_filter = ["organisation__kind", "transaction_point"]
    search_fields = ["code", "name", "leader__full_name"]
    autocomplete_fields = ["organisation", "transaction_point", "leader"]
    inlines = [MembershipInline]

    @admin.display(description=gettext_lazy("members"), ordering="active_members")
    def members(self, obj):
        return obj.active_members
