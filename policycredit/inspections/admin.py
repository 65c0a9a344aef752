from django.contrib import admin

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.inspections import selectors
from policycredit.inspections.models import Criterion, GradeBand, GroupInspection, InspectionScore


@admin.register(Criterion)
class CriterionAdmin(ScopedAdmin):
    selector = staticmethod(selectors.criteria_for)
    list_display = ["valid_from", "position", "name", "max_score", "source"]
    list_filter = ["valid_from"]

    def has_change_permission(self, request, obj=None):
        # A criterion groups were scored on is history: a new sheet gets a new start date.
        if obj is not None and InspectionScore.objects.filter(criterion=obj).exists():
            return False
        return super().has_change_permission(request, obj)


@admin.register(GradeBand)
class GradeBandAdmin(ScopedAdmin):
    selector = staticmethod(selectors.bands_for)
    list_display = ["valid_from", "grade", "min_percent", "source"]

    def has_change_permission(self, request, obj=None):
        # A scale groups were graded on is history, as a criterion is: a new start date instead.
        if (
            obj is not None
            and GroupInspection.objects.filter(inspected_on__gte=obj.valid_from).exists()
        ):
            return False
        return super().has_change_permission(request, obj)
