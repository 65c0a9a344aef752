import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import step_taker
from policycredit.borrowers.models import Household, PovertyRecord
from policycredit.capital.models import CapitalSource
from policycredit.programmes.models import Programme


@pytest.fixture
def officer(db):
    return User.objects.get(username="tindung")


@pytest.fixture
def director(db):
    return User.objects.get(username="giamdoc")


@pytest.fixture
def teller(db):
    return User.objects.get(username="giaodich")


def household_with_status(status: str, year: int) -> Household:
    """A household whose latest certified status by `year` is `status`, in a group."""
    for record in PovertyRecord.objects.filter(year__lte=year).order_by("household_id", "-year"):
        household = record.household
        latest = household.poverty_records.filter(year__lte=year).order_by("-year").first()
        if latest.status == status and household.memberships.filter(left__isnull=True).exists():
            return household
    raise LookupError(status)


@pytest.fixture
def poor_household(db):
    return household_with_status("poor", 2024)


@pytest.fixture
def approved(db, poor_household, officer, director):
    """An application for 50 million đồng under the poor-household programme, approved."""
    from policycredit.loans.services import advance_application, submit_application

    application = submit_application(
        actor=officer,
        household=poor_household,
        borrower=poor_household.head,
        programme=Programme.objects.get(code="HN"),
        group=poor_household.memberships.get(left__isnull=True).group,
        amount=50_000_000,
        term_months=24,
        purpose="Chăn nuôi lợn",
        applied_on=datetime.date(2024, 3, 1),
    )
    for step in ["reviewed", "appraised", "confirmed"]:
        advance_application(
            actor=step_taker(step), application=application, to=step, on=datetime.date(2024, 3, 5)
        )
    return advance_application(
        actor=director, application=application, to="approved", on=datetime.date(2024, 3, 10)
    )


@pytest.fixture
def central():
    return CapitalSource.objects.get(code="TW")
