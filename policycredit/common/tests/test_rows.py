"""Rows written as plain tuples (`common.bulk`) read back exactly as the ORM would have written
them, and a batch asks for the business date once."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policycredit.audit.models import Action, AuditEvent
from policycredit.audit.services import record, record_created_many
from policycredit.common import bulk
from policycredit.common.models import BusinessDate, Rule
from policycredit.common.selectors import closed_day_refusal, one_business_day

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_batchs_audit_events_read_back_as_the_orms_do():
    rule = Rule(pk=1, key="x", value=0, valid_from=D(2024, 1, 1))
    before = record(actor=None, action=Action.UPDATED, instance=rule, new={"a": 1})
    rules = bulk.create(
        Rule,
        [Rule(key="x", value={"n": n}, valid_from=D(2024, 1, n + 1)) for n in range(1, 4)],
    )
    record_created_many(actor=None, instances=rules)
    events = AuditEvent.objects.filter(model="common.rule", action=Action.CREATED)
    assert sorted(e.object_id for e in events) == sorted(str(r.pk) for r in rules)
    # An empty "old" is SQL NULL, as the ORM writes a JSONField's None, on both databases.
    assert events.filter(old__isnull=True).count() == 3
    assert {e.new["value"]["n"] for e in events} == {1, 2, 3}
    # Written the same way as the ORM's time stamps: the log sorts them in the order written.
    newest = list(AuditEvent.objects.filter(model="common.rule").order_by("-occurred_at", "-id"))
    assert newest[-1].pk == before.pk
    assert all(e.occurred_at >= before.occurred_at for e in events)
    assert timezone.is_aware(events[0].occurred_at)


def test_instances_created_as_rows_come_back_numbered_and_saved():
    rules = bulk.create(Rule, [Rule(key="y", value=n, valid_from=D(2024, 2, n)) for n in (1, 2)])
    assert all(r.pk and not r._state.adding for r in rules)
    assert len({r.pk for r in rules}) == 2
    assert list(Rule.objects.filter(key="y").order_by("pk").values_list("value", flat=True)) == [
        1,
        2,
    ]
    # Numbers reserved later are higher: the next batch never collides with this one.
    more = bulk.create(Rule, [Rule(key="y", value=3, valid_from=D(2024, 2, 3))])
    assert more[0].pk > max(r.pk for r in rules)


def test_a_refused_row_raises_djangos_own_error_and_writes_nothing():
    Rule.objects.create(key="z", value=1, valid_from=D(2024, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.create(
            Rule,
            [
                Rule(key="z", value=2, valid_from=D(2024, 3, 2)),
                Rule(key="z", value=3, valid_from=D(2024, 3, 1)),  # the key and day again
            ],
        )
    assert Rule.objects.filter(key="z").count() == 1


def test_a_batch_reads_the_business_date_once():
    BusinessDate.objects.update_or_create(
        pk=1, defaults={"today": D(2024, 6, 10), "first_closed": D(2024, 6, 1)}
    )
    with CaptureQueriesContext(connection) as outside:
        refusals = [closed_day_refusal(D(2024, 6, d)) for d in range(1, 31)]
    with CaptureQueriesContext(connection) as inside, one_business_day():
        again = [closed_day_refusal(D(2024, 6, d)) for d in range(1, 31)]
    assert refusals == again
    assert refusals[8] is not None and refusals[9] is None  # closed through the 9th
    assert len(outside) == 30 and len(inside) == 1
