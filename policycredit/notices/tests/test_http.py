"""The HTTP gateway's adapter against a fake `requests` session: no network."""

import json
from types import SimpleNamespace

import pytest
import requests
from django.test import override_settings

from policycredit.notices.backends import (
    AcceptedUnread,
    GatewayError,
    HttpBackend,
    signature,
)

GATEWAY = {
    "POLICYCREDIT_SMS_URL": "https://sms.example.vn/api/send",
    "POLICYCREDIT_SMS_API_KEY": "key-123",
    "POLICYCREDIT_SMS_API_SECRET": "secret-456",
    "POLICYCREDIT_SMS_SENDER": "NHCSXH",
    "POLICYCREDIT_SMS_TIMEOUT": 7,
}
MESSAGE = SimpleNamespace(
    pk=41,
    phone="0912345678",
    text="NHCSXH PGD Hai Ba Trung: ...",
    key="before_day:1:2:2026-06-15",
    reference="before_day:1:2:2026-06-15",
)


class Reply:
    def __init__(self, status, body):
        self.status_code, self.body = status, body
        self.text = body if isinstance(body, str) else json.dumps(body)

    def json(self):
        if isinstance(self.body, str):
            raise ValueError("not JSON")
        return self.body


class FakeSession:
    def __init__(self, answer):
        self.answer, self.calls = answer, []

    def post(self, url, data, headers, timeout):
        self.calls.append({"url": url, "data": data, "headers": headers, "timeout": timeout})
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def send(answer):
    session = FakeSession(answer)
    with override_settings(**GATEWAY):
        result = HttpBackend(session=session).send(MESSAGE)
    return result, session.calls


def test_the_adapter_posts_one_signed_json_message_and_reads_the_gateways_id():
    handed, (call,) = send(Reply(200, {"id": "GW-9", "status": "accepted"}))
    assert handed.gateway_id == "GW-9" and handed.delivered is False
    assert call["url"] == GATEWAY["POLICYCREDIT_SMS_URL"] and call["timeout"] == 7
    assert json.loads(call["data"]) == {
        "to": "0912345678",
        "from": "NHCSXH",
        "text": MESSAGE.text,
        "reference": MESSAGE.reference,
    }
    headers = call["headers"]
    assert headers["Authorization"] == "Bearer key-123"
    assert headers["X-Signature"] == signature("secret-456", headers["X-Timestamp"], call["data"])


@pytest.mark.parametrize(
    "answer",
    [
        requests.ConnectTimeout("connect timed out"),
        requests.ReadTimeout("read timed out"),
        requests.ConnectionError("refused"),
        Reply(503, "busy"),
        Reply(429, "slow down"),
    ],
)
def test_timeouts_and_the_gateways_own_troubles_are_tried_again(answer):
    with pytest.raises(GatewayError) as failed:
        send(answer)
    assert failed.value.retry is True


def test_a_message_the_gateway_refuses_is_not_tried_again():
    with pytest.raises(GatewayError) as failed:
        send(Reply(400, {"error": "invalid number"}))
    assert failed.value.retry is False and "invalid number" in str(failed.value)


def test_an_accepted_message_without_a_readable_id_is_never_sent_again():
    with pytest.raises(AcceptedUnread):
        send(Reply(200, "OK"))


def test_without_an_address_nothing_is_posted():
    session = FakeSession(Reply(200, {"id": "x"}))
    with override_settings(POLICYCREDIT_SMS_URL=""), pytest.raises(GatewayError) as failed:
        HttpBackend(session=session).send(MESSAGE)
    assert failed.value.retry is False and session.calls == []
