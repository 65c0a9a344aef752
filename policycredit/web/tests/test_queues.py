"""The work queues of the home page: each item appears when it is due and leaves once done,
and each role's home page lists its queues (found by data-testid, never by English text)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from policycredit.accounts.models import User
from policycredit.accounts.selectors import scope_of
from policycredit.accounts.tests.four_eyes import approved as approved_by
from policycredit.accounts.tests.four_eyes import decided, step_taker
from policycredit.calendar.selectors import next_transaction_day
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment as Planned
from policycredit.inspections.defaults import seed
from policycredit.inspections.models import Criterion, GradeBand
from policycredit.inspections.selectors import sheet_in_force
from policycredit.inspections.services import record_group_inspection, record_loan_use_check
from policycredit.loans import services
from policycredit.loans.selectors import loan_state
from policycredit.loans.services import advance_application, submit_application
from policycredit.loans.tests.conftest import (  # noqa: F401 (fixtures shared with the loans tests)
    approved,
    director,
    officer,
    poor_household,
    teller,
)
from policycredit.network.models import SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.restructuring import services as risk
from policycredit.transactiondays import selectors as day_selectors
from policycredit.transactiondays import services as day_services
from policycredit.web import queues

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 10)


def _vi(text: str) -> str:
    with translation.override("vi"):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def business_day():
    with replaying(TODAY):
        yield


def keys(queue) -> list[str]:
    return [item.key for item in queue.items]


def named(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def loan(approved, teller):  # noqa: F811
    """50,000,000 đ from 15/03/2024: 20,000,000 due on 20/06/2026 and the last 30,000,000 on
    05/07/2026, both within the 30 days after 10/06/2026."""
    return services.disburse(
        actor=teller,
        application=approved,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
        instalments=[Planned(D(2026, 6, 20), 20_000_000), Planned(D(2026, 7, 5), 30_000_000)],
    )


def repay(loan, principal: int):
    interest = loan_state(loan, TODAY).interest_due
    return approved_by(
        services.repay(
            actor=named("giaodich"), loan=loan, on=TODAY, principal=principal, interest=interest
        ),
        "kiemsoat",
    )


# ---------------------------------------------------------------------------- applications


APPLIED = D(2024, 6, 1)


def apply(actor, household, amount: int, applied_on=APPLIED):
    """Form 01/TD for a poor household's loan, submitted by ``actor``."""
    return submit_application(
        actor=actor,
        household=household,
        borrower=household.head,
        programme=Programme.objects.get(code="HN"),
        group=household.memberships.get(left__isnull=True).group,
        amount=amount,
        term_months=24,
        purpose="Chăn nuôi bò",
        applied_on=applied_on,
    )


@pytest.fixture
def submitted(poor_household, director):  # noqa: F811
    """Submitted by the director, so that the credit officer has taken no step of it."""
    return apply(director, poor_household, 40_000_000)


def test_an_application_leaves_the_officers_queue_once_he_takes_its_step(submitted, officer):  # noqa: F811
    assert submitted.number in keys(queues.applications_at_my_step(officer, TODAY))
    advance_application(actor=officer, application=submitted, to="reviewed", on=TODAY)
    # One person, one step: the next step is no longer his to take.
    assert submitted.number not in keys(queues.applications_at_my_step(officer, TODAY))


def ward_officers(household) -> tuple[User, User]:
    """The ward officer of the household's ward, and one of another ward."""
    officers = User.objects.filter(role="ward_officer", username__startswith="phuong.")
    ours = [u for u in officers if household.ward_id in scope_of(u).ward_ids]
    others = [u for u in officers if household.ward_id not in scope_of(u).ward_ids]
    return ours[0], others[0]


def test_an_appraised_application_waits_on_the_wards_03td_list_until_confirmed(submitted):
    ward, _other = ward_officers(submitted.household)
    advance_application(
        actor=step_taker("reviewed"), application=submitted, to="reviewed", on=TODAY
    )
    assert submitted.number not in keys(queues.lists_to_confirm(ward, TODAY))
    advance_application(
        actor=step_taker("appraised"), application=submitted, to="appraised", on=TODAY
    )
    queue = queues.lists_to_confirm(ward, TODAY)
    assert submitted.number in keys(queue) and queue.count == 1
    advance_application(actor=ward, application=submitted, to="confirmed", on=TODAY)
    assert submitted.number not in keys(queues.lists_to_confirm(ward, TODAY))
    # It waits for the approval now, but not the director's: he submitted it.
    assert submitted.number not in keys(queues.applications_at_my_step(named("giamdoc"), TODAY))


