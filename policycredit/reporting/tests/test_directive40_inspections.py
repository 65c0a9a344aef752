"""The Directive 40 review's group quality: the grades given at the 16/TD inspections of the
year beside the classes by overdue, which the inspections leave as they were."""

import datetime

import pytest

from policycredit.common.models import BusinessDate
from policycredit.inspections import services
from policycredit.inspections.defaults import seed
from policycredit.inspections.models import Criterion, GradeBand
from policycredit.network.models import SavingsGroup
from policycredit.reporting import directive40

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 11, 30)
FULL = {"meetings": 15, "board": 15, "interest": 20, "overdue": 20, "savings": 10}


def scores(**changed):
    return {**FULL, "loan_use": 10, "records": 10, **changed}


def quality(user):
    return directive40.build(user("giamdoc"), AS_OF, 2014).table("group_quality")


def test_the_groups_graded_at_inspection_sit_beside_the_classes(user):
    seed(Criterion, GradeBand)
    BusinessDate.objects.update_or_create(pk=1, defaults={"today": AS_OF})
    before = quality(user)
    groups = list(SavingsGroup.objects.filter(organisation__kind="women").order_by("code")[:3])
    officer = user("hoiphunu")
    for group, sheet in zip(
        groups, [scores(), scores(overdue=0), scores(overdue=0, interest=0)], strict=True
    ):
        services.record_group_inspection(
            actor=officer, group=group, inspected_on=D(2026, 10, 5), scores=sheet
        )
    # Last year's inspection is not this year's figure.
    services.record_group_inspection(
        actor=officer, group=groups[0], inspected_on=D(2025, 10, 5), scores=scores(overdue=0)
    )
    after = quality(user)
    # rows: [class, groups, share, graded so at inspection this year, share of the inspected]
    assert [r[:3] for r in after.rows] == [r[:3] for r in before.rows]
    assert after.total[:3] == before.total[:3]
    assert [r[3] for r in before.rows] == [0, 0, 0, 0]
    # 100 points good; 80 fair; 60 average.
    assert [r[3] for r in after.rows] == [1, 1, 1, 0]
    assert after.total[3] == 3
    assert len(after.headers) == 5
