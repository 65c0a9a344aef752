"""A transaction day in real Chromium: the teller opens the day, types a group's collections with
the keyboard, counts the cash and submits; the controller signs off; the loan, the books and
the receipt agree; the same form sent again changes nothing."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from policycredit.accounts.tests.four_eyes import step_taker
from policycredit.loans.tests.test_browser_loan import log_in

pytestmark = pytest.mark.browser


def _loan_at_a_point():
    from policycredit.accounts.models import User
    from policycredit.capital.models import CapitalSource
    from policycredit.common.selectors import business_date, replaying
    from policycredit.loans import services
    from policycredit.loans.tests.conftest import household_with_status
    from policycredit.programmes.models import Programme

    officer, director = User.objects.get(username="tindung"), User.objects.get(username="giamdoc")
    household = household_with_status("poor", 2026)
    start = datetime.date(2026, 8, 15)
    # Today is the point's session: a day opens only on it.
    point = household.memberships.get(left__isnull=True).group.transaction_point
    point.day_of_month = business_date().day
    point.save(update_fields=["day_of_month"])
    with replaying(start):
        application = services.submit_application(
            actor=officer,
            household=household,
            borrower=household.head,
            programme=Programme.objects.get(code="HN"),
            group=household.memberships.get(left__isnull=True).group,
            amount=30_000_000,
            term_months=36,
            purpose="Nuôi gà",
            applied_on=datetime.date(2026, 8, 1),
        )
        for step in ["reviewed", "appraised", "confirmed"]:
            services.advance_application(
                actor=step_taker(step),
                application=application,
                to=step,
                on=datetime.date(2026, 8, 5),
            )
        application = services.advance_application(
            actor=director, application=application, to="approved", on=datetime.date(2026, 8, 10)
        )
        return services.disburse(
            actor=User.objects.get(username="giaodich"),
            application=application,
            source=CapitalSource.objects.get(code="TW"),
            on=start,
        )


def test_a_transaction_day_from_the_keyboard_to_sign_off(page, live_world):
    from policycredit.common.selectors import business_date
    from policycredit.ledger.checks import check_books
    from policycredit.loans.models import Loan, LoanTransaction

    base = live_world.url
    loan = _loan_at_a_point()
    point, today = loan.group.transaction_point, business_date()

    log_in(page, base, "giaodich")
    page.goto(f"{base}/day/")
    page.select_option("select[name=point]", str(point.pk))
    page.fill("input[name=on]", f"{today:%d/%m/%Y}")
    page.fill("input[name=cash_brought]", "0")
    page.get_by_test_id("open-day").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/day/\d+/$"))
    day_url = page.url

    page.locator(f'a[href$="/groups/{loan.group_id}/"]').first.click()
    interest = page.locator(f'input[name="i-{loan.pk}"]')
    expect(interest).to_be_visible()
    interest.click()  # focus selects what is there: typing replaces it
    page.keyboard.type("300000")
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("total-interest")).to_contain_text("300.000 đ")
    page.keyboard.press("Control+s")
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-state", "saved")
    group_url = page.url

    page.goto(day_url)
    page.fill("input[name=n100000]", "3")
    page.click("button[value=cash]")
    expect(page.get_by_test_id("counted")).to_contain_text("300.000 đ")
    page.get_by_test_id("submit-day").click()  # refused: the point's other group is blank
    expect(page.get_by_test_id("status")).to_have_attribute("class", re.compile("open"))
    for row in page.locator("tr:has([data-testid=not-entered])").all():
        row.locator("input[name=reason]").fill("Tổ không đến")
        row.locator("button[value=no_collection]").click()
        expect(page.get_by_test_id("messages")).to_be_visible()
    expect(page.get_by_test_id("not-entered")).to_have_count(0)
    page.get_by_test_id("submit-day").click()
    expect(page.get_by_test_id("status")).to_have_attribute("class", re.compile("submitted"))

    log_in(page, base, "kiemsoat")
    page.goto(day_url)
    page.get_by_test_id("review-sign-off").click()  # what will be posted, before posting
    expect(page.get_by_test_id("total-interest")).to_have_text("300.000 đ")
    expect(page.get_by_test_id("receipts")).to_have_text("1")
    assert Loan.objects.get(pk=loan.pk).interest_paid_total == 0
    page.get_by_test_id("confirm-post").click()
    expect(page.get_by_test_id("status")).to_have_attribute("class", re.compile("posted"))

    assert Loan.objects.get(pk=loan.pk).interest_paid_total == 300_000
    assert check_books().ok
    receipt = page.context.request.get(f"{day_url}receipts/{loan.household_id}/?format=pdf")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"

    # The teller's screen sent again (a retry after a dropped connection) posts nothing more.
    posted = LoanTransaction.objects.count()
    log_in(page, base, "giaodich")
    page.goto(group_url)
    expect(page.locator(f'input[name="i-{loan.pk}"]')).to_have_value("300000")
    page.keyboard.press("Control+s")  # the screen is read-only now, but the form is resent
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-state", "refused")
    assert LoanTransaction.objects.count() == posted
    assert Loan.objects.get(pk=loan.pk).interest_paid_total == 300_000


def test_what_is_typed_survives_a_dropped_connection_and_is_sent_once(page, live_world):
    from policycredit.accounts.models import User
    from policycredit.common.selectors import business_date
    from policycredit.transactiondays.models import DayEntry
    from policycredit.transactiondays.services import open_day

    base = live_world.url
    loan = _loan_at_a_point()
    day = open_day(
        actor=User.objects.get(username="giaodich"),
        point=loan.group.transaction_point,
        on=business_date(),
    )
    log_in(page, base, "giaodich")
    page.goto(f"{base}/day/{day.pk}/groups/{loan.group_id}/")
    page.context.set_offline(True)
    page.locator(f'input[name="i-{loan.pk}"]').click()
    page.keyboard.type("120000")
    page.keyboard.press("Control+s")
    expect(page.get_by_test_id("net-status")).not_to_have_attribute("data-state", "saved")
    assert not DayEntry.objects.filter(day=day).exists()
    page.context.set_offline(False)  # the browser says "online": the form goes by itself
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-state", "saved")
    with page.expect_response(lambda reply: reply.request.method == "POST"):
        page.keyboard.press("Control+s")  # and once more by hand: still one entry
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-state", "saved")
    entries = list(DayEntry.objects.filter(day=day))
    assert [(e.loan_id, e.interest) for e in entries] == [(loan.pk, 120_000)]


def test_caps_lock_ctrl_s_saves_and_a_refusal_is_shown_by_its_row(page, live_world):
    """At 1366x768: the grid scrolls in its own frame (no page scroll sideways, the group's
    cash total in sight); Ctrl+S with Caps Lock on (key "S") saves; a refusal appears in the
    viewport beside the row, with the cursor in the wrong field."""
    from policycredit.accounts.models import User
    from policycredit.common.selectors import business_date
    from policycredit.transactiondays import selectors
    from policycredit.transactiondays.models import DayEntry
    from policycredit.transactiondays.services import open_day

    base = live_world.url
    loan = _loan_at_a_point()
    teller = User.objects.get(username="giaodich")
    day = open_day(actor=teller, point=loan.group.transaction_point, on=business_date())
    last = selectors.group_sheet(teller, loan.group, day.date).members[-1]
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, base, "giaodich")
    page.goto(f"{base}/day/{day.pk}/groups/{loan.group_id}/")

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    expect(page.get_by_test_id("total-net")).to_be_in_viewport()

    page.locator(f'input[name="i-{loan.pk}"]').click()
    page.keyboard.type("250000")
    page.keyboard.press("Control+S")  # Caps Lock: the key is "S"
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-state", "saved")
    expect(page.get_by_test_id("net-status")).to_be_in_viewport()
    assert DayEntry.objects.get(day=day, loan=loan).interest == 250_000

    # The last row: a withdrawal above the member's savings.
    wrong = page.locator(f'input[name="w-{last.membership.pk}"]')
    wrong.click()
    page.keyboard.type(str(last.savings_balance + 1_000_000))
    page.keyboard.press("Meta+s")  # Cmd+S on a Mac
    expect(page.get_by_test_id("net-status")).to_have_attribute("data-state", "refused")
    expect(page.get_by_test_id("errors")).to_be_in_viewport()
    note = page.get_by_test_id("row-error")
    expect(note).to_have_count(1)
    expect(note).to_be_in_viewport()
    expect(wrong).to_be_focused()
    expect(wrong).to_have_attribute("aria-invalid", "true")
    row_box = wrong.locator("xpath=ancestor::tr").bounding_box()
    note_box = note.bounding_box()
    assert 0 <= note_box["y"] - (row_box["y"] + row_box["height"]) < 5  # right under its row
