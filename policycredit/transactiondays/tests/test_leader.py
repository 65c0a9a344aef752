"""The group leader's papers for the meeting before the transaction day.

The story: a poor household of the Women's Union group no. 1 at the Nguyễn Du point (the demo
group leader's group) borrowed 30,000,000 đ on 15/03/2026 at 0.55 %/month (5,500 đ a day on
the monthly rate ÷ 30) and saved 50,000 đ on 05/06/2026. On 10/06/2026 the leader prepares the
point's next session: the interest due is 5,500 đ × the days from 15/03/2026 to that day, the
savings expected 50,000 đ; the teller's collection sheet of that day says the same.
"""

import datetime
import os
import subprocess

import pytest
from django.urls import reverse
from django.utils.html import escape

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import step_taker
from policycredit.calendar.selectors import next_transaction_day
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.network.models import SavingsGroup
from policycredit.network.selectors import groups_for
from policycredit.programmes.models import Programme
from policycredit.savings.services import deposit
from policycredit.transactiondays import selectors

D = datetime.date
TODAY = D(2026, 6, 10)
LENT_ON = D(2026, 3, 15)
DAILY_INTEREST = 5_500  # 30,000,000 × 0.55 % ÷ 30
PDFTOTEXT = "/usr/bin/pdftotext"


def poor_member(group: SavingsGroup, year: int):
    for membership in group.memberships.filter(left__isnull=True, household__head__isnull=False):
        household = membership.household
        latest = household.poverty_records.filter(year__lte=year).order_by("-year").first()
        if latest is not None and latest.status == "poor":
            return membership
    raise LookupError(group)


def lend_in_the_leaders_group(amount=30_000_000, on=LENT_ON):
    """A loan to a poor member of the demo group leader's group, through the services."""
    from policycredit.loans import services

    group = User.objects.get(username="totruong").group
    membership = poor_member(group, on.year)
    household = membership.household
    officer, director = User.objects.get(username="tindung"), User.objects.get(username="giamdoc")
    with replaying(on):
        application = services.submit_application(
            actor=officer,
            household=household,
            borrower=household.head,
            programme=Programme.objects.get(code="HN"),
            group=group,
            amount=amount,
            term_months=24,
            purpose="Chăn nuôi gà",
            applied_on=on - datetime.timedelta(days=14),
        )
        for step in ["reviewed", "appraised", "confirmed"]:
            services.advance_application(
                actor=step_taker(step), application=application, to=step, on=on
            )
        application = services.advance_application(
            actor=director, application=application, to="approved", on=on
        )
        loan = services.disburse(
            actor=User.objects.get(username="giaodich"),
            application=application,
            source=CapitalSource.objects.get(code="TW"),
            on=on,
        )
    return loan, membership


@pytest.fixture
def story(db):
    loan, membership = lend_in_the_leaders_group()
    with replaying(D(2026, 6, 5)):
        deposit(
            actor=User.objects.get(username="giaodich"),
            membership=membership,
            amount=50_000,
            on=D(2026, 6, 5),
        )
    group = loan.group
    day = next_transaction_day(group.transaction_point, TODAY)
    return {"loan": loan, "membership": membership, "group": group, "day": day}


@pytest.fixture
def as_user(client):
    def login(username):
        client.force_login(User.objects.get(username=username))
        return client

    return login


def get(client, name, *args, **query):
    with replaying(TODAY):
        return client.get(reverse(f"transactiondays:{name}", args=args), query)


def member_of(sheet, membership):
    return next(m for m in sheet.members if m.membership.pk == membership.pk)


@pytest.mark.django_db
def test_the_leader_sees_what_each_member_owes_at_the_next_day(as_user, story):
    reply = get(as_user("totruong"), "leader_sheet")
    assert reply.status_code == 200
    sheet = reply.context["sheet"]
    assert sheet.group == story["group"] and sheet.day == story["day"] >= TODAY
    member = member_of(sheet, story["membership"])
    (line,) = member.loans
    days = (story["day"] - LENT_ON).days
    assert line.interest_due == DAILY_INTEREST * days  # checked by hand: 5,500 đ a day
    assert line.principal_due == 0 and line.overdue == 0 and line.outstanding == 30_000_000
    assert member.savings_due == 50_000
    assert member.total_due == DAILY_INTEREST * days + 50_000
    body = reply.content.decode()
    assert f"{story['day']:%d/%m/%Y}" in body and escape(story["group"].name) in body
    assert f'data-testid="member-{member.household.code}"' in body


@pytest.mark.django_db
def test_the_papers_say_what_the_collection_sheet_says_to_the_dong(as_user, story):
    from policycredit.transactiondays.services import open_day

    teller = User.objects.get(username="giaodich")
    with replaying(story["day"]):
        day = open_day(actor=teller, point=story["group"].transaction_point, on=story["day"])
    collection = as_user("giaodich").get(
        reverse("transactiondays:sheet", args=[day.pk, story["group"].pk])
    )
    (taken,) = collection.context["documents"]
    teller_sheet = taken[0]
    leader = get(as_user("totruong"), "leader_sheet").context["sheet"]
    statement = get(as_user("totruong"), "statement_13td").context
    assert leader.totals == teller_sheet.totals
    assert [m.total_due for m in leader.members] == [m.total_due for m in teller_sheet.members]
    rows = statement["rows"]
    assert [r.interest_due for r in rows] == [
        sum(x.interest_due for x in m.loans) for m in teller_sheet.members
    ]
    assert [r.savings_due for r in rows] == [m.savings_due for m in teller_sheet.members]
    assert sum(r.interest_due for r in rows) == teller_sheet.totals["interest_due"]


