"""The field app's contract end to end, as the group leader's phone and the organisation's
officer use it: download the group, record at the meeting, sync once, meet a change the office
made meanwhile as a conflict and resolve it.

Figures: the member owes 5,500 đ of interest a day from 15/03/2026 to the point's next session
(see conftest), usually saves 50,000 đ and has 50,000 đ saved.
"""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.calendar.services import move_day
from policycredit.common.selectors import replaying
from policycredit.field.models import SyncReceipt
from policycredit.field.tests.conftest import (
    DAILY_INTEREST,
    LENT_ON,
    TODAY,
    member,
    statement,
)
from policycredit.loans.services import repay
from policycredit.network.models import Membership
from policycredit.transactiondays import selectors
from policycredit.transactiondays.models import LeaderStatementLine, StatementStatus

pytestmark = pytest.mark.django_db


def test_the_leader_downloads_his_group_with_the_figures_of_his_paper(api, story):
    app = api("totruong")
    me = app.get("field/me/").json()
    assert me["user"]["username"] == "totruong" and me["user"]["role"] == "group_leader"
    assert me["business_date"] == TODAY.isoformat() and me["csrf_token"]
    (group,) = app.get("field/groups/").json()["groups"]
    assert group["id"] == story["group"].pk and group["day"] == story["day"].isoformat()
    pack = app.pack(story["group"])
    assert pack["checks"] is None and pack["inspection"] is None  # the leader records neither
    mine = member(pack, story["membership"])
    days = (story["day"] - LENT_ON).days
    assert mine["interest_due"] == DAILY_INTEREST * days  # by hand: 5,500 đ a day
    assert mine["outstanding"] == 30_000_000 and mine["principal_due"] == 0
    assert mine["savings_due"] == 50_000 and mine["savings_balance"] == 50_000
    assert mine["loans"][0]["loan_id"] == story["loan"].pk and mine["collected"] is None
    # Every member, every figure: the leader's sheet of the same day, to the đồng.
    with replaying(TODAY):
        sheet = selectors.leader_sheet(User.objects.get(username="totruong"), story["group"], TODAY)
    assert [m["membership_id"] for m in pack["members"]] == [m.membership.pk for m in sheet.members]
    for line, data in zip(sheet.members, pack["members"], strict=True):
        assert data["interest_due"] == sum(x.interest_due for x in line.loans)
        assert data["outstanding"] == sum(x.outstanding for x in line.loans)
        assert data["savings_due"] == line.savings_due
        assert data["savings_balance"] == line.savings_balance


def test_a_statement_is_taken_once_and_a_resend_creates_nothing(api, story):
    app = api("totruong")
    pack = app.pack(story["group"])
    record = statement(pack, story["membership"], 200_000, 50_000)
    (first,) = app.sync(record)
    assert first["status"] == "accepted" and first["key"] == record["key"]
    lines, receipts = LeaderStatementLine.objects.count(), SyncReceipt.objects.count()
    events = AuditEvent.objects.filter(action=Action.STATEMENT_LINE_RECORDED).count()
    (again,) = app.sync(record)
    assert again == {"key": record["key"], "status": "duplicate", "id": first["id"]}
    assert LeaderStatementLine.objects.count() == lines
    assert SyncReceipt.objects.count() == receipts
    assert AuditEvent.objects.filter(action=Action.STATEMENT_LINE_RECORDED).count() == events
    # The next download says what is already collected.
    collected = member(app.pack(story["group"]), story["membership"])["collected"]
    assert collected == {"interest": 200_000, "savings": 50_000, "key": record["key"]}


def test_a_later_record_of_the_same_member_supersedes_the_earlier(api, story):
    app = api("totruong")
    pack = app.pack(story["group"])
    (first,) = app.sync(statement(pack, story["membership"], 200_000, 50_000))
    (second,) = app.sync(statement(pack, story["membership"], 250_000, 0))
    assert second["status"] == "accepted"
    earlier = LeaderStatementLine.objects.get(pk=first["id"])
    assert earlier.status == StatementStatus.SUPERSEDED and earlier.superseded_by_id == second["id"]
    lines = selectors.accepted_statement(story["group"], story["day"])
    assert lines[story["membership"].pk].interest == 250_000


