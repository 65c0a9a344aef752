"""The error pages people see (issue 19): Vietnamese, inside the site's shell with its menu for a
signed-in person, never Django's English developer page; the demo runs with debug off, as
users will see it, and still serves its stylesheets."""

import html
import os
import subprocess
import sys

import pytest
from django.test import Client

from policycredit.web import errors
from tests.helpers import vi

pytestmark = pytest.mark.django_db

MENU = 'href="/reports/dashboard/"'  # an item of the menu of every role that sees reports


def _body(response) -> str:
    return response.content.decode()


def _vietnamese_with_the_menu(response, status: int) -> str:
    body = _body(response)
    assert response.status_code == status
    assert '<html lang="vi"' in body
    assert MENU in body, "the page keeps the site's menu"
    assert 'data-testid="error-page"' in body
    return body


def test_an_unknown_address_is_the_vietnamese_404_with_the_menu(client_as, settings):
    assert settings.DEBUG is False
    body = _vietnamese_with_the_menu(client_as("giamdoc").get("/khong-co/"), 404)
    assert vi("Page not found") in body
    assert vi("We’re sorry, but the requested page could not be found.") in body
    assert "URLconf" not in body and "Using the URLconf" not in body  # no developer page


def test_a_record_outside_the_users_area_is_a_404_in_the_shell(client_as):
    body = _vietnamese_with_the_menu(client_as("giamdoc").get("/fees/statements/999999999/"), 404)
    assert vi("No such record, or not in your area.") in body
    assert "matches the given query" not in body  # Django's message for developers


def test_a_page_of_another_role_is_the_403_with_the_menu(client_as):
    reply = client_as("hoiphunu").get("/books/")
    body = _vietnamese_with_the_menu(reply, 403)
    assert "403 Forbidden" not in body
    assert 'data-testid="error-message"' in body


def test_a_ward_outside_the_area_names_the_parameter_on_the_404(client_as, user):
    other = user("phuong.bachmai").unit_id
    reply = client_as("phuong.vinhtuy").get("/reports/dashboard/", {"unit": other})
    body = _vietnamese_with_the_menu(reply, 404)
    assert f"(unit)=“{other}”" in html.unescape(body)


def test_a_bad_address_is_the_400_with_the_menu(client_as):
    reply = client_as("giamdoc").get("/reports/dashboard/", {"as_of": "32/13/2024"})
    assert reply.status_code == 400
    body = _body(reply)
    assert '<html lang="vi"' in body and MENU in body


def test_a_stranger_on_an_unknown_address_gets_no_developer_page(client):
    reply = client.get("/credit/khong-co/")
    assert reply.status_code in (302, 404)
    assert "URLconf" not in _body(reply)


def test_the_400_handler_in_the_shell(rf, user):
    from django.core.exceptions import BadRequest, SuspiciousOperation
    from django.utils import translation

    request = rf.get("/")
    request.user = user("giamdoc")
    with translation.override("vi"):
        said = errors.bad_request(request, BadRequest("as_of=“hôm qua”"))
        hidden = errors.bad_request(request, SuspiciousOperation("Invalid HTTP_HOST header"))
    assert said.status_code == 400 and "as_of=“hôm qua”" in _body(said)
    assert MENU in _body(said) and vi("The request cannot be read.") in _body(said)
    assert "HTTP_HOST" not in _body(hidden)


def test_the_500_page_needs_no_database_and_is_vietnamese(rf, django_assert_num_queries):
    from django.utils import translation

    with translation.override("vi"), django_assert_num_queries(0):
        reply = errors.server_error(rf.get("/"))
    body = _body(reply)
    assert reply.status_code == 500
    assert '<html lang="vi"' in body and vi("Server error") in body


def test_a_server_error_in_a_view_is_the_500_page(client_as, monkeypatch):
    from policycredit.reporting import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "dashboard_for", broken)
    client = client_as("giamdoc")
    client.raise_request_exception = False
    reply = client.get("/reports/dashboard/")
    assert reply.status_code == 500
    assert vi("Server error") in _body(reply) and "boom" not in _body(reply)


def test_a_form_sent_without_its_token_is_the_csrf_page_with_the_menu(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("giamdoc"))
    reply = client.post("/reports/directive40/file/", {"format": "pdf"})
    body = _vietnamese_with_the_menu(reply, 403)
    assert "CSRF" not in body  # Django's page names the mechanism, not what to do


# -- the demo's settings -----------------------------------------------------------------------


def _demo_settings(extra: dict) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='policycredit.settings';"
        "from django.conf import settings;"
        "print(settings.DEBUG, 'whitenoise.middleware.WhiteNoiseMiddleware' in settings.MIDDLEWARE)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POLICYCREDIT"))}
    env = {**clean, "POLICYCREDIT_MODE": "demo", **extra}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_demo_runs_with_debug_off_unless_a_developer_asks():
    assert _demo_settings({}) == "False True"
    assert _demo_settings({"DJANGO_DEBUG": "1"}) == "True True"


def test_the_demo_serves_its_stylesheets_with_debug_off(client, settings):
    assert settings.DEBUG is False
    reply = client.get("/static/web/policycredit.css")
    assert reply.status_code == 200
    assert b".pc-page" in b"".join(reply.streaming_content)
    unfold = client.get("/static/unfold/css/styles.css")
    assert unfold.status_code == 200 and unfold["Content-Type"].startswith("text/css")
