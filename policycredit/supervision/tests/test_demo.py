"""The demo's supervision (`demo.supervision.seed`) on the small test district: a plan a year
from 2023, most planned lines checked, findings of every kind, most resolved and some open, and
the demo board member's own checks; the same every load, and quick."""

import datetime
import random

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from policycredit.accounts.models import User
from policycredit.common.selectors import replaying
from policycredit.demo import supervision as demo
from policycredit.demo.context import Context
from policycredit.geo.models import AdminUnit, Office, TransactionPoint
from policycredit.network.models import SavingsGroup
from policycredit.supervision import selectors
from policycredit.supervision.models import (
    Finding,
    FindingKind,
    PlanLine,
    SupervisionCheck,
    SupervisionPlan,
)
from policycredit.supervision.tests.conftest import clear

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)
QUERIES = 3_000


def _context() -> Context:
    ctx = Context(rng=random.Random(7), actor=User.objects.get(username="admin"))
    ctx.office = Office.objects.get(code="PGD-HBT")
    ctx.points = {p.ward.name: p for p in TransactionPoint.objects.select_related("ward")}
    ctx.groups = list(SavingsGroup.objects.order_by("pk"))
    served = selectors.wards_served(ctx.office)
    ctx.new_wards = {
        w.name: w for w in AdminUnit.objects.filter(pk__in=served, valid_from__gte="2025-07-01")
    }
    return ctx


@pytest.fixture(autouse=True)
def no_supervision_yet():
    """The demo's rows are what these tests read: kept."""


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            clear()  # the world may have the demo's supervision already
            with replaying(TODAY), CaptureQueriesContext(connection) as queries:
                demo.seed(_context())
            yield len(queries.captured_queries)
            transaction.set_rollback(True)


def test_the_demo_plans_each_year_and_checks_most_lines(seeded):
    # Quick to load: a bounded number of queries (about 2 s on an idle 2-core machine).
    assert seeded < QUERIES, seeded
    assert list(SupervisionPlan.objects.values_list("year", flat=True).order_by("year")) == [
        2023,
        2024,
        2025,
        2026,
    ]
    kinds = set(PlanLine.objects.values_list("checker_kind", flat=True))
    assert kinds == {"board_member", "organisation", "bank"}
    lines = PlanLine.objects.count()
    checks = SupervisionCheck.objects.filter(line__isnull=False).count()
    assert checks > lines * 0.7


def test_the_demo_has_findings_of_each_kind_most_resolved(seeded):
    assert set(Finding.objects.values_list("kind__code", flat=True)) == set(
        FindingKind.objects.values_list("code", flat=True)
    )
    resolved = Finding.objects.filter(resolved_on__isnull=False).count()
    still_open = Finding.objects.filter(resolved_on__isnull=True)
    assert resolved > still_open.count() > 0
    assert still_open.filter(due_on__lt=TODAY).exists()  # a few overdue


def test_the_demo_board_member_has_checks_of_his_own(seeded):
    member = User.objects.get(username="bandaidien")
    own = SupervisionCheck.objects.filter(checker_user=member)
    assert own.count() >= 3 and own.filter(target_point__isnull=False).exists()
    year = selectors.year_summary(member, 2024, datetime.date(2024, 12, 31))
    assert year.checks_done > 0 and year.findings_total > 0
