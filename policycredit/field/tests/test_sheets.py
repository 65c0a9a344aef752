"""The teller's side: the entry sheet starts from the leader's synced 13/TD statement, and the
sheets API (days, a group's collection sheet, its entries) keeps the web's rules."""

import re

import pytest

from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.common.selectors import replaying
from policycredit.field.tests.conftest import DAILY_INTEREST, LENT_ON, statement
from policycredit.loans.services import repay
from policycredit.transactiondays.models import DayEntry
from policycredit.transactiondays.services import open_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(api, story):
    """The leader synced the member's 200,000 đ of interest and 70,000 đ of savings; the
    teller opens the day at the point."""
    app = api("totruong")
    pack = app.pack(story["group"])
    (result,) = app.sync(statement(pack, story["membership"], 200_000, 70_000))
    assert result["status"] == "accepted"
    with replaying(story["day"]):
        day = open_day(
            actor=User.objects.get(username="giaodich"),
            point=story["group"].transaction_point,
            on=story["day"],
        )
    return {**story, "day_record": day, "pack": pack, "line_id": result["id"]}


def _input(body, name):
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', body).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1), 'data-from="statement"' in tag


def test_the_teller_s_form_starts_from_the_synced_statement(client_as, synced):
    day, group = synced["day_record"], synced["group"]
    with replaying(day.date):
        reply = client_as("giaodich").get(f"/day/{day.pk}/groups/{group.pk}/")
    assert reply.status_code == 200
    body = reply.content.decode()
    assert 'data-testid="statement-prefill"' in body
    assert _input(body, f"i-{synced['loan'].pk}") == ("200000", True)
    assert _input(body, f"s-{synced['membership'].pk}") == ("70000", True)
    # Nothing is saved until the teller saves.
    assert not DayEntry.objects.filter(day=day).exists()


def test_more_interest_than_due_is_capped_on_the_form(client_as, synced):
    """The statement was accepted against the download's figures; a loan's part never passes
    its own interest due (the sheet would refuse it)."""
    from policycredit.transactiondays.prefill import from_statement
    from policycredit.transactiondays.selectors import group_sheet

    teller = User.objects.get(username="giaodich")
    with replaying(synced["day"]):
        sheet = group_sheet(teller, synced["group"], synced["day"])
        start = from_statement(sheet)
    due = DAILY_INTEREST * (synced["day"] - LENT_ON).days
    assert start.interest[synced["loan"].pk] == min(200_000, due)
    assert start.deposits == {synced["membership"].pk: 70_000}


def test_an_open_conflict_is_shown_on_the_teller_s_page(api, client_as, synced):
    app = api("totruong")
    with replaying(app.today):
        repay(
            actor=User.objects.get(username="giaodich"),
            loan=synced["loan"],
            on=app.today,
            interest=50_000,
        )
    (result,) = app.sync(statement(synced["pack"], synced["membership"], 100_000, 0))
    assert result["status"] == "conflict"
    day, group = synced["day_record"], synced["group"]
    with replaying(day.date):
        body = client_as("giaodich").get(f"/day/{day.pk}/groups/{group.pk}/").content.decode()
    assert 'data-testid="statement-conflicts" data-count="1"' in body


def test_the_sheets_api_reads_the_day_and_the_group(api, synced):
    day, group = synced["day_record"], synced["group"]
    teller = api("giaodich", today=day.date)
    listed = teller.get("days/").json()
    assert day.pk in [d["id"] for d in listed["results"]]
    assert teller.get("days/", status="bogus").status_code == 400
    detail = teller.get(f"days/{day.pk}/").json()
    assert detail["status"] == "open" and detail["totals"]["net"] == 0
    sheet = teller.get(f"days/{day.pk}/groups/{group.pk}/sheet/").json()
    assert sheet["editable"] is True
    mine = next(m for m in sheet["members"] if m["membership_id"] == synced["membership"].pk)
    assert mine["statement"]["interest"] == 200_000 and mine["start_deposit"] == 70_000
    assert mine["loans"][0]["start_interest"] == 200_000 and mine["loans"][0]["seen"] == [0, 0]
    # The leader reads his group's sheet but may not enter.
    leader = api("totruong", today=day.date)
    assert leader.get(f"days/{day.pk}/groups/{group.pk}/sheet/").json()["editable"] is False
    rows = {"rows": [{"membership_id": synced["membership"].pk, "deposit": 1}]}
    refused = leader.post(f"days/{day.pk}/groups/{group.pk}/entries/", rows, method="put")
    assert refused.status_code == 403


def test_entries_through_the_api_follow_the_web_s_rules(api, synced):
    day, group = synced["day_record"], synced["group"]
    teller = api("giaodich", today=day.date)
    path = f"days/{day.pk}/groups/{group.pk}/entries/"
    loan, membership = synced["loan"], synced["membership"]
    rows = [
        {"loan_id": loan.pk, "principal": 0, "interest": 200_000, "seen": [0, 0]},
        {"membership_id": membership.pk, "deposit": 70_000, "withdrawal": 0, "seen": [0, 0]},
    ]
    saved = teller.post(path, {"rows": rows}, method="put")
    assert saved.status_code == 200, saved.content
    entries = {e.key: e for e in DayEntry.objects.filter(day=day)}
    assert entries[f"d{day.pk}-c{loan.pk}"].interest == 200_000
    assert entries[f"d{day.pk}-s{membership.pk}"].amount == 70_000
    events = AuditEvent.objects.filter(action=Action.DAY_ENTRIES_RECORDED).count()
    # The same rows again (a retry): nothing changes.
    assert teller.post(path, {"rows": rows}, method="put").status_code == 200
    assert AuditEvent.objects.filter(action=Action.DAY_ENTRIES_RECORDED).count() == events
    # A form read before that save, sending other figures: refused as stale, like the web.
    stale = [{"loan_id": loan.pk, "principal": 0, "interest": 150_000, "seen": [0, 0]}]
    reply = teller.post(path, {"rows": stale})
    assert reply.status_code == 400 and reply.json()["code"] == "stale_draft"
    assert DayEntry.objects.get(key=f"d{day.pk}-c{loan.pk}").interest == 200_000
    # More than is due: refused with the field named.
    over = [{"loan_id": loan.pk, "interest": 10**9, "seen": [0, 200_000]}]
    reply = teller.post(path, {"rows": over})
    assert reply.status_code == 400 and f"i-{loan.pk}" in reply.json()["fields"]
    # A row that is neither a loan's nor a member's.
    assert teller.post(path, {"rows": [{"deposit": 5}]}).status_code == 400


def test_an_idempotency_key_answers_what_it_answered_first(api, synced):
    day, group = synced["day_record"], synced["group"]
    teller = api("giaodich", today=day.date)
    path = f"days/{day.pk}/groups/{group.pk}/entries/"
    member = synced["membership"].pk
    first = teller.post(
        path,
        {"rows": [{"membership_id": member, "deposit": 10_000}]},
        **{"Idempotency-Key": "abc-1"},
    )
    assert first.status_code == 200
    second = teller.post(
        path,
        {"rows": [{"membership_id": member, "deposit": 99_000}]},
        **{"Idempotency-Key": "abc-1"},
    )
    assert second.status_code == 200 and second.headers["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert DayEntry.objects.get(key=f"d{day.pk}-s{member}").amount == 10_000
