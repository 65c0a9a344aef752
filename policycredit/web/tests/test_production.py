"""What production needs around the application: a health endpoint, logs a machine can read
without personal data in them, and settings `check --deploy` finds nothing to say about."""

import json
import logging
import os
import subprocess
import sys

import pytest

from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.closing import services as closing

pytestmark = pytest.mark.django_db


def test_health_says_the_database_answers_and_how_the_last_close_ended(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] in ("sqlite", "postgresql")
    assert body["close"]["interrupted"] is False
    closing.close_day()
    after = client.get("/health/").json()
    assert after["close"]["last_closed"] is not None
    assert after["business_date"] > body["business_date"]
    assert "no-cache" in client.get("/health/").headers["Cache-Control"]


@pytest.fixture
def logged(caplog):
    """The project's loggers write to their own handler (settings.LOGGING), not the root's."""
    loggers = [logging.getLogger(n) for n in ("policycredit.requests", "policycredit.events")]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    with caplog.at_level(logging.INFO, logger="policycredit"):
        yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)


def test_a_request_is_logged_by_its_route_never_by_what_was_typed(client_as, logged):
    caplog = logged
    client = client_as("giamdoc")
    client.get("/borrowers/household/?q=Nguyễn Thị 001180054321")
    (line,) = [r for r in caplog.records if r.name == "policycredit.requests"]
    assert (line.method, line.route, line.status) == ("GET", "borrowers/household/", 200)
    assert line.user_id is not None
    text = json.dumps(vars(line), default=str)
    assert "Nguyễn" not in text and "001180054321" not in text


def test_a_business_event_is_logged_once_committed_without_its_values(
    user, logged, django_capture_on_commit_callbacks
):
    caplog = logged
    officer = user("giamdoc")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        record(actor=officer, action=Action.UPDATED, instance=officer, new={"phone": "0912"})
    assert not [r for r in caplog.records if r.name == "policycredit.events"]  # not yet
    for callback in pending:
        callback()
    (line,) = [r for r in caplog.records if r.name == "policycredit.events"]
    assert (line.action, line.model, line.actor_id) == ("updated", "accounts.user", officer.pk)
    assert "0912" not in json.dumps(vars(line), default=str)


def test_the_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        # The suite's own (conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright).
        if k not in ("POLICYCREDIT_MODE", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SECRET_KEY="a-long-random-secret-for-the-test-only-0123456789-abcdefghij",
        DJANGO_ALLOWED_HOSTS="pgd.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path}/prod.sqlite3",
    )
    done = subprocess.run(
        [sys.executable, "-m", "policycredit", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
