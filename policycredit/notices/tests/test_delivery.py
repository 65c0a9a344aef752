"""The gateway's delivery reports: believed only when signed with the shared secret."""

import json
import time

import pytest
from django.test import Client

from policycredit.notices.backends import signature
from policycredit.notices.models import Message, Status

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-tests"  # conftest's POLICYCREDIT_SMS_CALLBACK_SECRET
URL = "/notices/delivery/"


def post(body, *, secret=SECRET, timestamp=None, client=None):
    data = json.dumps(body).encode() if not isinstance(body, bytes) else body
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"X-Timestamp": timestamp}
    if secret:
        headers["X-Signature"] = "sha256=" + signature(secret, timestamp, data)
    return (client or Client()).post(
        URL, data=data, content_type="application/json", headers=headers
    )


@pytest.fixture
def sent(savers, day, teller):
    from policycredit.common.selectors import replaying
    from policycredit.notices import services

    with replaying(day.date):
        services.queue_day(actor=teller, day=day)
    message = Message.objects.order_by("id").first()
    Message.objects.filter(pk=message.pk).update(status=Status.SENT, gateway_id="GW-1")
    return message


def test_a_signed_report_marks_the_message_delivered_and_again_changes_nothing(sent):
    reply = post({"id": "GW-1", "status": "delivered"})
    assert reply.status_code == 200 and reply.json() == {
        "ok": True,
        "recorded": ["GW-1"],
        "unknown": [],
    }
    sent.refresh_from_db()
    assert sent.status == Status.DELIVERED and sent.delivered_at
    assert post([{"id": "GW-1", "status": "failed"}]).status_code == 200
    sent.refresh_from_db()
    assert sent.status == Status.DELIVERED  # forward only


def test_a_report_of_a_message_not_delivered_records_why(sent):
    post({"id": "GW-1", "status": "failed", "error": "handset off for 48 h"})
    sent.refresh_from_db()
    assert sent.status == Status.FAILED and "handset off" in sent.error


def test_a_report_of_an_unknown_id_is_answered_as_unknown(sent):
    assert post({"id": "GW-404", "status": "delivered"}).json()["unknown"] == ["GW-404"]


@pytest.mark.parametrize(
    "secret, timestamp", [(None, None), ("wrong-secret", None), (SECRET, 1_000_000_000)]
)
def test_a_report_without_the_secrets_signature_is_refused(sent, secret, timestamp):
    reply = post({"id": "GW-1", "status": "delivered"}, secret=secret, timestamp=timestamp)
    assert reply.status_code == 403 and reply.json()["error"] == "bad_signature"
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_a_signed_in_person_is_refused_like_anyone_without_the_secret(sent, client_as):
    reply = post({"id": "GW-1", "status": "delivered"}, secret=None, client=client_as("giamdoc"))
    assert reply.status_code == 403


@pytest.mark.parametrize(
    "body", [b"not json", {"id": "GW-1", "status": "read"}, [], {"status": "delivered"}]
)
def test_a_signed_report_that_cannot_be_read_is_a_400(sent, body):
    reply = post(body)
    assert reply.status_code == 400 and reply.json()["ok"] is False


def test_the_callback_answers_no_get(client):
    assert client.get(URL).status_code == 405


def test_without_a_secret_configured_every_report_is_refused(sent, settings):
    settings.POLICYCREDIT_SMS_CALLBACK_SECRET = ""
    assert post({"id": "GW-1", "status": "delivered"}).status_code == 403
