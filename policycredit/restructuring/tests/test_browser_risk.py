"""The acceptance story of issue 18, in real Chromium, by four people.

A borrower's instalment falls due next week and a storm hit the household: the credit officer
opens a risk dossier and records the loss, the ward's officer confirms it, the credit officer
proposes an extension after the engine's preview, and the director approves it; the close of
day past the old due date leaves the loan in term, and the decision prints in Vietnamese. The
same for a freeze and a write-off (losses in their bands, local-budget money: the People's
Committee's decision entered by the director), with the books and `ledger check --deep` proved
right after each. The proposer is never offered, nor allowed, the approval.
"""

import datetime
import io
import re
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from playwright.sync_api import expect

from policycredit.audit.models import Action, AuditEvent
from policycredit.closing import services as closing
from policycredit.common.selectors import business_date
from policycredit.ledger.checks import check_books
from policycredit.loans.models import Loan
from policycredit.restructuring import services
from policycredit.restructuring.models import Measure, RiskDossier

from .conftest import WARD_OFFICER, loan_due_next_week
from .stories import who

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)


# (browser context id, username) -> the cookies of that person's session. Each of the four
# signs in through the form once; when the story comes back to them their session is put back,
# as on their own office PC: twelve hand-overs, four sign-ins (each a few seconds of the suite).
_sessions: dict[tuple[int, str], list] = {}


@pytest.fixture(autouse=True)
def _no_session_of_another_test():
    _sessions.clear()


def log_in(page, base, username):
    context = page.context
    context.clear_cookies()
    kept = _sessions.get((id(context), username))
    if kept:
        context.add_cookies(kept)
        return
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    _sessions[(id(context), username)] = context.cookies()


def books_hold():
    assert check_books().ok
    out = io.StringIO()
    try:
        call_command("ledger", "check", "--deep", stdout=out)  # exits non-zero on a difference
    except Exception:
        print(out.getvalue())
        raise


def dossier_confirmed(page, base, loan, loss: str) -> RiskDossier:
    """The credit officer opens the dossier from the loan and records the loss; the ward's
    officer confirms it."""
    log_in(page, base, "tindung")
    page.goto(f"{base}/credit/loans/{loan.pk}/")
    page.get_by_test_id("open-dossier").click()
    page.select_option("select[name=cause]", "disaster")
    page.fill("input[name=event_on]", f"{business_date():%d/%m/%Y}")
    page.fill("textarea[name=description]", "Bão làm sập chuồng trại, chết gia súc")
    page.click("form[data-testid=open] button[type=submit]")
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "opened")
    dossier_url = page.url
    page.fill("input[name=by_group]", loss)
    page.fill("input[name=by_organisation]", loss)
    page.click("button[value=loss]")
    expect(page.get_by_test_id("loss-percent")).not_to_have_text("—")

    log_in(page, base, WARD_OFFICER)
    page.goto(dossier_url)
    page.fill("input[name=reference]", "15/XN-UBND")
    page.click("button[value=confirm]")
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "confirmed")
    return RiskDossier.objects.get(loan=loan)


def proposed(page, base, dossier, kind: str, fill) -> Measure:
    log_in(page, base, "tindung")
    page.goto(f"{base}{dossier.get_absolute_url()}")
    page.click(f"[data-testid=propose] a[data-kind={kind}]")
    fill(page)
    page.fill("textarea[name=reason]", "Thiệt hại do bão, theo hồ sơ rủi ro")
    page.get_by_test_id("preview-button").click()
    expect(page.get_by_test_id("preview")).to_be_visible()
    expect(page.get_by_test_id("figures")).to_contain_text("30.000.000")
    page.get_by_test_id("propose-button").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "pending")
    # The proposer is offered no approval, and the service refuses it.
    expect(page.get_by_test_id("approve")).to_have_count(0)
    measure = Measure.objects.get(dossier=dossier)
    with pytest.raises(PermissionDenied):
        services.approve_measure(actor=who("tindung"), measure=measure)
    return measure