def test_a_repayment_at_the_counter_after_the_download_comes_back_as_a_conflict(api, story):
    app = api("totruong")
    pack = app.pack(story["group"])
    then = member(pack, story["membership"])
    # The member pays 100,000 đ of interest at the counter on 10/06 before the leader syncs.
    with replaying(TODAY):
        repay(
            actor=User.objects.get(username="giaodich"),
            loan=story["loan"],
            on=TODAY,
            interest=100_000,
        )
    (result,) = app.sync(statement(pack, story["membership"], 200_000, 50_000))
    assert result["status"] == "conflict"
    conflict = result["conflict"]
    assert conflict["reason"] == "figures_changed" and conflict["id"] == result["id"]
    assert conflict["then"]["interest_due"] == then["interest_due"]
    assert conflict["now"]["interest_due"] == then["interest_due"] - 100_000
    line = LeaderStatementLine.objects.get(pk=result["id"])
    assert line.status == StatementStatus.CONFLICT  # kept, applied to nothing
    assert selectors.accepted_statement(story["group"], story["day"]) == {}
    (listed,) = app.get("field/conflicts/").json()["conflicts"]
    assert listed["id"] == line.pk
    assert listed["recorded"] == {"interest": 200_000, "savings": 50_000}
    assert listed["now"]["interest_due"] == then["interest_due"] - 100_000
    # The leader keeps what he collected: accepted against today's figures.
    reply = app.post(f"field/conflicts/{line.pk}/resolve/", {"choice": "keep"})
    assert reply.status_code == 200, reply.content
    body = reply.json()
    assert body["status"] == "resolved" and body["line"]["status"] == "accepted"
    assert (body["line"]["interest"], body["line"]["savings"]) == (200_000, 50_000)
    line.refresh_from_db()
    assert line.status == StatementStatus.RESOLVED and line.resolution == "keep"
    assert AuditEvent.objects.filter(
        action=Action.STATEMENT_CONFLICT_RESOLVED, object_id=str(line.pk)
    ).exists()
    assert app.get("field/conflicts/").json()["conflicts"] == []
    # Twice is refused, by its code.
    again = app.post(f"field/conflicts/{line.pk}/resolve/", {"choice": "keep"})
    assert again.status_code == 400 and again.json()["code"] == "already_resolved"


def test_the_officer_changes_the_amounts_of_a_conflict(api, story):
    leader = api("totruong")
    pack = leader.pack(story["group"])
    with replaying(TODAY):
        repay(
            actor=User.objects.get(username="giaodich"),
            loan=story["loan"],
            on=TODAY,
            interest=100_000,
        )
    (result,) = leader.sync(statement(pack, story["membership"], 200_000, 50_000))
    officer = api("hoiphunu")
    reply = officer.post(
        f"field/conflicts/{result['id']}/resolve/",
        {"choice": "change", "interest": 150_000, "savings": 20_000},
    )
    assert reply.status_code == 200, reply.content
    line = reply.json()["line"]
    assert (line["interest"], line["savings"]) == (150_000, 20_000)
    accepted = selectors.accepted_statement(story["group"], story["day"])
    assert accepted[story["membership"].pk].pk == line["id"]
    # More interest than is now due is refused, naming the code.
    (other,) = leader.sync(statement(pack, story["membership"], 1, 0))  # the old basis
    too_much = officer.post(
        f"field/conflicts/{other['id']}/resolve/",
        {"choice": "change", "interest": 10**9, "savings": 0},
    )
    assert too_much.status_code == 400 and too_much.json()["code"] == "more_than_due"


def test_a_moved_day_comes_back_as_a_conflict(api, story):
    app = api("totruong")
    pack = app.pack(story["group"])
    point = story["group"].transaction_point
    moved_to = story["day"] + datetime.timedelta(days=1)
    with replaying(TODAY):
        move_day(
            actor=User.objects.get(username="tindung"),
            point=point,
            original=story["day"],
            moved_to=moved_to,
            reason="Hội trường phường sửa chữa",
        )
    (result,) = app.sync(statement(pack, story["membership"], 200_000, 50_000))
    assert result["status"] == "conflict" and result["conflict"]["reason"] == "day_moved"
    assert result["conflict"]["now"]["membership_id"] == story["membership"].pk
    assert app.get("field/groups/").json()["groups"][0]["day"] == moved_to.isoformat()
    reply = app.post(f"field/conflicts/{result['id']}/resolve/", {"choice": "keep"})
    assert reply.status_code == 200 and reply.json()["line"]["day"] == moved_to.isoformat()


def test_a_record_for_another_groups_member_is_refused_and_says_nothing_of_it(api, story):
    app = api("totruong")
    pack = app.pack(story["group"])
    stranger = (
        Membership.objects.filter(left__isnull=True)
        .exclude(group=story["group"])
        .select_related("household")
        .first()
    )
    record = statement(pack, story["membership"], 0, 10_000)
    record["membership_id"] = stranger.pk
    other_group = dict(record, key="k-other-group", group_id=stranger.group_id)
    other_group["membership_id"] = stranger.pk
    results = app.sync(record, other_group, statement(pack, story["membership"], 0, 10_000))
    assert [r["status"] for r in results] == ["refused", "refused", "accepted"]
    for refused in results[:2]:
        assert refused["error"]["code"] == "not_found"
        assert stranger.household.code not in refused["error"]["message"]
    assert not SyncReceipt.objects.filter(key__in=[record["key"], "k-other-group"]).exists()
    # Nor may he download another group.
    assert app.get(f"field/groups/{stranger.group_id}/pack/").status_code == 404