def test_a_confirmed_application_waits_for_the_directors_approval(poor_household, director):  # noqa: F811
    application = apply(named("hoiphunu"), poor_household, 30_000_000)
    ward, _other = ward_officers(poor_household)
    for step, actor in [("reviewed", "totruong"), ("appraised", "tindung"), ("confirmed", ward)]:
        actor = actor if isinstance(actor, User) else named(actor)
        advance_application(actor=actor, application=application, to=step, on=TODAY)
    assert application.number in keys(queues.applications_at_my_step(director, TODAY))
    approved_by(
        advance_application(actor=director, application=application, to="approved", on=TODAY),
        "kiemsoat",
    )
    assert application.number not in keys(queues.applications_at_my_step(director, TODAY))


def test_another_wards_officer_does_not_see_the_application(submitted):
    for step in ["reviewed", "appraised"]:
        advance_application(actor=step_taker(step), application=submitted, to=step, on=TODAY)
    ours, other = ward_officers(submitted.household)
    assert queues.lists_to_confirm(ours, TODAY).count == 1
    assert queues.lists_to_confirm(other, TODAY).count == 0


# ---------------------------------------------------------------------------- loans


def test_instalments_due_are_summed_by_point_and_leave_when_repaid(loan, officer):  # noqa: F811
    queue = queues.instalments_due(officer, TODAY)
    point = loan.group.transaction_point
    (item,) = [i for i in queue.items if i.key == point.code]
    assert item.amount == 50_000_000 and item.date == D(2026, 6, 20)
    assert queue.count == 1 and queue.total == 50_000_000
    # 20,000,000 paid ahead pays the nearest instalment: 30,000,000 is left to fall due.
    repay(loan, 20_000_000)
    (item,) = queues.instalments_due(officer, TODAY).items
    assert item.amount == 30_000_000
    repay(loan, 30_000_000)
    assert queues.instalments_due(officer, TODAY).items == []


def test_instalments_beyond_30_days_are_not_due_yet(loan):
    assert queues.instalments_due(named("tindung"), D(2026, 5, 1)).items == []
    assert queues.instalments_due(named("tindung"), D(2026, 5, 21)).total == 20_000_000


def test_a_loan_maturing_within_30_days_leaves_once_settled(loan, officer):  # noqa: F811
    queue = queues.loans_maturing(officer, TODAY)
    (item,) = queue.items
    assert item.key == loan.number and item.date == D(2026, 7, 5)
    assert item.href == reverse("loans:loan", args=[loan.pk])
    assert queues.loans_maturing(officer, D(2026, 5, 1)).items == []
    repay(loan, 50_000_000)
    assert queues.loans_maturing(officer, TODAY).items == []


@pytest.fixture
def overdue_loan(approved, teller):  # noqa: F811
    """20,000,000 due on 05/06/2026 and not paid: overdue from 06/06/2026."""
    loan = services.disburse(
        actor=teller,
        application=approved,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
        instalments=[Planned(D(2026, 6, 5), 20_000_000), Planned(D(2027, 6, 5), 30_000_000)],
    )
    services.refresh_states([loan], as_of=TODAY)
    loan.refresh_from_db()
    return loan


def test_a_loan_overdue_this_month_waits_for_the_director_until_repaid(overdue_loan, director):  # noqa: F811
    queue = queues.new_overdue(director, TODAY)
    (item,) = queue.items
    assert (item.key, item.date, item.amount) == (overdue_loan.number, D(2026, 6, 6), 20_000_000)
    assert queue.total == 20_000_000
    # Next month it is not new any more.
    assert queues.new_overdue(director, D(2026, 7, 10)).items == []
    repay(overdue_loan, 20_000_000)
    assert queues.new_overdue(director, TODAY).items == []


# ---------------------------------------------------------------------------- approvals


