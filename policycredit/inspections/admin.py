from django.contrib import admin

from policycredit.accounts.admin_base import ScopedAdmin
from policycredit.common.selectors import business_date
from policycredit.inspections import selectors, services
from policycredit.inspections.models import (
    Criterion,
    GradeBand,
    GroupInspection,
    InspectionScore,
    QualityRule,
)


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


@admin.register(QualityRule)
class QualityRuleAdmin(ScopedAdmin):
    selector = staticmethod(selectors.quality_rules_for)
    service = staticmethod(services.save_quality_rule)
    list_display = [
        "subject",
        "valid_from",
        "grade",
        "overdue_below",
        "missed_at_most",
        "inspection_at_least",
        "note",
    ]
    list_filter = ["subject", "valid_from"]

    def has_change_permission(self, request, obj=None):
        # A scale already in force is history (see services.save_quality_rule).
        if obj is not None and obj.valid_from < business_date():
            return False
        return super().has_change_permission(request, obj)
