from django.contrib import admin

from policycredit.audit import selectors
from policycredit.audit.models import AuditEvent
from policycredit.common.admin import ScopedAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    selector = selectors.events_for
    list_display = ["occurred_at", "actor", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "actor__username"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
