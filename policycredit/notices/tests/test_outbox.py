"""The outbox as stories: a transaction day's messages queued, sent through the file backend
and delivered; queued twice and sent once; a gateway that fails, a worker that dies, and the
people who decide what then."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from policycredit.audit.models import Action, AuditEvent
from policycredit.common.selectors import replaying
from policycredit.notices import sending, services
from policycredit.notices.backends import GatewayError, Handed
from policycredit.notices.models import Batch, Kind, Message, Status
from policycredit.transactiondays import selectors as day_selectors
from policycredit.transactiondays.documents import notices as day_notices

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)


def queue(actor, day, capture):
    with replaying(DAY), capture(execute=True):
        return services.queue_day(actor=actor, day=day)


def test_a_days_messages_are_queued_then_sent_and_delivered_through_the_file_backend(
    savers, day, teller, sms_folder, django_capture_on_commit_callbacks
):
    batch = queue(teller, day, django_capture_on_commit_callbacks)
    assert (batch.queued, batch.skipped, batch.without_phone) == (2, 0, 1)
    neighbour = savers["neighbour"].household
    assert batch.missing_phones == [[neighbour.code, neighbour.head.full_name]]
    sent = {m.household_id: m for m in Message.objects.filter(batch=batch)}
    # The very words of the day's notices page, to the phone as typed without its spaces.
    with replaying(DAY):
        lines = day_notices(day, day_selectors.point_sheets(teller, day.point, day.date))
    words = {household.pk: text for household, _name, text in lines}
    borrower = savers["borrower"].household
    mine = sent[borrower.pk]
    assert mine.text == words[borrower.pk] and mine.text.endswith("Tong 893.333d.")
    assert mine.phone == "0912345678" and mine.kind == Kind.BEFORE_DAY and mine.about == DAY
    # Sent on commit (the tests' task backend runs at once) and delivered by the file backend.
    assert {m.status for m in Message.objects.filter(batch=batch)} == {Status.DELIVERED}
    mine.refresh_from_db()
    assert mine.attempts == 1 and mine.gateway_id == f"file-{mine.pk}"
    assert mine.sent_at and mine.delivered_at
    written = (sms_folder / f"{mine.pk:010d}.txt").read_text(encoding="utf-8")
    assert "To: 0912345678" in written and mine.text in written
    assert sorted(p.name for p in sms_folder.iterdir()) == sorted(
        f"{m.pk:010d}.txt" for m in sent.values()
    )
    events = AuditEvent.objects.filter(action=Action.NOTICES_QUEUED)
    assert events.count() == 1  # one event for the batch, none per message
    assert events.get().new["queued"] == 2 and events.get().actor == teller


def test_queued_twice_a_days_messages_go_out_once(
    savers, day, teller, sms_folder, django_capture_on_commit_callbacks
):
    first = queue(teller, day, django_capture_on_commit_callbacks)
    again = queue(teller, day, django_capture_on_commit_callbacks)
    assert (first.queued, again.queued, again.skipped, again.without_phone) == (2, 0, 2, 1)
    assert Message.objects.count() == 2
    assert len(list(sms_folder.iterdir())) == 2


def test_only_the_teller_and_the_credit_officer_queue_a_days_messages(savers, day, controller):
    with pytest.raises(PermissionDenied):
        services.queue_day(actor=controller, day=day)
    assert not Batch.objects.exists()


def test_nothing_is_sent_when_the_queuing_rolls_back(savers, day, teller, sms_folder):
    """The worker is asked only once the rows are committed (here: never)."""
    with replaying(DAY):
        services.queue_day(actor=teller, day=day)
    assert set(Message.objects.values_list("status", flat=True)) == {Status.QUEUED}
    assert not sms_folder.exists()


# ---------------------------------------------------------------------- the claim


class Recording:
    """A gateway that notes each message it is handed and can act meanwhile."""

    def __init__(self, during=None, fail=None):
        self.handed, self.during, self.fail = [], during, fail

    def send(self, message):
        self.handed.append(message.pk)
        if self.during:
            self.during(message)
        if self.fail:
            raise self.fail
        return Handed(gateway_id=f"gw-{message.pk}")


@pytest.fixture
def queued(savers, day, teller):
    with replaying(DAY):
        services.queue_day(actor=teller, day=day)  # not committed: nothing sent yet
    return Message.objects.order_by("id").first()


def test_a_message_is_claimed_by_one_sender_only(queued):
    assert sending.claim(queued.pk) is True
    assert sending.claim(queued.pk) is False
    queued.refresh_from_db()
    assert queued.status == Status.SENDING and queued.attempts == 1


def test_a_second_worker_cannot_send_a_message_while_the_first_is_at_the_gateway(queued):
    second = Recording()
    first = Recording(during=lambda m: sending.send_one(m.pk, second))
    assert sending.send_one(queued.pk, first) == 1
    assert first.handed == [queued.pk] and second.handed == []
    queued.refresh_from_db()
    assert queued.status == Status.SENT and queued.gateway_id == f"gw-{queued.pk}"
    assert sending.send_one(queued.pk, Recording()) == 0  # sent: never handed over again


def test_a_failing_gateway_is_tried_again_with_backoff_then_the_message_fails(queued):
    gateway = Recording(fail=GatewayError("HTTP 503: busy", retry=True))
    waits = []
    for attempt in (1, 2, 3):
        assert sending.send_one(queued.pk, gateway) == 0
        queued.refresh_from_db()
        assert queued.attempts == attempt and "HTTP 503" in queued.error
        if attempt < 3:
            assert queued.status == Status.QUEUED and queued.not_before > timezone.now()
            waits.append(queued.not_before - timezone.now())
            assert sending.send_one(queued.pk, gateway) == 0  # not before its time
            Message.objects.filter(pk=queued.pk).update(not_before=timezone.now())
    assert queued.status == Status.FAILED and queued.finished_at
    assert len(gateway.handed) == 3
    assert waits[1] > waits[0]  # the wait doubles


def test_a_message_the_gateway_refuses_fails_at_once(queued):
    sending.send_one(queued.pk, Recording(fail=GatewayError("HTTP 400: bad number", retry=False)))
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (Status.FAILED, 1)


def test_a_worker_that_dies_at_the_gateway_leaves_the_message_for_a_person(queued, director):
    sending.send_one(queued.pk, Recording(fail=RuntimeError("killed")))
    queued.refresh_from_db()
    assert queued.status == Status.SENDING and "killed" in queued.error
    gateway = Recording()
    assert queued.pk not in sending.due()
    sending.send_due()
    assert gateway.handed == []
    with pytest.raises(ValidationError):  # too early to say the worker is gone
        services.settle(actor=director, message=queued, went_out=False)
    Message.objects.filter(pk=queued.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    settled = services.settle(actor=director, message=queued, went_out=True)
    assert settled.status == Status.SENT
    assert AuditEvent.objects.filter(action=Action.NOTICE_SETTLED).count() == 1


def test_a_failed_message_is_sent_again_by_a_person_and_a_queued_one_cancelled(
    queued, teller, controller
):
    Message.objects.filter(pk=queued.pk).update(status=Status.FAILED, error="HTTP 400")
    with pytest.raises(PermissionDenied):
        services.retry(actor=controller, message=queued)
    assert queued.reference == queued.key
    again = services.retry(actor=teller, message=queued)
    assert again.status == Status.QUEUED and again.text == queued.text
    assert again.round == 2 and again.reference == f"{queued.key}#2"  # a new one for the gateway
    with pytest.raises(ValidationError) as refused:
        services.retry(actor=teller, message=queued)
    assert refused.value.error_list[0].code == "not_failed"
    cancelled = services.cancel(actor=teller, message=queued)
    assert cancelled.status == Status.CANCELLED
    assert sending.send_one(queued.pk, Recording()) == 0
    actions = list(AuditEvent.objects.filter(model="notices.message").values_list("action"))
    assert sorted(a for (a,) in actions) == [Action.NOTICE_RETRIED, Action.NOTICE_CANCELLED]


def test_a_message_the_gateway_took_without_a_readable_answer_is_never_sent_again(queued):
    from policycredit.notices.backends import AcceptedUnread

    sending.send_one(queued.pk, Recording(fail=AcceptedUnread("HTTP 200: OK")))
    queued.refresh_from_db()
    assert queued.status == Status.SENT and queued.gateway_id == ""
    assert queued.pk not in sending.due()
