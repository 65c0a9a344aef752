from django.db.models import QuerySet

from policycredit.audit.models import AuditEvent


def history_of(instance) -> QuerySet:
    """Every audit event of one record, newest first."""
    return AuditEvent.objects.filter(
        model=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")
