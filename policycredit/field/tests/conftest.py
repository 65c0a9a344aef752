"""The field app's story: the demo group leader's group at the Nguyễn Du point, a poor member
who borrowed 30,000,000 đ on 15/03/2026 at 0.55 %/month (5,500 đ a day) and saved 50,000 đ on
05/06/2026 (the loan and the deposit are the leader's papers' own story,
transactiondays/tests/test_leader.py). The business date is 10/06/2026: the leader prepares
the point's next session."""

import datetime
import json
import uuid

import pytest

from policycredit.accounts.models import User
from policycredit.calendar.selectors import next_transaction_day
from policycredit.common.selectors import replaying
from policycredit.savings.services import deposit
from policycredit.transactiondays.tests.test_leader import lend_in_the_leaders_group

D = datetime.date
TODAY = D(2026, 6, 10)
LENT_ON = D(2026, 3, 15)
DAILY_INTEREST = 5_500  # 30,000,000 × 0.55 % ÷ 30


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


class Api:
    """The app's side of the contract, through Django's test client, on the business date."""

    def __init__(self, client, today=TODAY):
        self.client, self.today = client, today

    def get(self, path, **query):
        with replaying(self.today):
            return self.client.get(f"/api/v1/{path}", query)

    def post(self, path, data, method="post", **headers):
        with replaying(self.today):
            return getattr(self.client, method)(
                f"/api/v1/{path}",
                json.dumps(data),
                content_type="application/json",
                headers=headers,
            )

    def pack(self, group):
        reply = self.get(f"field/groups/{group.pk}/pack/")
        assert reply.status_code == 200, reply.content
        return reply.json()

    def sync(self, *records):
        reply = self.post("field/sync/", {"records": list(records)})
        assert reply.status_code == 200, reply.content
        return reply.json()["results"]


@pytest.fixture
def api(client):
    def signed_in(username, today=TODAY):
        client.force_login(User.objects.get(username=username))
        return Api(client, today)

    return signed_in


def member(pack, membership):
    return next(m for m in pack["members"] if m["membership_id"] == membership.pk)


def statement(pack, membership, interest, savings, key=None, **other):
    m = member(pack, membership)
    return {
        "key": key or str(uuid.uuid4()),
        "kind": "statement",
        "group_id": pack["group"]["id"],
        "day": pack["day"],
        "membership_id": membership.pk,
        "interest": interest,
        "savings": savings,
        "basis": m["basis"],
        "recorded_at": "2026-06-10T19:30:00+07:00",
        **other,
    }