def test_a_proposal_waits_for_the_controller_and_leaves_once_approved(loan, teller):  # noqa: F811
    controller = named("kiemsoat")
    interest = loan_state(loan, TODAY).interest_due
    proposal = services.repay(
        actor=teller, loan=loan, on=TODAY, principal=50_000_000, interest=interest
    )
    key = f"proposal-{proposal.pk}"
    assert key in keys(queues.approvals_waiting(controller, TODAY))
    assert key in keys(queues.my_proposals(teller, TODAY))
    assert key not in keys(queues.approvals_waiting(teller, TODAY))
    approved_by(proposal, controller)
    assert key not in keys(queues.approvals_waiting(controller, TODAY))
    assert key not in keys(queues.my_proposals(teller, TODAY))


# ---------------------------------------------------------------------------- transaction days


@pytest.fixture
def open_day(loan):
    point = loan.group.transaction_point
    point.day_of_month = TODAY.day  # a day opens only on its point's session
    point.save(update_fields=["day_of_month"])
    return day_services.open_day(
        actor=named("giaodich"), point=loan.group.transaction_point, on=TODAY
    )


def submit(day):
    by = named("giaodich")
    day_services.record_cash_count(actor=by, day=day, counts={})
    for group in day_selectors.groups_not_entered(day):
        day_services.record_no_collection(actor=by, day=day, group=group, reason="Không thu")
    return day_services.submit(actor=by, day=day)


def test_an_open_day_waits_for_the_teller_until_submitted(open_day, teller):  # noqa: F811
    key = f"{open_day.point.code}:{TODAY.isoformat()}"
    (item,) = [i for i in queues.days_to_enter(teller, TODAY).items if i.key == key]
    assert item.href == reverse("transactiondays:day", args=[open_day.pk])
    submit(open_day)
    assert key not in keys(queues.days_to_enter(teller, TODAY))


def test_the_calendars_coming_sessions_wait_for_the_teller_to_open_them(teller):  # noqa: F811
    queue = queues.days_to_enter(teller, TODAY)
    assert queue.count > 0
    assert all(TODAY <= item.date <= D(2026, 6, 17) for item in queue.items)
    assert all(item.href == reverse("transactiondays:days") for item in queue.items)


def test_a_submitted_day_waits_to_be_signed_off_and_leaves_once_signed(open_day):
    key = f"{open_day.point.code}:{TODAY.isoformat()}"
    assert key not in keys(queues.days_to_sign_off(named("kiemsoat"), TODAY))
    submit(open_day)
    for username in ["kiemsoat", "giamdoc"]:
        assert key in keys(queues.days_to_sign_off(named(username), TODAY))
    day_services.sign_off(
        actor=named("kiemsoat"),
        day=open_day,
        seen=day_selectors.posting_summary(open_day).fingerprint,
    )
    assert key not in keys(queues.days_to_sign_off(named("kiemsoat"), TODAY))


def test_a_day_not_posted_holds_up_the_close_until_signed_off(open_day):
    accountant = named("ketoan")
    key = f"{open_day.point.code}:{TODAY.isoformat()}"
    assert key in keys(queues.close_of_day(accountant, TODAY))
    submit(open_day)
    assert key in keys(queues.close_of_day(accountant, TODAY))
    day_services.sign_off(
        actor=named("kiemsoat"),
        day=open_day,
        seen=day_selectors.posting_summary(open_day).fingerprint,
    )
    assert queues.close_of_day(accountant, TODAY).count == 0


# ---------------------------------------------------------------------------- risk and checks


def open_dossier(loan):
    dossier = risk.open_dossier(
        actor=named("tindung"),
        loan=loan,
        cause="disaster",
        description="Lũ cuốn trôi chuồng trại",
        event_on=D(2026, 6, 1),
    )
    return risk.record_loss(
        actor=named("tindung"), dossier=dossier, by_group=15_000_000, by_organisation=15_000_000
    )


def test_a_risk_dossier_waits_for_the_wards_confirmation(loan):
    dossier = open_dossier(loan)
    ward, other = ward_officers(loan.household)
    (item,) = queues.dossiers_to_confirm(ward, TODAY).items
    assert (item.key, item.date) == (str(dossier.pk), D(2026, 6, 1))
    assert item.href == reverse("restructuring:dossier", args=[dossier.pk])
    assert queues.dossiers_to_confirm(other, TODAY).items == []
    risk.confirm_by_ward(actor=ward, dossier=dossier, reference="123/UBND")
    assert queues.dossiers_to_confirm(ward, TODAY).items == []


