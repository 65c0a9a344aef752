import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.jobs.tests.running import (  # noqa: F401 (fixtures of the jobs' tests)
    connection_kept,
    private_root,
)
from policycredit.loans.tests.conftest import (  # noqa: F401 (fixtures shared with the loans tests)
    approved,
    director,
    officer,
    poor_household,
    teller,
)

D = datetime.date
DAY = D(2026, 6, 15)


@pytest.fixture
def controller(db):
    return User.objects.get(username="kiemsoat")


@pytest.fixture
def loan_at_point(approved, teller):  # noqa: F811
    """50,000,000 đ to a poor household on 15/03/2026, instalments after 12 and 24 months."""
    from policycredit.loans.services import disburse

    with replaying(D(2026, 3, 15)):
        return disburse(
            actor=teller,
            application=approved,
            source=CapitalSource.objects.get(code="TW"),
            on=D(2026, 3, 15),
        )


@pytest.fixture
def day(loan_at_point, teller):  # noqa: F811
    from policycredit.transactiondays.services import open_day

    with replaying(DAY):
        return open_day(actor=teller, point=loan_at_point.group.transaction_point, on=DAY)
