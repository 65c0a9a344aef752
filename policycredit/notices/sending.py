"""The worker's side: taking queued messages and handing them to the backend.

No person acts here (queuing was audited, as a retry or a cancel is), so these writes carry
no audit event; each is one conditional UPDATE on the message's status, outside any long
transaction, so the outbox shows each message's progress as it goes.

The claim (queued → sending) is taken before the gateway is called and only by the one
worker whose UPDATE finds the message still queued: a message is handed over at most once
per claim. What the gateway answered is then written on the condition that the message is
still "sending". A worker that dies between the claim and that write leaves the message
"sending": it is not tried again by itself (the gateway may have taken it), the outbox shows
it after `conf.STUCK_AFTER` for a person to decide (`services.settle_stuck`).
"""

import logging

from django.db.models import F, Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from policycredit.notices import conf
from policycredit.notices.backends import AcceptedUnread, GatewayError, NotConfigured, backend
from policycredit.notices.models import Message, Status

log = logging.getLogger("policycredit.notices")

# A run of the task sends at most this many: the next run takes the rest.
RUN_LIMIT = 1000


@task()
def send_queued() -> int:
    """Send every queued message whose time has come; how many were handed over."""
    return send_due()


def enqueue_sending(run_after=None) -> None:
    """Ask the worker for a run (after ``run_after`` where the task backend can wait; a
    backend that cannot leaves the wait to the next run: the timer's `notices send`)."""
    if run_after is not None:
        if not default_task_backend.supports_defer:
            return
        send_queued.using(run_after=run_after).enqueue()
        return
    send_queued.enqueue()


def due() -> list[int]:
    now = timezone.now()
    return list(
        Message.objects.filter(status=Status.QUEUED)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .order_by("id")
        .values_list("id", flat=True)[:RUN_LIMIT]
    )


def send_due() -> int:
    ids = due()
    if not ids:
        return 0
    try:
        gateway = backend()
    except NotConfigured:
        log.warning("notices: %s message(s) queued and no SMS backend configured", len(ids))
        return 0
    handed = 0
    for pk in ids:
        handed += send_one(pk, gateway)
    return handed


def claim(pk: int) -> bool:
    """queued → sending, for this caller alone (False: another took it, or it is not due)."""
    now = timezone.now()
    taken = (
        Message.objects.filter(pk=pk, status=Status.QUEUED)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return taken == 1


def send_one(pk: int, gateway) -> int:
    """Hand one message to the gateway if this caller claims it: 1 if handed over, else 0."""
    if not claim(pk):
        return 0
    message = Message.objects.get(pk=pk)
    sending = Message.objects.filter(pk=pk, status=Status.SENDING)
    now = timezone.now
    try:
        handed = gateway.send(message)
    except AcceptedUnread as error:
        sending.update(status=Status.SENT, sent_at=now(), error=str(error)[:2000])
        return 1
    except GatewayError as error:
        text = str(error)[:2000]
        if error.retry and message.attempts < conf.max_attempts():
            wait_until = now() + conf.backoff(message.attempts)
            sending.update(status=Status.QUEUED, not_before=wait_until, error=text)
            enqueue_sending(run_after=wait_until)
        else:
            sending.update(status=Status.FAILED, finished_at=now(), error=text)
        return 0
    except Exception as error:
        # Not the gateway's answer but our own fault: whether it went out is unknown, so it
        # stays "sending" for a person, with what happened.
        sending.update(error=f"{type(error).__name__}: {error}"[:2000])
        log.exception("notices: message %s: unexpected error while sending", pk)
        return 0
    changes = {"status": Status.SENT, "sent_at": now(), "gateway_id": handed.gateway_id}
    if handed.delivered:
        changes |= {"status": Status.DELIVERED, "delivered_at": now()}
    sending.update(**changes)
    return 1
