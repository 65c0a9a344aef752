"""The day's safeguards (issue 19): a day opens only on its point's session (or on a date the
calendar moved it to, with a reason); a day is submitted and signed off only when every group
has entries or a note that it brought nothing; posting happens only from the confirmation that
shows what will be posted."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycredit.calendar.selectors import transaction_dates
from policycredit.calendar.services import move_day
from policycredit.common.selectors import replaying
from policycredit.loans.models import Loan
from policycredit.transactiondays import selectors, services
from policycredit.transactiondays.models import DayStatus, NoCollection, TransactionDay
from policycredit.transactiondays.tests.conftest import (
    confirm_sign_off,
    nothing_from_the_other_groups,
    seen,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)


def _code(refused) -> str:
    return refused.value.error_list[0].code


# ------------------------------------------------------------------ opening on the point's day


def test_a_day_off_the_calendar_is_refused_naming_the_date_and_the_session(loan_at_point, teller):
    point = loan_at_point.group.transaction_point
    assert DAY in transaction_dates(point, 2026)  # the point's day is the 15th
    with replaying(DAY), pytest.raises(ValidationError) as refused:
        services.open_day(actor=teller, point=point, on=D(2026, 6, 12))
    assert _code(refused) == "not_a_transaction_day"
    assert "12/06/2026" in refused.value.messages[0]
    assert "15/06/2026" in refused.value.messages[0]
    assert not TransactionDay.objects.exists()


def test_a_session_moved_in_the_calendar_opens_on_its_new_date_only(
    loan_at_point, teller, director
):
    point = loan_at_point.group.transaction_point
    with replaying(D(2026, 6, 10)):
        move_day(
            actor=director,
            point=point,
            original=DAY,
            moved_to=D(2026, 6, 12),
            reason="Hội trường phường sửa chữa",
        )
    with replaying(DAY):
        assert services.open_day(actor=teller, point=point, on=D(2026, 6, 12)).pk
        with pytest.raises(ValidationError) as refused:
            services.open_day(actor=teller, point=point, on=DAY)
    assert _code(refused) == "not_a_transaction_day"
    assert "12/06/2026" in refused.value.messages[0]  # where the session is held now


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(day=st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 6, 30)))
def test_a_day_opens_exactly_on_the_points_sessions(loan_at_point, teller, day):
    point = loan_at_point.group.transaction_point
    with replaying(D(2026, 6, 30)):
        try:
            opened = services.open_day(actor=teller, point=point, on=day)
        except ValidationError as error:
            opened = None
            assert error.error_list[0].code in ("not_a_transaction_day", "closed_day")
    assert (opened is not None) == (day in transaction_dates(point, 2026))


def test_the_page_refuses_a_date_off_the_calendar_with_the_message(client_as, loan_at_point):
    point = loan_at_point.group.transaction_point
    with replaying(DAY):
        reply = client_as("giaodich").post(
            "/day/", {"point": point.pk, "on": "12/06/2026", "cash_brought": "0"}
        )
    assert reply.status_code == 200  # the form again, with the refusal
    html = reply.content.decode()
    assert "12/06/2026" in html and "15/06/2026" in html
    assert not TransactionDay.objects.exists()


# ------------------------------------------------------------------ every group entered or noted


def _collect(day, loan, teller, interest=500_000):
    services.save_group(
        actor=teller,
        day=day,
        group=loan.group,
        rows=[services.Collected(loan_id=loan.pk, interest=interest)],
    )


def _count(day, teller):
    services.record_cash_count(
        actor=teller, day=day, counts={100_000: selectors.expected_cash(day) // 100_000}
    )


def test_a_day_with_groups_never_entered_is_not_submitted(day, loan_at_point, teller):
    with replaying(DAY):
        _collect(day, loan_at_point, teller)
        _count(day, teller)
        missing = selectors.groups_not_entered(day)
        assert missing and loan_at_point.group not in missing
        with pytest.raises(ValidationError) as refused:
            services.submit(actor=teller, day=day)
        assert _code(refused) == "groups_not_entered"
        for group in missing:
            assert group.code in refused.value.messages[0]
        with pytest.raises(ValidationError) as no_reason:
            services.record_no_collection(actor=teller, day=day, group=missing[0], reason="  ")
        assert _code(no_reason) == "reason_required"
        with pytest.raises(ValidationError) as has_entries:
            services.record_no_collection(
                actor=teller, day=day, group=loan_at_point.group, reason="Tổ không đến"
            )
        assert _code(has_entries) == "group_has_entries"
        nothing_from_the_other_groups(day, teller)
        assert services.submit(actor=teller, day=day).status == DayStatus.SUBMITTED


def test_a_group_that_comes_after_all_loses_its_note(day, loan_at_point, teller):
    group = loan_at_point.group
    with replaying(DAY):
        services.record_no_collection(actor=teller, day=day, group=group, reason="Mưa lũ")
        assert group not in selectors.groups_not_entered(day)
        _collect(day, loan_at_point, teller)
    assert not NoCollection.objects.filter(day=day, group=group).exists()
    assert group not in selectors.groups_not_entered(day)  # entered now


def test_a_group_without_entries_or_note_stops_the_sign_off_too(
    day, loan_at_point, teller, controller
):
    """A day submitted before the rule (or whose note went away) is not posted either."""
    with replaying(DAY):
        _collect(day, loan_at_point, teller)
        _count(day, teller)
        nothing_from_the_other_groups(day, teller)
        services.submit(actor=teller, day=day)
        NoCollection.objects.filter(day=day).delete()
        with pytest.raises(ValidationError) as refused:
            services.sign_off(actor=controller, day=day, seen=seen(day))
    assert _code(refused) == "groups_not_entered"
    assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == 0


def test_the_page_names_the_missing_groups_and_takes_a_note(client_as, day, loan_at_point):
    teller = client_as("giaodich")
    with replaying(DAY):
        refused = teller.post(f"/day/{day.pk}/", {"action": "cash", "n100000": "0"})
        refused = teller.post(f"/day/{day.pk}/", {"action": "submit"})
        assert refused.status_code == 400
        html = refused.content.decode()
        for group in selectors.groups_not_entered(day):
            assert group.code in html
        assert 'data-testid="not-entered"' in html
        group = selectors.groups_not_entered(day)[0]
        no_reason = teller.post(
            f"/day/{day.pk}/", {"action": "no_collection", "group": group.pk, "reason": ""}
        )
        assert no_reason.status_code == 400
        assert not NoCollection.objects.exists()
        noted = teller.post(
            f"/day/{day.pk}/",
            {"action": "no_collection", "group": group.pk, "reason": "Tổ trưởng ốm"},
        )
        assert noted.status_code == 302
    assert NoCollection.objects.get(day=day, group=group).reason == "Tổ trưởng ốm"
    assert 'data-testid="no-collection"' in teller.get(f"/day/{day.pk}/").content.decode()


# ------------------------------------------------------------------ confirm before posting


def _submitted(day, loan, teller):
    with replaying(DAY):
        member = next(
            m
            for m in selectors.group_sheet(teller, loan.group, DAY).members
            if any(x.loan.pk == loan.pk for x in m.loans)
        )
        services.save_group(
            actor=teller,
            day=day,
            group=loan.group,
            rows=[
                services.Collected(loan_id=loan.pk, principal=1_000_000, interest=800_000),
                services.Collected(membership_id=member.membership.pk, deposit=200_000),
            ],
        )
        _count(day, teller)
        nothing_from_the_other_groups(day, teller)
        services.submit(actor=teller, day=day)
    return member


def test_the_confirmation_shows_what_will_be_posted(client_as, day, loan_at_point, teller):
    _submitted(day, loan_at_point, teller)
    html = client_as("kiemsoat").get(f"/day/{day.pk}/sign-off/").content.decode()

    def cell(testid):
        return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1)

    assert cell("total-principal") == "1.000.000 đ"
    assert cell("total-interest") == "800.000 đ"
    assert cell("total-deposits") == "200.000 đ"
    assert cell("total-withdrawals") == "0 đ"
    assert cell("total-net") == "2.000.000 đ"
    assert (cell("entries"), cell("receipts")) == ("2", "1")  # a collection, a deposit
    row = re.search(
        rf'data-testid="posting-{loan_at_point.group.code}">(.*?)</tr>', html, re.S
    ).group(1)
    assert "1.000.000 đ" in row and "2.000.000 đ" in row
    for group in selectors.no_collections_of(day).values():
        assert f'data-testid="posting-{group.group.code}"' in html  # with its reason
        assert "Tổ không đến" in html


def test_posting_happens_only_from_the_confirmation_and_once(client_as, day, loan_at_point, teller):
    _submitted(day, loan_at_point, teller)
    controller = client_as("kiemsoat")
    with replaying(DAY):
        assert controller.post(f"/day/{day.pk}/", {"action": "sign_off"}).status_code == 302
        unconfirmed = controller.post(f"/day/{day.pk}/sign-off/", {})
        assert unconfirmed.status_code == 400
        stale = controller.post(f"/day/{day.pk}/sign-off/", {"seen": "0" * 32})
        assert stale.status_code == 400
        day.refresh_from_db()
        assert day.status == DayStatus.SUBMITTED
        assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == 0
        assert confirm_sign_off(controller, day).status_code == 302
        day.refresh_from_db()
        assert day.status == DayStatus.POSTED
        posted = Loan.objects.get(pk=loan_at_point.pk).interest_paid_total
        controller.post(f"/day/{day.pk}/sign-off/", {"seen": "again"})  # a double click
    assert posted == 800_000
    assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == posted


def test_a_day_changed_after_the_summary_was_read_is_not_posted(
    day, loan_at_point, teller, controller
):
    _submitted(day, loan_at_point, teller)
    with replaying(DAY):
        shown = seen(day)
        services.send_back(actor=controller, day=day, reason="Sai số tiền")
        _collect(day, loan_at_point, teller, interest=700_000)
        _count(day, teller)
        services.submit(actor=teller, day=day)
        with pytest.raises(ValidationError) as refused:
            services.sign_off(actor=controller, day=day, seen=shown)
        assert _code(refused) == "not_confirmed"
        services.sign_off(actor=controller, day=day, seen=seen(day))
    assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == 700_000


# ------------------------------------------------------------------ refusals name their field


def test_a_refused_save_names_the_fields_for_the_screen(client_as, day, loan_at_point):
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    client = client_as("giaodich")
    with replaying(DAY):
        too_much = client.post(
            url, {f"i-{loan_at_point.pk}": "99000000"}, HTTP_X_REQUESTED_WITH="fetch"
        )
        not_money = client.post(
            url,
            {f"i-{loan_at_point.pk}": "ba trăm", f"p-{loan_at_point.pk}": "x"},
            HTTP_X_REQUESTED_WITH="fetch",
        )
    assert too_much.status_code == 400
    assert too_much.json()["fields"] == [f"i-{loan_at_point.pk}"]
    assert "99.000.000" in too_much.json()["by_field"][f"i-{loan_at_point.pk}"][0]
    assert not_money.status_code == 400
    assert set(not_money.json()["fields"]) == {f"i-{loan_at_point.pk}", f"p-{loan_at_point.pk}"}
    assert len(not_money.json()["errors"]) == 2