def test_a_broken_record_is_refused_alone(api, story):
    app = api("totruong")
    pack = app.pack(story["group"])
    good = statement(pack, story["membership"], 0, 10_000)
    results = app.sync(
        {"kind": "statement"},
        {"key": "x", "kind": "loan"},
        dict(good, key="neg", interest=-1),
        dict(good, key="tampered", basis="not-ours"),
        good,
    )
    assert [r["status"] for r in results] == [
        "refused",
        "refused",
        "refused",
        "conflict",  # a basis the server cannot read is a change it cannot rule out
        "accepted",
    ]
    assert results[2]["error"]["fields"]["interest"][0]["code"] == "min_value"
    assert results[3]["conflict"]["then"] is None
    too_many = app.post("field/sync/", {"records": [good] * 501})
    assert too_many.status_code == 400


def test_the_officer_records_06td_and_16td_through_sync_once(api, story):
    from policycredit.inspections.models import GroupInspection, LoanUseCheck

    app = api("hoiphunu")
    pack = app.pack(story["group"])
    loans = {x["loan_id"]: x for x in pack["checks"]["loans"]}
    assert loans[story["loan"].pk]["checked"] is False
    assert {o["value"] for o in pack["checks"]["outcomes"]} == {
        "as_planned",
        "partly",
        "not_used",
    }
    sheet = pack["inspection"]
    assert sheet["year"] == 2026 and sheet["done"] is False
    check = {
        "key": "check-1",
        "kind": "loan_use_check",
        "loan_id": story["loan"].pk,
        "checked_on": TODAY.isoformat(),
        "outcome": "as_planned",
        "note": "Đã mua 200 con gà",
        "recorded_at": "2026-06-10T09:00:00+07:00",
    }
    inspection = {
        "key": "inspection-1",
        "kind": "group_inspection",
        "group_id": story["group"].pk,
        "inspected_on": TODAY.isoformat(),
        "scores": {c["code"]: c["max"] for c in sheet["criteria"]},
        "findings": "Tổ sinh hoạt đều",
        "recorded_at": "2026-06-10T10:00:00+07:00",
    }
    first = app.sync(check, inspection)
    assert [r["status"] for r in first] == ["accepted", "accepted"], first
    again = app.sync(check, inspection)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["id"] for r in again] == [r["id"] for r in first]
    assert LoanUseCheck.objects.filter(loan=story["loan"]).count() == 1
    assert GroupInspection.objects.filter(group=story["group"], year=2026).count() == 1
    pack = app.pack(story["group"])
    assert {x["loan_id"]: x for x in pack["checks"]["loans"]}[story["loan"].pk]["checked"]
    assert pack["inspection"]["done"] is True


def test_the_leader_may_not_record_a_check(api, story):
    app = api("totruong")
    (result,) = app.sync(
        {
            "key": "check-by-leader",
            "kind": "loan_use_check",
            "loan_id": story["loan"].pk,
            "checked_on": TODAY.isoformat(),
            "outcome": "as_planned",
            "recorded_at": "2026-06-10T09:00:00+07:00",
        }
    )
    assert result["status"] == "refused" and result["error"]["code"] in {"role", "not_found"}


def test_two_syncs_racing_with_one_key_create_it_once(api, story, monkeypatch):
    """The other sync's receipt lands between this one's look-up and its insert: the unique
    key refuses the insert, and the answer is the other's, a duplicate."""
    from types import SimpleNamespace

    from policycredit.field import services

    app = api("totruong")
    pack = app.pack(story["group"])
    record = statement(pack, story["membership"], 100_000, 0)
    (first,) = app.sync(record)
    lines = LeaderStatementLine.objects.count()
    late = SimpleNamespace(
        filter=lambda **kw: SyncReceipt.objects.none(),  # the look-up saw nothing yet
        create=SyncReceipt.objects.create,
        get=SyncReceipt.objects.get,
    )
    monkeypatch.setattr(services, "SyncReceipt", SimpleNamespace(objects=late))
    (raced,) = app.sync(record)
    assert raced["status"] == "duplicate" and raced["id"] == first["id"]
    assert LeaderStatementLine.objects.count() == lines
