"""The organisation officer's 06/TD check in real Chromium at 1366x768: from the list of checks
due to the flagged record."""

import re

import pytest
from playwright.sync_api import expect

from policycredit.inspections.models import LoanUseCheck
from policycredit.inspections.tests.conftest import D, member_of, originate, set_today

pytestmark = pytest.mark.browser


def test_a_partly_misused_loan_is_checked_and_flagged(page, live_world):
    set_today(D(2026, 3, 25))
    loan = originate(member_of(women=True))
    base = live_world.url
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "hoiphunu")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{base}/checks/")
    page.get_by_test_id(f"due-{loan.pk}").locator("a.pc-button").click()
    page.fill("input[name=checked_on]", "20/03/2026")
    page.check("input[name=outcome][value=partly]")
    page.fill("input[name=amount_used]", "18.500.000")
    page.fill("textarea[name=note]", "Bể nước mới xây một nửa")
    page.get_by_test_id("check-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("flag")).to_be_visible()
    expect(page.get_by_test_id("misused")).to_contain_text("1.500.000")
    # The form fits the screen: nothing runs off to the right.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert LoanUseCheck.objects.get(loan=loan).amount_used == 18_500_000
