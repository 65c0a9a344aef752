"""Every write of the outbox that a person (or the reminders' timer) makes.

Queuing: the messages of one office are written in one transaction, under a lock on the
office's row (two queuings of one office wait for each other, so neither trips on the
other's keys), with one `Batch` and one audit event for all of them; the worker is asked to
send once the transaction has committed (a rolled-back queuing sends nothing). A message
whose key is already in the outbox, whatever its status, is skipped: the same notice is
never queued twice. A household without a usable phone is counted and named, never guessed.

A retry, a cancel and a settling of a message left "sending" are each one person's decision
on one message: locked, checked against its status, audited.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.accounts.roles import require_action
from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.common.selectors import business_date
from policycredit.geo.models import Office
from policycredit.notices import conf, selectors, sending
from policycredit.notices.models import Batch, Message, Status, Trigger


def queue_day(*, actor, day) -> Batch:
    """A transaction day's messages, as its notices page shows them, queued by a person."""
    return queue_point_day(actor=actor, point=day.point, date=day.date)


def queue_point_day(*, actor, point, date: datetime.date) -> Batch:
    """The messages of a point's transaction day on ``date``, before its day record is
    opened (the calendar's next session), queued by a person."""
    require_action(actor, "notices.send")
    candidates = selectors.day_candidates(actor, point, date)
    return _queue(
        actor=actor,
        office_id=point.office_id,
        trigger=Trigger.DAY,
        on=business_date(),
        candidates=candidates,
        point=point,
        day=date,
        always=True,
    )


def queue_reminders(*, actor=None, reader, on: datetime.date) -> dict:
    """The reminders' run for a business date (the timer's, after the nightly close): the
    messages before each point's next transaction day, `conf.days_before` days ahead at most,
    and those of instalments that fell overdue. ``reader``: whose view is read (the command's
    administrator); ``actor``: the person who asked, None for the timer.

    One batch per office that has anything new; returns the counts of the whole run and the
    households left without a message for want of a phone (code, name)."""
    if actor is not None:
        require_action(actor, "notices.send")
    candidates = []
    for point, day in selectors.points_meeting(reader, on, conf.days_before()):
        candidates += selectors.day_candidates(reader, point, day)
    candidates += selectors.overdue_candidates(reader, on)
    by_office = defaultdict(list)
    for candidate in candidates:
        by_office[candidate.office_id].append(candidate)
    totals = {"queued": 0, "skipped": 0, "without_phone": 0, "batches": 0}
    totals["missing_phones"] = sorted(
        {(c.household.code, c.name) for c in candidates if not c.phone}
    )
    for office_id, found in sorted(by_office.items()):
        batch = _queue(
            actor=actor,
            office_id=office_id,
            trigger=Trigger.REMINDERS,
            on=on,
            candidates=found,
            always=False,
        )
        counted = batch or _count_only(found)
        totals["queued"] += counted.queued
        totals["skipped"] += counted.skipped
        totals["without_phone"] += counted.without_phone
        totals["batches"] += 1 if batch else 0
    return totals


def _count_only(candidates) -> Batch:
    """A reminders' run that found nothing new for an office writes nothing: its counts."""
    keys = [c.key for c in candidates if c.phone]
    known = set(Message.objects.filter(key__in=keys).values_list("key", flat=True))
    return Batch(
        queued=0,
        skipped=len(known),
        without_phone=sum(1 for c in candidates if not c.phone),
    )


def _queue(
    *, actor, office_id, trigger, on, candidates, point=None, day=None, always
) -> Batch | None:
    with transaction.atomic():
        # One queuing per office at a time: the other waits here, then sees these keys.
        Office.objects.select_for_update().get(pk=office_id)
        with_phone = [c for c in candidates if c.phone]
        without = [c for c in candidates if not c.phone]
        known = set(
            Message.objects.filter(key__in=[c.key for c in with_phone]).values_list(
                "key", flat=True
            )
        )
        new, seen = [], set()
        for candidate in with_phone:
            if candidate.key in known or candidate.key in seen:
                continue
            seen.add(candidate.key)
            new.append(candidate)
        if not new and not always:
            return None
        batch = Batch.objects.create(
            office_id=office_id,
            trigger=trigger,
            on=on,
            point=point,
            day=day,
            queued=len(new),
            skipped=len(with_phone) - len(new),
            without_phone=len(without),
            missing_phones=[[c.household.code, c.name] for c in without],
            actor=actor if actor is not None and actor.pk else None,
        )
        Message.objects.bulk_create(
            [
                Message(
                    office_id=office_id,
                    batch=batch,
                    household=c.household,
                    loan_id=c.loan_id,
                    point_id=c.point_id,
                    kind=c.kind,
                    about=c.about,
                    key=c.key,
                    phone=c.phone,
                    text=c.text,
                )
                for c in new
            ]
        )
        record(
            actor=actor,
            action=Action.NOTICES_QUEUED,
            instance=batch,
            new={
                "trigger": trigger,
                "queued": batch.queued,
                "skipped": batch.skipped,
                "without_phone": batch.without_phone,
                "point": point.pk if point else None,
                "day": day.isoformat() if day else None,
                "kinds": sorted({c.kind for c in new}),
            },
        )
        if new:
            transaction.on_commit(sending.enqueue_sending)
    return batch


