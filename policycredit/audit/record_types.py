"""The audit log's filter by kind of record, named as the office names them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from policycredit.audit.models import record_type_name


class RecordTypeFilter(admin.SimpleListFilter):
    title = _("record type")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        labels = (
            model_admin.get_queryset(request).order_by("model").values_list("model", flat=True)
        ).distinct()
        return sorted(((label, record_type_name(label)) for label in labels), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(model=self.value()) if self.value() else queryset
