"""The headers every answer carries: a Content-Security-Policy the pages pass, no-store on what a
signed-in person is sent (files too), nosniff and a referrer policy; HSTS and the deploy check
in production settings; and, in real Chromium, no page refused by its own policy."""

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

import policycredit

pytestmark = pytest.mark.django_db

TEMPLATES = Path(policycredit.__file__).parent


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    # Scripts: never any inline script but this answer's nonce (and the known handlers' hashes).
    assert "'unsafe-inline'" not in csp["script-src"]
    assert not any(s.startswith(("http:", "https:", "*")) for s in csp["script-src"])
    return csp


def assert_not_stored(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_a_signed_in_page_is_not_stored_and_its_inline_script_carries_the_nonce(client_as):
    response = client_as("giamdoc").get("/reports/dashboard/", {"as_of": "11/06/2024"})
    assert response.status_code == 200
    csp = assert_common_headers(response)
    assert_not_stored(response)
    (nonce,) = [s[len("'nonce-") : -1] for s in csp["script-src"] if s.startswith("'nonce-")]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    executable = [attrs for attrs in inline if "application/json" not in attrs]
    assert executable, "the dashboard draws its charts with an inline script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in executable)


def test_the_overview_and_a_list_are_not_stored(client_as):
    client = client_as("giaodich")
    for url in ("/", "/borrowers/household/", "/day/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_common_headers(response)
        assert_not_stored(response)


def test_a_file_download_is_not_stored(client_as):
    response = client_as("giamdoc").get("/calendar/", {"year": 2026, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert_not_stored(response)
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_login_page_carries_the_headers(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert_common_headers(response)
    assert "no-store" in response["Cache-Control"]


def test_every_inline_handler_in_the_templates_is_allowed_by_its_hash():
    """An onclick= in a template runs only if its hash is in settings.INLINE_HANDLER_HASHES: a
    new one fails here before it fails silently in a browser."""
    allowed = set(settings.INLINE_HANDLER_HASHES)
    found = set()
    for template in TEMPLATES.rglob("templates/**/*.html"):
        for code in re.findall(r'\son[a-z]+="([^"]*)"', template.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
            found.add(f"'sha256-{digest}'")
            assert f"'sha256-{digest}'" in allowed, f"{template}: {code}"
    assert found == allowed  # and no hash is left for a handler that is gone


def test_every_inline_script_in_the_templates_carries_the_nonce():
    for template in TEMPLATES.rglob("templates/**/*.html"):
        for attrs in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", template.read_text("utf-8")):
            if "application/json" not in attrs:
                assert "request.csp_nonce" in attrs, template


def _production_env(tmp_path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "POLICYCREDIT")) and k != "DATABASE_URL"
    }
    return {
        **env,
        "DJANGO_SECRET_KEY": "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(50)),
        "DJANGO_ALLOWED_HOSTS": "x",
        "DATABASE_URL": f"sqlite:///{tmp_path}/production.sqlite3",
    }


def _run(tmp_path, *command) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *command], env=_production_env(tmp_path), capture_output=True, text=True
    )


def test_production_sends_hsts_and_asks_for_the_second_factor(tmp_path):
    done = _run(
        tmp_path,
        "-c",
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'policycredit.settings';"
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.POLICYCREDIT_OTP_REQUIRED)",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["31536000", "True", "True", "True", "True", "True"]


def test_the_deploy_check_is_clean_in_production_settings(tmp_path):
    done = _run(tmp_path, "-m", "policycredit", "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


# In a real browser: the pages run under their policy without a refusal.


@pytest.mark.browser
def test_no_page_breaks_its_own_content_security_policy(page, live_world):
    from playwright.sync_api import expect

    from policycredit.accounts.models import User
    from policycredit.common.selectors import business_date
    from policycredit.network.models import SavingsGroup
    from policycredit.transactiondays.services import open_day

    base = live_world.url
    refusals = []
    page.on(
        "console",
        lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: refusals.append(str(error)))

    teller = User.objects.get(username="giaodich")
    group = SavingsGroup.objects.filter(transaction_point__office=teller.office).first()
    point = group.transaction_point
    point.day_of_month = business_date().day  # a day opens only on its point's session
    point.save(update_fields=["day_of_month"])
    day = open_day(actor=teller, point=point, on=business_date())

    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "giamdoc")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{base}/reports/dashboard/?as_of=11/06/2024")
    page.wait_for_function("window.pcCharts && window.pcCharts.capital")  # the nonced script ran
    page.goto(f"{base}/")
    # Alpine.js at work (the user menu opens): its expressions need 'unsafe-eval'.
    page.locator("[x-on\\:click='openUserLinks = !openUserLinks']").click()
    expect(page.locator("form:has(input[name=language][value=en]) button")).to_be_visible()
    page.goto(f"{base}/day/{day.pk}/")
    page.goto(f"{base}/day/{day.pk}/groups/{group.pk}/")
    page.wait_for_load_state("networkidle")
    assert refusals == []
