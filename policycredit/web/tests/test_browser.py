"""Journeys in real Chromium: what a ward officer sees, in Vietnamese and in English."""

import re

import pytest
from playwright.sync_api import expect

from policycredit.accounts.models import User
from policycredit.borrowers.selectors import households_for
from policycredit.network.selectors import groups_for

pytestmark = pytest.mark.browser


def log_in(page, base, username, password="demo"):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_ward_officer_sees_only_her_ward_and_switches_language(page, live_world):
    base = live_world.url
    officer = User.objects.get(username="phuong.vinhtuy")
    own = list(households_for(officer).order_by("code"))
    foreign = list(households_for(User.objects.get(username="phuong.bachmai")))
    own_groups = list(groups_for(officer))

    log_in(page, base, "phuong.vinhtuy")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    figures = page.get_by_test_id("figures")
    expect(figures).to_contain_text(str(len(own)))

    page.goto(f"{base}/borrowers/household/?all=")
    body = page.locator("#result_list")
    for household in own[:5]:
        expect(body).to_contain_text(household.code)
    expect(page.locator("#result_list tbody tr")).to_have_count(len(own))
    text = body.inner_text()
    assert not any(h.code in text for h in foreign)

    page.goto(f"{base}/network/savingsgroup/?all=")
    expect(page.locator("#result_list tbody tr")).to_have_count(len(own_groups))

    # Guessing another ward's household by its id shows no data.
    response = page.goto(f"{base}/borrowers/household/{foreign[0].pk}/change/")
    assert response.status == 404
    assert foreign[0].head.full_name not in page.content()

    # Switch the interface to English from the user menu, then back to Vietnamese.
    user_menu = page.locator("[x-on\\:click='openUserLinks = !openUserLinks']")
    page.goto(f"{base}/borrowers/household/")
    user_menu.click()
    page.locator("form:has(input[name=language][value=en]) button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_contain_text("Households")
    expect(page.locator("#result_list tbody tr").first).to_be_visible()
    user_menu.click()
    page.locator("form:has(input[name=language][value=vi]) button").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("body")).to_contain_text("Hộ vay")
