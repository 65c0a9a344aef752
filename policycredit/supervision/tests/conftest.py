"""The supervision's test world: the small demo district (`conftest.build_small_world`), whose
office is the Hai Bà Trưng office, its director and credit officer, the Women's Union officer
("hoiphunu"), the ward officer of the new ward Vĩnh Tuy ("phuong.vinhtuy") and the city's board
member ("bandaidien")."""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.common.models import BusinessDate
from policycredit.geo.models import Office, TransactionPoint
from policycredit.geo.selectors import wards_reported_under
from policycredit.network.models import SavingsGroup
from policycredit.network.selectors import groups_for
from policycredit.supervision.defaults import seed
from policycredit.supervision.models import (
    Finding,
    FindingKind,
    FollowUpNote,
    PlanLine,
    SupervisionCheck,
    SupervisionPlan,
)

D = datetime.date


def set_today(day: datetime.date) -> None:
    row = BusinessDate.objects.first()
    if row is None:
        BusinessDate.objects.create(today=day)
    else:
        BusinessDate.objects.filter(pk=row.pk).update(today=day)


def clear() -> None:
    """Set aside whatever supervision the demo seeded (rolled back with the test): the tests
    tell their own stories, with numbers counted by hand."""
    FollowUpNote.objects.all().delete()
    Finding.objects.all().delete()
    while SupervisionCheck.objects.exists():
        # The newest records of each chain first: a corrected record is protected by its newer.
        SupervisionCheck.objects.filter(superseded_by__isnull=True).delete()
    PlanLine.objects.all().delete()
    SupervisionPlan.objects.all().delete()


@pytest.fixture(autouse=True)
def finding_kinds(db):
    # A test that flushed the database before these ran took the migration's rows with it.
    seed(FindingKind)


@pytest.fixture(autouse=True)
def no_supervision_yet(finding_kinds):
    clear()


@pytest.fixture
def people(db):
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def office(db):
    return Office.objects.get(code="PGD-HBT")


def vinh_tuy_point():
    """The transaction point of the old ward Vĩnh Tuy (the ward officer phuong.vinhtuy's)."""
    ward = User.objects.get(username="phuong.vinhtuy").unit
    return TransactionPoint.objects.filter(ward_id__in=wards_reported_under(ward)).order_by("code")[
        0
    ]


def point_elsewhere():
    """A point of the office outside the ward officer's ward."""
    ward = User.objects.get(username="phuong.vinhtuy").unit
    return (
        TransactionPoint.objects.exclude(ward_id__in=wards_reported_under(ward))
        .order_by("code")
        .first()
    )


def women_group():
    """A group the Women's Union officer ("hoiphunu") manages."""
    officer = User.objects.get(username="hoiphunu")
    return groups_for(officer).order_by("code").first()


def other_group():
    officer = User.objects.get(username="hoiphunu")
    return SavingsGroup.objects.exclude(pk__in=groups_for(officer).values("id")).order_by("code")[0]
