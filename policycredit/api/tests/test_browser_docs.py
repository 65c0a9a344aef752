"""The API's documentation pages run in real Chromium under the site's CSP: Swagger UI and
Redoc load from our own files, draw the schema, and the browser reports no CSP refusal. One
thing is asked of another site and refused by the CSP, as it should be: Redoc's "powered by"
logo (an image on cdn.redoc.ly that no setting of Redoc's free edition removes)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
LOGO = "cdn.redoc.ly/redoc/logo-mini.svg"


def test_swagger_ui_and_redoc_render_without_csp_errors(page, live_world):
    base = live_world.url
    refused = []

    def note(text):
        if LOGO not in text:
            refused.append(text)

    page.on("console", lambda m: note(m.text) if "Content Security" in m.text else 0)
    page.on("request", lambda r: note(r.url) if not r.url.startswith(base) else 0)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "giamdoc")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{base}/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=20_000)
    page.goto(f"{base}/api/redoc/")
    expect(page.get_by_text("/api/v1/households/").first).to_be_attached(timeout=20_000)
    assert not refused, refused
