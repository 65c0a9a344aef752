"""The API's rules on the small demo world: scope, masked and logged citizen IDs, tokens that
expire, no HTTP Basic, throttling, the error body, pages and filters."""

import base64
import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone, translation
from rest_framework.settings import api_settings

from policycredit.api.models import ApiToken
from policycredit.api.services import create_token, revoke_token
from policycredit.audit.models import Action, AuditEvent
from policycredit.borrowers.selectors import households_for
from policycredit.transactiondays.tests.test_leader import LENT_ON, lend_in_the_leaders_group

pytestmark = pytest.mark.django_db


def test_a_ward_officer_lists_only_his_wards_households_and_another_is_404(client_as, user):
    officer = user("phuong.vinhtuy")
    mine = set(households_for(officer).values_list("id", flat=True))
    answer = client_as("phuong.vinhtuy").get("/api/v1/households/?page_size=200").json()
    assert answer["count"] == len(mine)
    assert {h["id"] for h in answer["results"]} <= mine
    outside = households_for(user("giamdoc")).exclude(id__in=mine).first()
    refused = client_as("phuong.vinhtuy").get(f"/api/v1/households/{outside.pk}/")
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"


def test_a_citizen_id_is_masked_and_its_full_view_is_logged(client_as):
    client = client_as("giamdoc")
    person = client.get("/api/v1/persons/?page_size=1").json()["results"][0]
    assert "*" in person["cccd"] or person["cccd"] == ""
    before = AuditEvent.objects.filter(action=Action.SENSITIVE_VIEWED).count()
    full = client.get(f"/api/v1/persons/{person['id']}/cccd/")
    assert full.status_code == 200
    assert (
        AuditEvent.objects.filter(
            action=Action.SENSITIVE_VIEWED, object_id=str(person["id"])
        ).count()
        == before + 1
    )


def test_a_group_leader_may_not_see_a_citizen_id_in_full(client_as):
    client = client_as("totruong")
    person = client.get("/api/v1/persons/?page_size=1").json()["results"][0]
    answer = client.get(f"/api/v1/persons/{person['id']}/cccd/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "permission_denied"


def test_a_token_reads_until_it_expires_or_is_revoked(client, user):
    leader = user("totruong")
    token, text = create_token(actor=leader, name="phone")
    auth = {"HTTP_AUTHORIZATION": f"Token {text}"}
    assert client.get("/api/v1/groups/", **auth).status_code == 200
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_CREATED).exists()
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(1))
    expired = client.get("/api/v1/groups/", **auth)
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"
    revoke_token(actor=leader, token=ApiToken.objects.get(pk=token.pk))
    assert client.get("/api/v1/groups/", **auth).json()["code"] == "token_invalid"
    assert AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED).exists()


def test_a_stranger_gets_401_and_http_basic_is_refused(client):
    assert client.get("/api/v1/households/").status_code == 401
    basic = base64.b64encode(b"admin:demo").decode()
    answer = client.get("/api/v1/households/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"


def test_too_many_requests_answer_429_with_retry_after(client_as):
    client = client_as("giamdoc")
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "2/minute"}
    with override_settings(REST_FRAMEWORK={**_rest(), "DEFAULT_THROTTLE_RATES": rates}):
        answers = [client.get("/api/v1/reports/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].json()["code"] == "throttled"
    assert int(answers[-1]["Retry-After"]) > 0


def test_an_error_body_has_a_code_a_vietnamese_message_and_its_fields(client_as):
    answer = client_as("giamdoc").get("/api/v1/households/?ward=abc")
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid"
    assert body["fields"]["ward"][0]["code"] == "invalid"
    with translation.override("vi"):
        assert body["message"] == translation.gettext("Enter a whole number.")


def test_pages_and_a_filter(client_as):
    client = client_as("giamdoc")
    page = client.get("/api/v1/households/?page_size=7&page=2").json()
    assert len(page["results"]) == 7 and page["previous"] and page["count"] > 14
    ward = page["results"][0]["ward"]
    same = client.get(f"/api/v1/households/?ward={ward}&page_size=200").json()["results"]
    assert same and {h["ward"] for h in same} == {ward}
    too_big = client.get("/api/v1/households/?page_size=201")
    assert too_big.status_code == 400
    assert too_big.json()["fields"]["page_size"][0]["code"] == "bad_page_size"


def test_the_tokens_page_shows_a_new_token_once(client_as):
    client = client_as("ketoan")
    made = client.post("/api/tokens/", {"action": "make", "name": "Excel"})
    assert made.status_code == 200
    token = ApiToken.objects.get(user__username="ketoan")
    assert f'data-token="{token.token_key[:8]}"' in made.content.decode()
    assert client.get("/api/tokens/").content.decode().count('data-testid="token-text"') == 0


def _rest():
    return settings.REST_FRAMEWORK


def test_a_loans_state_and_explanation_are_the_engines_to_the_dong(client_as):
    """30,000,000 đ lent on 15/03/2026 at 0.55 %/month on a 30-day basis: 5,500 đ a day. As of
    10/06/2026 the interest runs to 09/06: 17 days of March, 30 of April, 31 of May and 9 of
    June, 87 days, 478,500 đ, all of it due; nothing repaid, nothing overdue."""
    loan, _membership = lend_in_the_leaders_group()
    assert LENT_ON == datetime.date(2026, 3, 15)
    client = client_as("giamdoc")
    answer = client.get(f"/api/v1/loans/{loan.pk}/", {"as_of": "2026-06-10"})
    assert answer.status_code == 200, answer.content.decode()
    state = answer.json()["state"]
    assert state["principal_outstanding"] == state["principal_in_term"] == 30_000_000
    assert state["principal_overdue"] == 0
    assert state["interest_accrued_total"] == state["interest_due"] == 87 * 5_500 == 478_500
    explained = client.get(f"/api/v1/loans/{loan.pk}/explanation/", {"as_of": "2026-06-10"}).json()
    assert explained["interest_due"] == 478_500
    assert sum(s["days"] for s in explained["segments"]) == 87
    assert {s["balance"] for s in explained["segments"]} == {30_000_000}
