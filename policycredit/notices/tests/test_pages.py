"""The outbox and a day's messages on screen: scoped to the user's office, the send button
for those who may send, the service's refusals shown, never a 500."""

import datetime

import pytest

from policycredit.audit.models import Action, AuditEvent
from policycredit.common.selectors import replaying
from policycredit.geo.models import Office
from policycredit.notices import selectors
from policycredit.notices.models import Batch, Kind, Message, Status, Trigger

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)


@pytest.fixture
def elsewhere(savers, day):
    """A message of another office, failed: nobody of the demo's office may see it."""
    mine = day.office
    office = Office.objects.create(code="ELSEWHERE", name="PGD elsewhere", area=mine.area)
    household = savers["borrower"].household
    batch = Batch.objects.create(office=office, trigger=Trigger.REMINDERS, on=DAY)
    return Message.objects.create(
        office=office,
        batch=batch,
        household=household,
        kind=Kind.BEFORE_DAY,
        about=DAY,
        key="before_day:elsewhere",
        phone="0900000000",
        text="elsewhere",
        status=Status.FAILED,
    )


def send_button(client, day):
    with replaying(DAY):
        return client.post(f"/notices/days/{day.pk}/")


def test_the_teller_sends_a_days_messages_from_its_page_and_sees_them_in_the_outbox(
    savers, day, client_as, elsewhere, django_capture_on_commit_callbacks
):
    teller = client_as("giaodich")
    with replaying(DAY):
        page = teller.get(f"/notices/days/{day.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-to-queue="2"' in body
    assert body.count('data-no-phone="1"') == 1
    with django_capture_on_commit_callbacks(execute=True):
        reply = send_button(teller, day)
    assert reply.status_code == 302 and reply["Location"] == f"/notices/days/{day.pk}/"
    assert AuditEvent.objects.filter(action=Action.NOTICES_QUEUED).count() == 1
    with replaying(DAY):
        again = teller.get(f"/notices/days/{day.pk}/").content.decode()
    assert 'data-to-queue="0"' in again and again.count('data-status="delivered"') == 2
    outbox = teller.get("/notices/?status=delivered").content.decode()
    assert 'data-testid="count-delivered">2<' in outbox
    assert f'data-testid="message-{elsewhere.pk}"' not in teller.get("/notices/").content.decode()


def test_the_controller_sees_the_messages_but_sends_none(savers, day, client_as):
    controller = client_as("kiemsoat")
    with replaying(DAY):
        page = controller.get(f"/notices/days/{day.pk}/")
    assert page.status_code == 200 and 'data-testid="send"' not in page.content.decode()
    assert send_button(controller, day).status_code == 403
    assert not Message.objects.exists()


def test_a_failed_message_is_sent_again_from_the_outbox(savers, day, client_as, teller):
    from policycredit.notices import services

    with replaying(DAY):
        services.queue_day(actor=teller, day=day)
    message = Message.objects.order_by("id").first()
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED, error="HTTP 400: no")
    client = client_as("giaodich")
    page = client.get("/notices/?status=failed").content.decode()
    assert 'data-testid="retry"' in page and "HTTP 400: no" in page
    reply = client.post("/notices/?status=failed", {"action": "retry", "message": message.pk})
    assert reply.status_code == 302 and reply["Location"] == "/notices/?status=failed"
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    # Again: refused by the service, said on the page, nothing written.
    client.post("/notices/", {"action": "retry", "message": message.pk})
    assert AuditEvent.objects.filter(action=Action.NOTICE_RETRIED).count() == 1


def test_another_offices_message_is_not_there_for_the_office(elsewhere, client_as):
    client = client_as("giaodich")
    reply = client.post("/notices/", {"action": "retry", "message": elsewhere.pk})
    assert reply.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.FAILED
    assert client_as("admin").get("/notices/").status_code == 200


def test_the_outbox_is_scoped_to_the_users_offices(elsewhere, user):
    assert elsewhere not in selectors.messages_for(user("giaodich"))
    assert elsewhere in selectors.messages_for(user("admin"))
    assert not selectors.messages_for(user("hoiphunu")).exists()


@pytest.mark.parametrize("query", ["about=31/02/2026", "status=lost", "kind=sms"])
def test_a_filter_that_cannot_be_read_is_refused_by_name(client_as, query):
    reply = client_as("giamdoc").get(f"/notices/?{query}")
    assert reply.status_code == 400


def test_a_group_leader_has_no_outbox(client_as):
    assert client_as("totruong").get("/notices/").status_code == 403
