"""The day's pages as the teller and the controller use them (server side; the browser journey
is in test_browser_day.py)."""

import datetime

import pytest
from django.utils.html import escape

from policycredit.accounts.models import User
from policycredit.common.selectors import replaying
from policycredit.loans.models import Loan
from policycredit.transactiondays.models import DayEntry, DayStatus, TransactionDay
from policycredit.transactiondays.tests.conftest import (
    confirm_sign_off,
    nothing_from_the_other_groups,
    seen,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)


def test_a_teller_opens_a_day_and_sees_the_groups(client_as, loan_at_point):
    client = client_as("giaodich")
    point = loan_at_point.group.transaction_point
    reply = client.post("/day/", {"point": point.pk, "on": "15/06/2026", "cash_brought": "0"})
    day = TransactionDay.objects.get(point=point, date=DAY)
    assert reply.status_code == 302 and reply.url == f"/day/{day.pk}/"
    page = client.get(f"/day/{day.pk}/").content.decode()
    assert escape(str(loan_at_point.group)) in page


def test_the_entry_screen_is_prefilled_and_saves_once_however_often_it_is_sent(
    client_as, day, loan_at_point
):
    client = client_as("giaodich")
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    page = client.get(url).content.decode()
    assert f'name="i-{loan_at_point.pk}"' in page and 'value="843333"' in page
    form = {f"p-{loan_at_point.pk}": "0", f"i-{loan_at_point.pk}": "843.333"}
    for _ in range(2):  # a double click, or a resend after a dropped connection
        reply = client.post(url, form, HTTP_X_REQUESTED_WITH="fetch")
        assert reply.json()["ok"] is True and reply.json()["warnings"] == []
    entry = DayEntry.objects.get(day=day)
    assert (entry.loan_id, entry.interest) == (loan_at_point.pk, 843_333)


def test_the_entry_screen_refuses_too_much_interest_as_json(client_as, day, loan_at_point):
    client = client_as("giaodich")
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    reply = client.post(url, {f"i-{loan_at_point.pk}": "900000"}, HTTP_X_REQUESTED_WITH="fetch")
    assert reply.status_code == 400
    assert "843.333" in reply.json()["errors"][0]
    assert not DayEntry.objects.filter(day=day).exists()


def test_text_that_is_not_an_amount_is_refused_clearly(client_as, day, loan_at_point):
    client = client_as("giaodich")
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    reply = client.post(url, {f"i-{loan_at_point.pk}": "ba trăm"}, HTTP_X_REQUESTED_WITH="fetch")
    assert reply.status_code == 400 and "ba trăm" in reply.json()["errors"][0]


def test_the_controller_signs_off_from_the_page_and_a_resubmission_changes_nothing(
    client_as, day, loan_at_point
):
    teller = client_as("giaodich")
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    teller.post(url, {f"i-{loan_at_point.pk}": "843300"}, HTTP_X_REQUESTED_WITH="fetch")
    notes = {
        "n500000": 1,
        "n200000": 1,
        "n100000": 1,
        "n20000": 2,
        "n2000": 1,
        "n1000": 1,
        "n200": 1,
        "n100": 1,
    }
    with replaying(DAY):
        teller.post(f"/day/{day.pk}/", {"action": "cash", **notes})
        nothing_from_the_other_groups(day, User.objects.get(username="giaodich"))
        teller.post(f"/day/{day.pk}/", {"action": "submit"})
        assert teller.post(f"/day/{day.pk}/sign-off/", {"seen": seen(day)}).status_code == 403
        controller = client_as("kiemsoat")
        # The day page's old button no longer posts: it leads to the confirmation.
        old_button = controller.post(f"/day/{day.pk}/", {"action": "sign_off"})
        assert old_button.url == f"/day/{day.pk}/sign-off/"
        day.refresh_from_db()
        assert day.status == DayStatus.SUBMITTED
        assert confirm_sign_off(controller, day).status_code == 302
        assert controller.post(f"/day/{day.pk}/sign-off/", {"seen": ""}).status_code == 302
    day.refresh_from_db()
    assert day.status == DayStatus.POSTED
    assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == 843_300
    # The teller's form sent again after sign-off is refused; the loan does not change.
    teller = client_as("giaodich")
    reply = teller.post(url, {f"i-{loan_at_point.pk}": "843300"}, HTTP_X_REQUESTED_WITH="fetch")
    assert reply.status_code == 400
    assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == 843_300
    receipt = teller.get(f"/day/{day.pk}/receipts/{loan_at_point.household_id}/?format=pdf")
    assert receipt["Content-Type"] == "application/pdf"


def test_a_negative_cash_count_on_the_page_is_refused(client_as, day):
    reply = client_as("giaodich").post(f"/day/{day.pk}/", {"action": "cash", "n100000": "-2"})
    assert reply.status_code == 400
    assert "100.000" in reply.content.decode()


def test_a_group_leader_cannot_take_entries(client_as, day, loan_at_point):
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    assert client_as("totruong").post(url, {}).status_code in (403, 404)


def test_a_group_leader_sees_the_day_of_their_point_with_only_their_group(client_as, teller):
    from policycredit.accounts.models import User
    from policycredit.geo.models import TransactionPoint
    from policycredit.transactiondays.services import open_day

    leader = User.objects.get(username="totruong")
    # Both points hold their session on DAY: a day opens only on its point's session.
    TransactionPoint.objects.filter(pk=leader.group.transaction_point_id).update(day_of_month=15)
    theirs = open_day(
        actor=teller,
        point=TransactionPoint.objects.get(pk=leader.group.transaction_point_id),
        on=DAY,
    )
    other_point = TransactionPoint.objects.exclude(pk=theirs.point_id).first()
    other_point.day_of_month = DAY.day
    other_point.save()
    other = open_day(actor=teller, point=other_point, on=DAY)
    client = client_as("totruong")
    html = client.get(f"/day/{theirs.pk}/").content.decode()
    assert escape(str(leader.group)) in html
    assert 'name="action"' not in html  # nothing to enter, submit or sign off
    assert client.get(f"/day/{other.pk}/").status_code == 404