def test_an_open_dossier_with_an_instalment_soon_needs_its_extension_decided(loan, officer):  # noqa: F811
    assert queues.extensions_to_decide(officer, TODAY).items == []
    dossier = open_dossier(loan)
    (item,) = queues.extensions_to_decide(officer, TODAY).items
    assert (item.key, item.date) == (loan.number, D(2026, 6, 20))
    assert item.href == reverse("restructuring:propose", args=[loan.pk])
    risk.withdraw(actor=officer, dossier=dossier, reason="Hộ đã khắc phục được")
    assert queues.extensions_to_decide(officer, TODAY).items == []


def test_a_freeze_ending_within_60_days_waits_for_the_officer(loan, officer):  # noqa: F811
    """Frozen on 01/09/2024 for 22 months: it ends on 01/07/2026, 21 days after today."""
    decided(
        services.freeze,
        loan=loan,
        on=D(2024, 9, 1),
        loss_percent=Decimal("50"),
        months=22,
        decision="QĐ 15/2024",
    )
    (item,) = queues.freezes_expiring(officer, TODAY).items
    assert (item.key, item.date, item.amount) == (loan.number, D(2026, 7, 1), 50_000_000)
    assert queues.freezes_expiring(officer, D(2026, 4, 1)).items == []


def test_a_loan_use_check_is_due_until_recorded(loan, officer):  # noqa: F811
    """Disbursed on 15/03/2024: due by 14/04/2024, late after, no longer queued half a year on."""
    when = D(2024, 4, 20)
    (item,) = [i for i in queues.loan_use_checks_due(officer, when).items if i.key == loan.number]
    assert item.date == D(2024, 4, 14)  # 30 days after the disbursement on 15/03/2024
    assert item.href == reverse("inspections:check_new", args=[loan.pk])
    assert loan.number not in keys(queues.loan_use_checks_due(officer, D(2024, 9, 16)))
    record_loan_use_check(actor=officer, loan=loan, checked_on=when, outcome="as_planned")
    assert loan.number not in keys(queues.loan_use_checks_due(officer, when))


def test_a_group_waits_for_its_yearly_inspection_until_inspected():
    seed(Criterion, GradeBand)
    organisation_officer = named("hoiphunu")
    queue = queues.groups_to_inspect(organisation_officer, TODAY)
    assert queue.count > 0
    group = SavingsGroup.objects.get(code=queue.items[0].key)
    criteria, _bands = sheet_in_force(TODAY)
    record_group_inspection(
        actor=organisation_officer,
        group=group,
        inspected_on=TODAY,
        scores={c.code: c.max_score for c in criteria},
    )
    after = queues.groups_to_inspect(organisation_officer, TODAY)
    assert group.code not in keys(after) and after.count == queue.count - 1
    # Next year every group is due again, the one inspected last of all.
    assert queues.groups_to_inspect(organisation_officer, D(2027, 1, 5)).count == queue.count


def test_the_group_leader_gets_his_two_papers_for_the_next_transaction_day(loan):
    leader = named("totruong")
    queue = queues.leader_papers(leader, TODAY)
    sheet, statement = queue.items
    group = leader.group
    assert sheet.href == reverse("transactiondays:leader_sheet_group", args=[group.pk])
    assert statement.href == reverse("transactiondays:statement_13td_group", args=[group.pk])
    assert sheet.date == next_transaction_day(group.transaction_point, TODAY)
    assert queue.big and queue.total == sheet.amount
    assert queues.leader_papers(named("tindung"), TODAY).items == []


# ---------------------------------------------------------------------------- the home page

