"""The field app at a group's meeting, in real Chromium (issue 21's acceptance).

The leader signs in, opens the app and downloads his group: the figures on the phone are the
leader's papers' (transactiondays.selectors.leader_sheet) to the đồng. The signal goes; he
records what five members hand over, one of them a savings deposit, and reloads the page with
no signal: the app starts from its service worker and the records are still there. Meanwhile
the office takes a repayment at the counter from one of those members. The signal comes back
and the app sends: the bank holds each record exactly once, and the member whose figures
changed comes back as a conflict on the screen, which the leader settles by keeping what he
collected. A second send posts nothing.

With POLICYCREDIT_SCREENSHOTS set, screenshots at 360×740 and 1366×768 go to /tmp/field-shots/.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}
SHOTS = Path("/tmp/field-shots")
MEMBERS = 5
SAVINGS = 50_000
SHORT = 20_000  # what the first member keeps back of the interest due
AMOUNTS = (20_000_000, 30_000_000, 40_000_000, 25_000_000, 35_000_000, 45_000_000)


def _loans_in_the_leaders_group(today):
    """Job-creation loans to six members of the demo leader's group, lent three months ago
    from the district's budget capital: each member owes three months' interest."""
    from policycredit.accounts.models import User
    from policycredit.capital.models import CapitalSource
    from policycredit.common.selectors import replaying
    from policycredit.domain.loan import Instalment
    from policycredit.loans import services
    from policycredit.programmes.models import Programme

    group = User.objects.get(username="totruong").group
    lent_on = today - datetime.timedelta(days=90)
    programme = Programme.objects.get(code="GQVL")
    source = CapitalSource.objects.get(code="NS-HBT")
    members = group.memberships.filter(left__isnull=True, household__head__isnull=False)
    requests = [
        services.LoanRequest(
            household=m.household,
            borrower=m.household.head,
            programme=programme,
            group=group,
            amount=amount,
            term_months=24,
            purpose="Mở rộng sản xuất",
            applied_on=lent_on - datetime.timedelta(days=10),
            approved_on=lent_on - datetime.timedelta(days=5),
            disbursed_on=lent_on,
            source=source,
            instalments=(Instalment(lent_on + datetime.timedelta(days=720), amount),),
            jobs_new_planned=1,
        )
        for m, amount in zip(members.order_by("pk")[: MEMBERS + 1], AMOUNTS, strict=False)
    ]
    with replaying(lent_on):
        return group, services.originate_many(
            actor=User.objects.get(username="tindung"),
            approver=User.objects.get(username="giamdoc"),
            disburser=User.objects.get(username="giaodich"),
            requests=requests,
        )


def _papers(group, today) -> dict:
    """The leader's papers' figures of each member, by membership."""
    from policycredit.accounts.models import User
    from policycredit.transactiondays.selectors import leader_sheet

    sheet = leader_sheet(User.objects.get(username="totruong"), group, today)
    return {
        m.membership.pk: {
            "interest_due": sum(x.interest_due for x in m.loans),
            "principal_due": sum(x.principal_due for x in m.loans),
            "outstanding": sum(x.outstanding for x in m.loans),
            "savings_due": m.savings_due,
            "savings_balance": m.savings_balance,
        }
        for m in sheet.members
    }, sheet.day


def _shot(page, name, size):
    if not os.environ.get("POLICYCREDIT_SCREENSHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(size)
    page.screenshot(
        path=str(SHOTS / f"{name}-{size['width']}x{size['height']}.png"), full_page=True
    )
    page.set_viewport_size(PHONE)


def _shots(page, name):
    _shot(page, name, PHONE)
    _shot(page, name, DESK)


def _status(page, pending, conflicts=None):
    status = page.get_by_test_id("status")
    expect(status).to_have_attribute("data-pending", str(pending))
    if conflicts is not None:
        expect(status).to_have_attribute("data-conflicts", str(conflicts))


def test_the_leader_records_offline_and_the_bank_takes_each_record_once(page, live_world):
    from policycredit.accounts.models import User
    from policycredit.common.selectors import business_date
    from policycredit.field.models import SyncReceipt
    from policycredit.loans.services import events
    from policycredit.transactiondays.models import LeaderStatementLine

    base = live_world.url
    today = business_date()
    group, loans = _loans_in_the_leaders_group(today)
    papers, day = _papers(group, today)
    borrowers = [loan.household_id for loan in loans]
    chosen = [
        m.pk for m in group.memberships.filter(household_id__in=borrowers).order_by("pk")[:MEMBERS]
    ]
    assert all(papers[m]["interest_due"] > 0 for m in chosen)

    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.set_viewport_size(PHONE)
    # Not signed in: the app says so and leads to the sign-in page, which leads back.
    page.context.clear_cookies()
    page.goto(f"{base}/field/")
    page.get_by_test_id("signin-link").click()
    page.fill("input[name=username]", "totruong")
    page.fill("input[name=password]", "demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/field/")
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    # A leader has one group: the app opens on it.
    expect(page.get_by_test_id("group-name")).to_have_text(group.name)
    page.get_by_test_id("download").click()
    expect(page.get_by_test_id("record")).to_be_visible()
    expect(page.get_by_test_id("day")).to_have_text(f"{day:%d/%m/%Y}")
    _shots(page, "1-group")

    # What the phone holds is the leader's papers', to the đồng.
    packs = page.evaluate("Field.store.all('packs')")
    assert len(packs) == 1 and packs[0]["day"] == day.isoformat()
    on_phone = {
        m["membership_id"]: {name: m[name] for name in papers[m["membership_id"]]}
        for m in packs[0]["members"]
    }
    assert on_phone == papers

    # The meeting, with no signal.
    page.context.set_offline(True)
    page.get_by_test_id("record").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-online", "0")
    first = chosen[0]
    expect(page.get_by_test_id(f"member-{first}")).to_contain_text(
        _grouped(papers[first]["interest_due"])
    )
    _shots(page, "2-members")
    given = {m: papers[m]["interest_due"] for m in chosen}
    given[first] -= SHORT
    for n, membership in enumerate(chosen, 1):
        page.get_by_test_id(f"member-{membership}").click()
        form = page.get_by_test_id("member-form")
        # Prefilled with what is due, grouped as the project writes money.
        expect(form.locator("input[name=interest]")).to_have_value(
            _grouped(papers[membership]["interest_due"])
        )
        if n == 1:
            # The first member hands over less than is due (the bank refuses more than is due,
            # so what he gave can still be kept after the counter's repayment below).
            form.locator("input[name=interest]").fill(str(given[membership]))
        if n == MEMBERS:
            form.locator("input[name=savings]").fill(str(SAVINGS))
            expect(form.locator("input[name=savings]")).to_have_value(_grouped(SAVINGS))
            _shots(page, "3-member")
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id(f"member-{membership}")).to_have_attribute(
            "data-state", "pending"
        )
        _status(page, n)
    interest = sum(given.values())
    total = page.get_by_test_id("total")
    expect(total).to_have_attribute("data-interest", str(interest))
    expect(total).to_have_attribute("data-savings", str(SAVINGS))

    # Reloaded with no signal: the app starts from its worker, the records are still there.
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    _status(page, MEMBERS)
    for membership in chosen:
        expect(page.get_by_test_id(f"member-{membership}")).to_have_attribute(
            "data-state", "pending"
        )
    _shots(page, "4-offline-reloaded")

    # Meanwhile the office takes a repayment of interest at the counter from the first member.
    changed = next(loan for loan in loans if loan.household_id == _household(first))
    events.repay(
        actor=User.objects.get(username="giaodich"), loan=changed, on=today, interest=10_000
    )
    assert _papers(group, today)[0][first] != papers[first]

    posts = []
    page.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and "/sync/" in r.url else None,
    )
    page.context.set_offline(False)
    expect(page.get_by_test_id("status")).to_have_attribute("data-online", "1")
    page.get_by_test_id("sync").first.click()
    _status(page, 0, conflicts=1)

    # The bank holds each record exactly once; the changed member's waits as a conflict.
    keys = [r["key"] for r in page.evaluate("Field.store.all('records')")]
    assert len(keys) == MEMBERS == len(set(keys))
    lines = LeaderStatementLine.objects.filter(key__in=keys)
    assert lines.count() == MEMBERS
    assert SyncReceipt.objects.filter(key__in=keys).count() == MEMBERS
    assert {line.membership_id for line in lines} == set(chosen)
    (conflict,) = lines.filter(status="conflict")
    assert conflict.membership_id == first
    assert sum(line.savings for line in lines) == SAVINGS

    card = page.get_by_test_id(f"conflict-{conflict.pk}")
    expect(card).to_be_visible()
    expect(card.get_by_test_id("recorded")).to_contain_text(_grouped(given[first]))
    _shots(page, "5-conflict")
    card.get_by_test_id("keep").click()
    _status(page, 0, conflicts=0)
    conflict.refresh_from_db()
    assert conflict.status == "resolved"

    # A second send posts nothing, and says nothing waits.
    sent = len(posts)
    assert sent >= 1
    asked = int(page.locator("body").get_attribute("data-sends") or 0)
    page.get_by_test_id("sync").first.click()
    expect(page.locator("body")).to_have_attribute("data-sends", str(asked + 1))
    _status(page, 0, conflicts=0)
    expect(page.get_by_test_id("waiting")).to_be_visible()
    assert len(posts) == sent
    assert LeaderStatementLine.objects.filter(key__in=keys).count() == MEMBERS
    assert SyncReceipt.objects.filter(key__in=keys).count() == MEMBERS
    _shots(page, "6-sent")

    # The printable 13/TD list shows what was recorded.
    page.goto(f"{base}/field/#/g/{group.pk}/print")
    expect(page.get_by_test_id("print-interest")).to_have_text(_grouped(interest))
    _shots(page, "7-statement")
    assert not refused, refused


def _household(membership_id):
    from policycredit.network.models import Membership

    return Membership.objects.get(pk=membership_id).household_id


def _grouped(amount: int) -> str:
    return re.sub(r"(?<=\d)(?=(\d{3})+$)", ".", str(amount))
