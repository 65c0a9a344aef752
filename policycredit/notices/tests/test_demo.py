import datetime
import random

import pytest

from policycredit.accounts.models import User
from policycredit.common.selectors import replaying
from policycredit.demo import notices as demo_notices
from policycredit.demo.context import Context
from policycredit.notices.models import Message, Status

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_delivered_messages_and_one_failed_in_the_outbox(savers, day):
    ctx = Context(rng=random.Random(1), actor=User.objects.get(username="admin"))
    ctx.points = {"the point": day.point}
    with replaying(datetime.date(2026, 6, 10)):
        demo_notices.seed(ctx)
    statuses = sorted(Message.objects.values_list("status", flat=True))
    assert statuses == [Status.DELIVERED, Status.FAILED]
    failed = Message.objects.get(status=Status.FAILED)
    assert "HTTP 400" in failed.error and failed.attempts == 1
