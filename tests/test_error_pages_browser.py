"""In Chromium, with debug off as in the demo: an unknown address and a page of another role
are Vietnamese pages inside the site's shell, its menu still there to go on from."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import vi

pytestmark = pytest.mark.browser


def _sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_a_404_and_a_403_keep_the_menu_in_vietnamese(page, live_world):
    base = live_world.url
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, base, "giamdoc")
    reply = page.goto(f"{base}/khong-co/")
    assert reply.status == 404
    expect(page.get_by_test_id("error-page")).to_contain_text(vi("Page not found"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    menu = page.locator('a[href="/reports/dashboard/"]').first
    expect(menu).to_be_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > innerWidth")
    menu.click()  # the way on is one click away
    page.wait_for_url(re.compile(r".*/reports/dashboard/$"))

    page.context.clear_cookies()
    _sign_in(page, base, "hoiphunu")
    reply = page.goto(f"{base}/books/")
    assert reply.status == 403
    expect(page.get_by_test_id("error-message")).to_be_visible()
    expect(page.locator('a[href="/reports/dashboard/"]').first).to_be_visible()
    assert "403 Forbidden" not in page.content()
