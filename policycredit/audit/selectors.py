from django.db.models import QuerySet

from policycredit.accounts.selectors import scope_of
from policycredit.audit.models import AuditEvent


def events_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = AuditEvent.objects.select_related("actor")
    return qs if scope.everything else qs.filter(office_id__in=scope.office_ids)


def history_of(instance) -> QuerySet:
    """Every audit event of one record, newest first."""
    return AuditEvent.objects.filter(
        model=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")
