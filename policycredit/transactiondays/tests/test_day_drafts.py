"""Two tellers on one group's sheet: a save built on figures someone else has changed since is
refused, naming the group and the loan with the figures saved now, and writes nothing. And the
day's audit trail: every save, count and change of status keeps the values before and after."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.common.selectors import replaying
from policycredit.transactiondays import selectors, services
from policycredit.transactiondays.models import DayEntry
from policycredit.transactiondays.tests.conftest import nothing_from_the_other_groups, seen

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 15)


@pytest.fixture
def second_teller(teller):
    return User.objects.create_user(
        username="giaodich2", password="x", role=teller.role, office=teller.office
    )


def _member(teller, loan):
    sheet = selectors.group_sheet(teller, loan.group, DAY)
    return next(m for m in sheet.members if m.household.pk == loan.household_id)


def _events(day, action):
    return AuditEvent.objects.filter(
        action=action, model="transactiondays.transactionday", object_id=str(day.pk)
    ).order_by("id")


# Optimistic concurrency on the drafts (service).


def test_a_save_over_a_draft_changed_since_the_form_was_opened_is_refused(
    day, loan_at_point, teller, second_teller
):
    group = loan_at_point.group
    with replaying(DAY):
        # Both open the empty sheet; the first saves 800,000 đ of interest.
        services.save_group(
            actor=teller,
            day=day,
            group=group,
            rows=[services.Collected(loan_id=loan_at_point.pk, interest=800_000, seen=(0, 0))],
        )
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as refused:
            services.save_group(
                actor=second_teller,
                day=day,
                group=group,
                rows=[services.Collected(loan_id=loan_at_point.pk, interest=700_000, seen=(0, 0))],
            )
    error = refused.value.error_list[0]
    assert error.code == "stale_draft"
    message = error.message % error.params
    assert group.code in message and loan_at_point.number in message and "800.000" in message
    entry = DayEntry.objects.get(day=day)
    assert (entry.interest, entry.entered_by) == (800_000, teller)
    assert AuditEvent.objects.count() == events


def test_a_save_built_on_the_current_figures_goes_through(
    day, loan_at_point, teller, second_teller
):
    group = loan_at_point.group
    with replaying(DAY):
        services.save_group(
            actor=teller,
            day=day,
            group=group,
            rows=[services.Collected(loan_id=loan_at_point.pk, interest=800_000, seen=(0, 0))],
        )
        services.save_group(
            actor=second_teller,
            day=day,
            group=group,
            rows=[
                services.Collected(loan_id=loan_at_point.pk, interest=700_000, seen=(0, 800_000))
            ],
        )
    assert DayEntry.objects.get(day=day).interest == 700_000


def test_the_same_form_sent_twice_is_no_conflict(day, loan_at_point, teller):
    row = services.Collected(loan_id=loan_at_point.pk, interest=800_000, seen=(0, 0))
    with replaying(DAY):
        for _ in range(2):  # a double click, or a resend after a dropped connection
            services.save_group(actor=teller, day=day, group=loan_at_point.group, rows=[row])
    assert DayEntry.objects.get(day=day).interest == 800_000


def test_a_members_savings_changed_since_is_refused_naming_the_household(
    day, loan_at_point, teller, second_teller
):
    group = loan_at_point.group
    member = _member(teller, loan_at_point)
    pk = member.membership.pk
    with replaying(DAY):
        services.save_group(
            actor=teller,
            day=day,
            group=group,
            rows=[services.Collected(membership_id=pk, deposit=50_000, seen=(0, 0))],
        )
        with pytest.raises(ValidationError) as refused:
            services.save_group(
                actor=second_teller,
                day=day,
                group=group,
                rows=[services.Collected(membership_id=pk, deposit=30_000, seen=(0, 0))],
            )
    error = refused.value.error_list[0]
    assert error.code == "stale_draft"
    assert member.household.code in error.message % error.params
    assert DayEntry.objects.get(day=day).amount == 50_000


# ... and on the entry screen.


def test_two_tellers_on_the_entry_screen_the_second_is_refused_with_the_figures(
    client, day, loan_at_point, teller, second_teller
):
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    loan = loan_at_point.pk
    client.force_login(teller)
    page = client.get(url).content.decode()
    assert f'name="seen-i-{loan}" value="0"' in page
    form = {f"p-{loan}": "0", f"seen-p-{loan}": "0", f"seen-i-{loan}": "0"}
    reply = client.post(url, {**form, f"i-{loan}": "800.000"}, HTTP_X_REQUESTED_WITH="fetch")
    assert reply.json()["ok"] is True
    assert reply.json()["seen"][f"seen-i-{loan}"] == 800_000

    client.force_login(second_teller)  # opened the same empty form before the first saved
    reply = client.post(url, {**form, f"i-{loan}": "700.000"}, HTTP_X_REQUESTED_WITH="fetch")
    assert reply.status_code == 400 and reply.json()["ok"] is False
    (message,) = reply.json()["errors"]
    assert loan_at_point.group.code in message and loan_at_point.number in message
    assert "800.000" in message
    assert DayEntry.objects.get(day=day).interest == 800_000

    # Opened again, the form carries the saved figures, and the save goes through.
    page = client.get(url).content.decode()
    assert f'name="seen-i-{loan}" value="800000"' in page
    form[f"seen-i-{loan}"] = "800000"
    reply = client.post(url, {**form, f"i-{loan}": "700.000"}, HTTP_X_REQUESTED_WITH="fetch")
    assert reply.json()["ok"] is True
    assert DayEntry.objects.get(day=day).interest == 700_000


def test_a_plain_form_post_refused_as_stale_shows_the_current_figures(
    client, day, loan_at_point, teller, second_teller
):
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    loan = loan_at_point.pk
    stale = {f"p-{loan}": "0", f"seen-p-{loan}": "0", f"seen-i-{loan}": "0"}
    client.force_login(teller)
    client.post(url, {**stale, f"i-{loan}": "800000"})
    client.force_login(second_teller)
    reply = client.post(url, {**stale, f"i-{loan}": "700000"})
    assert reply.status_code == 400
    body = reply.content.decode()
    assert loan_at_point.number in body and f'name="seen-i-{loan}" value="800000"' in body


# A save that changes nothing writes nothing.


def test_an_empty_entry_is_refused_and_writes_no_draft_and_no_event(
    client, day, loan_at_point, teller
):
    member = _member(teller, loan_at_point)
    url = f"/day/{day.pk}/groups/{loan_at_point.group_id}/"
    loan, pk = loan_at_point.pk, member.membership.pk
    empty = {f"p-{loan}": "", f"i-{loan}": "", f"s-{pk}": "", f"w-{pk}": ""}
    client.force_login(teller)
    events = AuditEvent.objects.count()
    reply = client.post(url, empty)
    assert reply.status_code == 400
    assert [m.message for m in reply.context["messages"]]
    fetched = client.post(url, empty, HTTP_X_REQUESTED_WITH="fetch")
    assert fetched.status_code == 400 and fetched.json()["ok"] is False
    with replaying(DAY), pytest.raises(ValidationError) as refused:
        services.save_group(
            actor=teller, day=day, group=loan_at_point.group, rows=[services.Collected(loan)]
        )
    assert refused.value.error_list[0].code == "nothing_entered"
    assert not DayEntry.objects.filter(day=day).exists()
    assert AuditEvent.objects.count() == events


def test_the_same_form_sent_again_records_one_event(day, loan_at_point, teller):
    row = services.Collected(loan_id=loan_at_point.pk, interest=800_000, seen=(0, 0))
    with replaying(DAY):
        for _ in range(2):
            services.save_group(actor=teller, day=day, group=loan_at_point.group, rows=[row])
    assert _events(day, Action.DAY_ENTRIES_RECORDED).count() == 1


def test_clearing_a_saved_draft_is_a_change_and_is_recorded(day, loan_at_point, teller):
    group = loan_at_point.group
    with replaying(DAY):
        for interest in (800_000, 0):
            services.save_group(
                actor=teller,
                day=day,
                group=group,
                rows=[services.Collected(loan_id=loan_at_point.pk, interest=interest)],
            )
    assert not DayEntry.objects.filter(day=day).exists()
    assert _events(day, Action.DAY_ENTRIES_RECORDED).count() == 2


# The day's audit trail keeps old and new values.


def test_a_save_logs_the_amounts_before_and_after(day, loan_at_point, teller):
    group = loan_at_point.group
    key = f"d{day.pk}-c{loan_at_point.pk}"
    with replaying(DAY):
        for interest in (800_000, 700_000, 0):
            services.save_group(
                actor=teller,
                day=day,
                group=group,
                rows=[services.Collected(loan_id=loan_at_point.pk, interest=interest)],
            )
    first, second, third = _events(day, Action.DAY_ENTRIES_RECORDED)
    assert first.old == {"group": group.code, "entries": {key: {}}}
    assert first.new["entries"] == {key: {"interest": 800_000}}
    assert second.old["entries"] == {key: {"interest": 800_000}}
    assert second.new["entries"] == {key: {"interest": 700_000}}
    assert third.old["entries"] == {key: {"interest": 700_000}}
    assert third.new["entries"] == {key: {}}


def test_cash_counts_and_each_change_of_status_log_the_old_values(
    day, loan_at_point, teller, controller
):
    with replaying(DAY):
        services.save_group(
            actor=teller,
            day=day,
            group=loan_at_point.group,
            rows=[services.Collected(loan_id=loan_at_point.pk, interest=500_000)],
        )
        services.record_cash_count(actor=teller, day=day, counts={500_000: 1})
        services.record_cash_count(actor=teller, day=day, counts={200_000: 2, 100_000: 1})
        nothing_from_the_other_groups(day, teller)
        services.submit(actor=teller, day=day)
        services.send_back(actor=controller, day=day, reason="Đếm lại tiền")
        services.submit(actor=teller, day=day)
        services.sign_off(actor=controller, day=day, seen=seen(day))
    first, second = _events(day, Action.DAY_CASH_COUNTED)
    assert first.old == {"cash_count": {}, "cash_counted": None, "note": ""}
    assert first.new["cash_count"] == {"500000": 1} and first.new["cash_counted"] == 500_000
    assert second.old == {"cash_count": {"500000": 1}, "cash_counted": 500_000, "note": ""}
    assert second.new["cash_counted"] == 500_000
    submitted, resubmitted = _events(day, Action.DAY_SUBMITTED)
    assert submitted.old == {"status": "open", "cash_expected": None}
    assert submitted.new["status"] == "submitted" and submitted.new["cash_expected"] == 500_000
    assert resubmitted.old == {"status": "open", "cash_expected": 500_000}
    sent_back = _events(day, Action.DAY_SENT_BACK).get()
    assert sent_back.old == {"status": "submitted", "submitted_by": teller.pk}
    assert sent_back.new == {"status": "open", "sent_back": "Đếm lại tiền"}
    signed = _events(day, Action.DAY_SIGNED_OFF).get()
    assert signed.old == {"status": "submitted"}
    assert signed.new["status"] == "posted" and signed.new["net_cash"] == 500_000