def approved(page, base, measure, deciding=None) -> Measure:
    log_in(page, base, "giamdoc")
    page.goto(f"{base}{measure.get_absolute_url()}")
    expect(page.get_by_test_id("figures")).to_contain_text("30.000.000")
    if deciding:
        page.fill("input[name=deciding_number]", deciding)
        page.fill("input[name=deciding_date]", f"{business_date():%d/%m/%Y}")
        page.fill("input[name=deciding_issuer]", "UBND quận Hai Bà Trưng")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "done")
    return Measure.objects.get(pk=measure.pk)


def decision_text(page, base, measure) -> str:
    response = page.context.request.get(f"{base}/risk/measures/{measure.pk}/decision/?format=pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def business_names(*records) -> set:
    found = set()
    for r in records:
        found |= set(
            AuditEvent.objects.filter(model=r._meta.label_lower, object_id=str(r.pk)).values_list(
                "action", flat=True
            )
        )
    return found


def test_extension_freeze_and_write_off_from_the_dossier_to_the_close(page, live_world):
    base = live_world.url
    # Lent today, the first night's close to come: the books hold every day's interest.
    closing.start_at(day=business_date())
    extended = loan_due_next_week(days_ago=0)
    frozen = loan_due_next_week(source="NS-HBT", days_ago=0)
    written_off = loan_due_next_week(source="NS-HBT", days_ago=0)
    old_due = extended.next_due

    # An extension: 20 % of the 30,000,000 owed, decided by the office director.
    dossier = dossier_confirmed(page, base, extended, "6.000.000")
    new_due = old_due + 90 * DAY

    def extension_form(page):
        page.select_option("select[name=due]", old_due.isoformat())
        page.fill("input[name=new_due]", f"{new_due:%d/%m/%Y}")

    measure = approved(page, base, proposed(page, base, dossier, "extension", extension_form))
    assert measure.decision_number == "1/QĐ-PGD"
    books_hold()
    text = decision_text(page, base, measure)
    for words in (
        "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
        "Độc lập – Tự do – Hạnh phúc",
        "1/QĐ-PGD",
        extended.borrower.full_name,
        "30.000.000",
        f"{new_due:%d/%m/%Y}",
    ):
        assert words in text, words
    assert {
        Action.RISK_DOSSIER_OPENED,
        Action.RISK_LOSS_ASSESSED,
        Action.RISK_CONFIRMED_BY_WARD,
        Action.MEASURE_PROPOSED,
        Action.MEASURE_APPROVED,
    } <= business_names(dossier, measure)

    # A freeze: 60 % of local-budget money, for 24 months, on the People's Committee's decision.
    dossier = dossier_confirmed(page, base, frozen, "18.000.000")

    def freeze_form(page):
        page.fill("input[name=months]", "24")

    measure = proposed(page, base, dossier, "freeze", freeze_form)
    assert measure.level == "government"
    measure = approved(page, base, measure, deciding="120/QĐ-UBND")
    assert Loan.objects.get(pk=frozen.pk).principal_frozen == 30_000_000
    books_hold()
    assert "120/QĐ-UBND" in decision_text(page, base, measure)

    # A write-off: 90 %, the whole principal, on the People's Committee's decision.
    dossier = dossier_confirmed(page, base, written_off, "27.000.000")

    def write_off_form(page):
        page.fill("input[name=principal]", "30.000.000")

    measure = proposed(page, base, dossier, "write_off", write_off_form)
    measure = approved(page, base, measure, deciding="121/QĐ-UBND")
    assert Loan.objects.get(pk=written_off.pk).principal_written_off == 30_000_000
    books_hold()
    assert "121/QĐ-UBND" in decision_text(page, base, measure)

    # The nights pass the old due date: the extended instalment is not overdue.
    closing.close_until(until=old_due + DAY)
    extended = Loan.objects.get(pk=extended.pk)
    assert extended.status == "active" and extended.principal_overdue == 0
    assert extended.next_due == new_due
    assert Loan.objects.get(pk=frozen.pk).principal_overdue == 0
    books_hold()