EXPECTED = {
    "tindung": [
        "applications",
        "instalments-due",
        "extensions",
        "freezes-expiring",
        "maturing",
        "checks-06td",
    ],
    "giamdoc": ["approvals", "sign-off", "new-overdue", "applications"],
    "phuong.vinhtuy": ["lists-03td", "dossiers"],
    "hoiphunu": ["groups-16td", "checks-06td", "applications"],
    "totruong": ["leader-papers", "applications"],
    "giaodich": ["days-to-enter", "my-proposals"],
    "kiemsoat": ["sign-off", "approvals"],
    "ketoan": ["close", "my-proposals"],
    "bandaidien": ["new-overdue"],
    "admin": ["approvals"],
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_roles_home_page_lists_its_queues(client_as, username):
    response = client_as(username).get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in EXPECTED[username]:
        assert f'data-testid="queue-{name}"' in page, name
    assert page.count('data-testid="queue-') >= len(EXPECTED[username])
    assert 'data-testid="figures"' in page  # the headline figures stay, below the queues
    assert page.index('data-testid="queues"') < page.index('data-testid="figures"')


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_every_see_all_link_opens_for_the_role(client_as, username):
    client = client_as(username)
    for queue in queues.queues_for(named(username), TODAY):
        if queue.more:
            assert client.get(queue.more).status_code == 200, (queue.name, queue.more)


def test_the_queue_titles_follow_the_language_of_the_page():
    with translation.override("vi"):
        vietnamese = str(queues.applications_at_my_step(named("tindung"), TODAY).title)
    with translation.override("en"):
        english = str(queues.applications_at_my_step(named("tindung"), TODAY).title)
    assert english == "Applications at your step"
    assert vietnamese == _vi("Applications at your step")


def test_the_home_page_links_each_item_to_where_it_is_done(client_as, loan):
    page = client_as("tindung").get(reverse("admin:index")).content.decode()
    assert f'data-key="{loan.number}"' in page
    assert reverse("loans:loan", args=[loan.pk]) in page


def test_the_home_page_reads_a_bounded_number_of_queries(client_as, loan, overdue_loan_elsewhere):
    """However many loans: every queue is a few set-based reads, never one per loan."""
    client = client_as("tindung")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("admin:index"))
    assert len(queries) <= 30


@pytest.fixture
def overdue_loan_elsewhere(teller):  # noqa: F811
    """A second loan in the same office, so that a read per loan would show in the count."""
    from policycredit.loans.tests.conftest import household_with_status

    household = household_with_status("poor", 2024)
    application = approved_for(household, 10_000_000, D(2024, 3, 1), D(2024, 3, 6))
    return services.disburse(
        actor=teller,
        application=application,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
        instalments=[Planned(D(2026, 6, 25), 10_000_000)],
    )


def approved_for(household, amount: int, applied_on, on):
    """An application taken through its steps by four people, approved."""
    application = apply(named("hoiphunu"), household, amount, applied_on)
    ward, _other = ward_officers(household)
    for step, actor in [("reviewed", named("totruong")), ("appraised", named("tindung"))]:
        advance_application(actor=actor, application=application, to=step, on=on)
    advance_application(actor=ward, application=application, to="confirmed", on=on)
    return approved_by(
        advance_application(actor=named("giamdoc"), application=application, to="approved", on=on),
        "kiemsoat",
    )


def test_the_queues_come_from_the_table_not_the_template():
    assert set(queues.QUEUES) >= {
        "credit_officer",
        "director",
        "ward_officer",
        "organisation_officer",
        "group_leader",
        "teller",
        "controller",
        "accountant",
    }


# ---------------------------------------------------------------------------- in Chromium


@pytest.mark.browser
def test_the_officers_queues_fit_a_laptop_and_a_phone_and_lead_to_the_loan(page, live_world):
    from playwright.sync_api import expect

    from policycredit.common.selectors import stored_business_date
    from policycredit.loans.tests.conftest import household_with_status
    from policycredit.loans.tests.test_browser_loan import log_in

    today = stored_business_date() or timezone.localdate()
    with replaying(today):
        household = household_with_status("poor", today.year)
        application = approved_for(household, 20_000_000, today, today)
        loan = services.disburse(
            actor=named("giaodich"),
            application=application,
            source=CapitalSource.objects.get(code="TW"),
            on=today,
            instalments=[Planned(today + datetime.timedelta(days=20), 20_000_000)],
        )
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_world.url, "tindung")
    queue = page.get_by_test_id("queue-maturing")
    expect(queue).to_be_visible()
    expect(page.get_by_test_id("queue-instalments-due")).to_be_visible()
    # Three queues side by side on a laptop, none wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path="/tmp/queues-1366.png")
    page.set_viewport_size({"width": 390, "height": 844})
    box = queue.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path="/tmp/queues-390.png", full_page=True)
    queue.locator(f'[data-key="{loan.number}"]').click()
    page.wait_for_url(f"**/credit/loans/{loan.pk}/")
