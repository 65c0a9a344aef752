from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from policycredit.accounts.admin_base import ScopedAdmin, ScopedTabularInline
from policycredit.geo import selectors, services
from policycredit.geo.models import AdminUnit, Office, Succession, TransactionPoint


class SuccessionInline(ScopedTabularInline):
    model = Succession
    fk_name = "predecessor"
    verbose_name = _("became")
    verbose_name_plural = _("became (new units)")
    fields = ["successor", "effective", "whole", "primary", "legal_basis"]
    autocomplete_fields = ["successor"]
    service = services.save_succession


class PredecessorInline(ScopedTabularInline):
    model = Succession
    fk_name = "successor"
    verbose_name = _("formed from")
    verbose_name_plural = _("formed from (old units)")
    fields = ["predecessor", "effective", "whole", "primary", "legal_basis"]
    autocomplete_fields = ["predecessor"]
    service = services.save_succession


@admin.register(AdminUnit)
class AdminUnitAdmin(ScopedAdmin):
    selector = selectors.units_for
    service = services.save_unit
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    inlines = [SuccessionInline, PredecessorInline]
    autocomplete_fields = ["parent"]


@admin.register(Office)
class OfficeAdmin(ScopedAdmin):
    selector = selectors.offices_for
    service = services.save_office
    list_display = ["code", "name", "area", "address"]
    search_fields = ["name", "code"]


@admin.register(TransactionPoint)
class TransactionPointAdmin(ScopedAdmin):
    selector = selectors.transaction_points_for
    service = services.save_transaction_point
    list_display = ["code", "name", "ward", "day_of_month", "office", "active"]
    list_filter = ["active", "office"]
    search_fields = ["name", "code", "address"]
    autocomplete_fields = ["ward"]
