"""Whatever the order and the repetitions of the syncs, each key creates its record once."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycredit.accounts.models import User
from policycredit.common.selectors import replaying
from policycredit.field import services
from policycredit.field.models import SyncReceipt
from policycredit.field.tests.conftest import TODAY, statement
from policycredit.transactiondays.models import LeaderStatementLine, StatementStatus

pytestmark = pytest.mark.django_db

KEYS = [f"key-{n}" for n in range(5)]

# A sync: the records it sends, each a key (of a few) and the interest it carries.
syncs = st.lists(
    st.lists(st.tuples(st.sampled_from(KEYS), st.integers(0, 100_000)), max_size=6),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=syncs)
def test_each_key_creates_its_record_exactly_once(api, story, batches):
    pack = api("totruong").pack(story["group"])
    leader = User.objects.get(username="totruong")
    with transaction.atomic():
        first_interest, answers = {}, []
        with replaying(TODAY):
            for batch in batches:
                records = [
                    statement(pack, story["membership"], interest, 0, key=key)
                    for key, interest in batch
                ]
                answers += services.sync(actor=leader, records=records)
        for (key, interest), answer in zip([r for b in batches for r in b], answers, strict=True):
            if key in first_interest:
                assert answer["status"] == "duplicate"
            else:
                assert answer["status"] == "accepted"
                first_interest[key] = (interest, answer["id"])
        lines = LeaderStatementLine.objects.filter(key__in=KEYS)
        assert {line.key: (line.interest, line.pk) for line in lines} == first_interest
        assert SyncReceipt.objects.filter(key__in=KEYS).count() == len(first_interest)
        # Exactly one line stands for the member: the last key first sent.
        standing = lines.filter(status=StatementStatus.ACCEPTED)
        assert standing.count() == (1 if first_interest else 0)
        transaction.set_rollback(True)
