"""From form 01/TD to a disbursed loan on the borrower page, in real Chromium, by three people."""

import re

import pytest
from playwright.sync_api import expect

from policycredit.accounts.tests.four_eyes import step_taker
from policycredit.common.selectors import business_date
from policycredit.loans.models import Application
from policycredit.loans.services import advance_application
from policycredit.loans.tests.conftest import household_with_status

pytestmark = pytest.mark.browser


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))


def test_an_application_goes_from_01td_to_disbursement(page, live_world):
    base = live_world.url
    household = household_with_status("poor", 2026)

    log_in(page, base, "tindung")
    page.goto(f"{base}/credit/households/{household.pk}/")
    expect(page.get_by_test_id("loans")).to_be_visible()
    page.locator(f'a[href$="/credit/households/{household.pk}/apply/"]').click()
    page.select_option("select[name=programme]", label="Cho vay hộ nghèo")
    page.fill("input[name=amount]", "40000000")
    page.fill("input[name=term_months]", "36")
    page.fill("textarea[name=purpose]", "Mua máy khâu, mở tiệm may")
    page.click("form.pc-card button[type=submit]")
    expect(page.get_by_test_id("status")).to_be_visible()
    application_url = page.url
    # The group's review, the organisation's appraisal and the ward's confirmation are each
    # another person's step (one person, one step): taken here through the service.
    application = Application.objects.get(household=household, status="submitted")
    for step in ("reviewed", "appraised", "confirmed"):
        advance_application(
            actor=step_taker(step), application=application, to=step, on=business_date()
        )
    page.reload()
    expect(page.get_by_test_id("status")).to_contain_text("03/TD")

    log_in(page, base, "giamdoc")
    page.goto(application_url)
    page.click("button[value=next]")
    expect(page.get_by_test_id("status")).to_contain_text("04/TD")
    notice = page.context.request.get(application_url + "04td/")
    assert notice.ok and "PHÊ DUYỆT CHO VAY" in notice.text()

    log_in(page, base, "giaodich")
    page.goto(application_url)
    page.select_option("select[name=source]", label="Nguồn vốn Trung ương")
    page.click("button[value=disburse]")
    expect(page.get_by_test_id("state")).to_contain_text("40.000.000 đ")

    page.goto(f"{base}/credit/households/{household.pk}/")
    expect(page.get_by_test_id("loans")).to_contain_text("40.000.000 đ")
    expect(page.get_by_test_id("loans")).to_contain_text("Cho vay hộ nghèo")