def _locked(actor, message: Message) -> Message:
    """The message under its row lock, if the actor may see it (else a 404's refusal)."""
    found = selectors.messages_for(actor).filter(pk=message.pk).values_list("pk", flat=True)
    if not found:
        raise PermissionDenied
    return Message.objects.select_for_update().get(pk=message.pk)


def retry(*, actor, message: Message) -> Message:
    """A failed message queued again, as it was written (the same text, the same phone)."""
    require_action(actor, "notices.send")
    with transaction.atomic():
        message = _locked(actor, message)
        if message.status != Status.FAILED:
            raise ValidationError(
                _("Only a failed message can be sent again: this one is %(status)s.")
                % {"status": message.get_status_display()},
                code="not_failed",
            )
        message.status, message.not_before, message.finished_at = Status.QUEUED, None, None
        message.round += 1
        message.save(update_fields=["status", "not_before", "finished_at", "round"])
        record(
            actor=actor,
            action=Action.NOTICE_RETRIED,
            instance=message,
            new={
                "status": Status.QUEUED,
                "round": message.round,
                "attempts": message.attempts,
                "error": message.error,
            },
        )
        transaction.on_commit(sending.enqueue_sending)
    return message


def cancel(*, actor, message: Message) -> Message:
    """A queued message that is not to go out."""
    require_action(actor, "notices.send")
    with transaction.atomic():
        message = _locked(actor, message)
        if message.status != Status.QUEUED:
            raise ValidationError(
                _("Only a queued message can be cancelled: this one is %(status)s.")
                % {"status": message.get_status_display()},
                code="not_queued",
            )
        message.status, message.finished_at = Status.CANCELLED, timezone.now()
        message.save(update_fields=["status", "finished_at"])
        record(
            actor=actor,
            action=Action.NOTICE_CANCELLED,
            instance=message,
            new={"status": "cancelled"},
        )
    return message


def settle(*, actor, message: Message, went_out: bool) -> Message:
    """A person's decision on a message its worker left "sending" (the gateway may have
    taken it): it went out (sent; never sent again), or it did not (failed; it may then be
    sent again on purpose)."""
    require_action(actor, "notices.settle")
    with transaction.atomic():
        message = _locked(actor, message)
        if not selectors.is_stuck(message):
            raise ValidationError(
                _("Only a message left sending for a while can be settled by hand."),
                code="not_stuck",
            )
        now = timezone.now()
        if went_out:
            message.status, message.sent_at = Status.SENT, now
        else:
            message.status, message.finished_at = Status.FAILED, now
        message.save(update_fields=["status", "sent_at", "finished_at"])
        record(
            actor=actor,
            action=Action.NOTICE_SETTLED,
            instance=message,
            new={"status": message.status},
        )
    return message


# What a gateway's delivery report may say, and the status it moves a sent message to.
DELIVERY = {"delivered": Status.DELIVERED, "failed": Status.FAILED}


def record_delivery(*, gateway_id: str, status: str, error: str = "") -> bool:
    """The gateway's delivery report on one message (the callback; no person acts, so no
    audit event: the message's own timestamps say when). A sent message moves to delivered
    or failed; a report that comes again, or comes late, changes nothing. False: no message
    has that gateway id."""
    target = DELIVERY[status]
    now = timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update().filter(gateway_id=gateway_id).order_by("id").first()
        )
        if message is None:
            return False
        if message.status in (Status.SENT, Status.SENDING):
            message.status = target
            if target == Status.DELIVERED:
                message.delivered_at = now
            else:
                message.finished_at = now
                message.error = f"delivery report: {error or status}"[:2000]
            message.save(update_fields=["status", "delivered_at", "finished_at", "error"])
    return True