@pytest.mark.django_db
def test_the_leader_sees_his_group_only(as_user, story):
    client = as_user("totruong")
    assert get(client, "leader_sheet_group", story["group"].pk).status_code == 200
    other = SavingsGroup.objects.exclude(pk=story["group"].pk).first()
    assert get(client, "leader_sheet_group", other.pk).status_code == 404
    assert get(client, "statement_13td_group", other.pk).status_code == 404
    assert get(client, "statement_13td_group", 10**12).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["tindung", "giaodich", "hoiphunu"])
def test_officers_open_any_group_of_their_area_from_the_list(as_user, story, username):
    client = as_user(username)
    listed = get(client, "leader_sheet")
    assert listed.status_code == 200 and story["group"] in listed.context["groups"]
    assert f'data-testid="sheet-{story["group"].pk}"' in listed.content.decode()
    reply = get(client, "leader_sheet_group", story["group"].pk)
    assert reply.status_code == 200 and reply.context["sheet"].day == story["day"]
    assert get(client, "statement_13td_group", story["group"].pk).status_code == 200


@pytest.mark.django_db
def test_an_organisation_officer_does_not_open_another_organisations_group(as_user, story):
    client = as_user("hoiphunu")
    area = groups_for(User.objects.get(username="hoiphunu")).values("pk")
    outside = SavingsGroup.objects.exclude(pk__in=area).first()
    assert get(client, "leader_sheet_group", outside.pk).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["giamdoc", "kiemsoat", "ketoan", "phuong.vinhtuy"])
def test_other_roles_are_refused(as_user, story, username):
    client = as_user(username)
    assert get(client, "leader_sheet").status_code == 403
    assert get(client, "statement_13td_group", story["group"].pk).status_code == 403


@pytest.mark.django_db
def test_the_13td_statement_is_prefilled_with_empty_columns_to_fill(as_user, story):
    reply = get(as_user("totruong"), "statement_13td")
    assert reply.status_code == 200
    row = next(
        r for r in reply.context["rows"] if r.household_code == story["membership"].household.code
    )
    days = (story["day"] - LENT_ON).days
    assert (row.interest_due, row.savings_due, row.outstanding) == (
        DAILY_INTEREST * days,
        50_000,
        30_000_000,
    )
    body = reply.content.decode()
    assert "13/TD" in body and escape(story["group"].organisation.name) in body
    # What the leader collects and each member's signature are written in by hand.
    assert body.count('class="blank"') == 3 * len(reply.context["rows"])


@pytest.mark.django_db
def test_leader_papers_for_the_home_page(story):
    leader = User.objects.get(username="totruong")
    papers = selectors.leader_papers(leader, TODAY)
    assert papers.group == story["group"] and papers.day == story["day"]
    assert papers.sheet_url == reverse(
        "transactiondays:leader_sheet_group", args=[story["group"].pk]
    )
    assert papers.statement_url == reverse(
        "transactiondays:statement_13td_group", args=[story["group"].pk]
    )
    assert selectors.leader_papers(User.objects.get(username="tindung"), TODAY) is None


def pdf_text(reply, tmp_path) -> str:
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    path = tmp_path / "paper.pdf"
    path.write_bytes(reply.content)
    return subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.django_db
@pytest.mark.skipif(not os.path.exists(PDFTOTEXT), reason="needs poppler-utils")
@pytest.mark.parametrize("name", ["leader_sheet", "statement_13td"])
def test_the_papers_print_as_pdf_in_vietnamese(as_user, story, tmp_path, name):
    text = pdf_text(get(as_user("totruong"), name, format="pdf"), tmp_path)
    sheet = selectors.leader_sheet(User.objects.get(username="totruong"), story["group"], TODAY)
    assert story["group"].name in text  # "Tổ TK&VV số 1 – Hội Liên hiệp Phụ nữ …", diacritics kept
    assert f"{story['day']:%d/%m/%Y}" in text
    interest = f"{sheet.totals['interest_due']:,}".replace(",", ".")
    assert interest in text
    if name == "statement_13td":
        assert "13/TD" in text


@pytest.mark.browser
def test_the_leaders_paper_fits_a_phone(page, live_world):
    from policycredit.loans.tests.test_browser_loan import log_in

    lend_in_the_leaders_group(on=D(2026, 8, 15))
    base = live_world.url
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, base, "totruong")
    page.goto(f"{base}{reverse('transactiondays:leader_sheet')}")
    assert page.get_by_test_id("leader-sheet").is_visible()
    assert page.locator(".lead-member").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{base}{reverse('transactiondays:statement_13td')}")
    assert page.get_by_test_id("statement").is_visible()
