import datetime

import pytest

from policycredit.accounts.tests.four_eyes import step_taker
from policycredit.capital.models import CapitalSource
from policycredit.loans.tests.conftest import (  # noqa: F401 (fixtures shared with the loans tests)
    director,
    officer,
    poor_household,
    teller,
)
from policycredit.programmes.models import Programme

D = datetime.date


@pytest.fixture
def district():
    return CapitalSource.objects.get(code="NS-HBT")


@pytest.fixture
def approved_job_loan(db, poor_household, officer, director):  # noqa: F811
    """A job-creation application for 50 million đồng from the district budget, approved."""
    from policycredit.loans.services import advance_application, submit_application

    application = submit_application(
        actor=officer,
        household=poor_household,
        borrower=poor_household.head,
        programme=Programme.objects.get(code="GQVL"),
        group=poor_household.memberships.get(left__isnull=True).group,
        amount=50_000_000,
        term_months=24,
        purpose="Mở xưởng may",
        applied_on=D(2024, 3, 1),
        jobs_new_planned=2,
        jobs_maintained_planned=3,
    )
    for step in ["reviewed", "appraised", "confirmed"]:
        advance_application(
            actor=step_taker(step), application=application, to=step, on=D(2024, 3, 5)
        )
    return advance_application(
        actor=director, application=application, to="approved", on=D(2024, 3, 10)
    )
