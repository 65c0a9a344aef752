"""Writing the audit log. Called by every other app's services inside their transaction."""

import datetime
import decimal
import logging

from django.db import models, transaction
from django.utils import timezone

from policycredit.audit.models import Action, AuditEvent
from policycredit.domain.cccd import mask_cccd

events_log = logging.getLogger("policycredit.events")


def _log(event: AuditEvent, count: int = 1) -> None:
    """The business event as a log line: what, which record, where, who; never the values."""
    events_log.info(
        "event",
        extra={
            "action": Action(event.action).name.lower(),
            "model": event.model,
            "object_id": event.object_id if count == 1 else None,
            "count": count,
            "office_id": event.office_id,
            "actor_id": event.actor_id,
        },
    )


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model) -> dict:
    """The instance's own column values, JSON-ready, as the audit log stores them."""
    data = {}
    for field in instance._meta.concrete_fields:
        if callable(getattr(field, "derive", None)):
            continue  # derived from another column the log holds (a name's search key)
        value = getattr(instance, field.attname)
        if field.attname == "password":
            value = "(set)" if value else ""
        elif field.attname == "cccd" and value:
            # The log is read more widely than the person's record: keep the ID masked here.
            value = mask_cccd(value)
        data[field.attname] = _plain(value)
    return data


def changed(old: dict | None, new: dict) -> tuple[dict | None, dict]:
    if old is None:
        return None, new
    keys = [k for k in new if old.get(k) != new[k]]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def _event(actor, action, instance, old, new) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        model=instance._meta.label_lower,
        # A record that does not exist (a sign-in tried with an unknown name) has no id.
        object_id="" if instance.pk is None else str(instance.pk),
        object_repr=str(instance)[:255],
        old=old,
        new=new,
        office_id=getattr(instance, "office_id", None),
    )


def record(*, actor, action: Action, instance: models.Model, old=None, new=None) -> AuditEvent:
    event = _event(actor, action, instance, old, new)
    event.save()
    transaction.on_commit(lambda: _log(event))  # a rolled-back event never happened
    return event


# Set at start-up by the kernel (`common.apps`), which sits above: writes plain rows into a
# table (`common.bulk.insert`). A loader's events are written through it, not as model instances.
_row_writer = None

_EVENT_FIELDS = [
    "occurred_at",
    "actor_id",
    "action",
    "model",
    "object_id",
    "object_repr",
    "old",
    "new",
    "office_id",
]


def write_rows_with(writer) -> None:
    global _row_writer
    _row_writer = writer


def record_created_many(
    *, actor, instances: list[models.Model], action: Action = Action.CREATED
) -> None:
    """One event per instance created, written in bulk (the demo loader writes thousands),
    named by ``action`` where the instances are one business event (repayments posted)."""
    if not instances:
        return
    if _row_writer is None:
        AuditEvent.objects.bulk_create(
            [_event(actor, action, i, None, snapshot(i)) for i in instances], batch_size=2000
        )
    else:
        now = timezone.now()
        actor_id = actor.pk if actor is not None and actor.pk else None
        rows = [
            (
                now,
                actor_id,
                int(action),
                i._meta.label_lower,
                str(i.pk),
                str(i)[:255],
                None,
                snapshot(i),
                getattr(i, "office_id", None),
            )
            for i in instances
        ]
        _row_writer(AuditEvent, _EVENT_FIELDS, rows)
    first = _event(actor, action, instances[0], None, None)
    transaction.on_commit(lambda: _log(first, count=len(instances)))


def record_personal_data_view(*, actor, instance: models.Model) -> AuditEvent:
    """Someone was shown a record's personal data in full: who, when, which record."""
    return record(actor=actor, action=Action.SENSITIVE_VIEWED, instance=instance)
