import datetime

import pytest
from django.test import override_settings

from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment as Planned
from policycredit.loans.tests.conftest import (  # noqa: F401 (fixtures shared with the loans tests)
    approved,
    director,
    officer,
    poor_household,
    teller,
)
from policycredit.network.models import Membership
from policycredit.savings.services import deposit
from policycredit.transactiondays.tests.conftest import (  # noqa: F401 (the day's fixtures)
    controller,
    day,
    loan_at_point,
)

D = datetime.date
DAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def sms_folder(tmp_path):
    """Every test's messages go to files of its own, through the file backend."""
    folder = tmp_path / "sms"
    with override_settings(
        POLICYCREDIT_SMS_BACKEND="policycredit.notices.backends.FileBackend",
        POLICYCREDIT_SMS_FILE_DIR=str(folder),
        POLICYCREDIT_SMS_CALLBACK_SECRET="s3cret-for-tests",
        POLICYCREDIT_SMS_MAX_ATTEMPTS=3,
    ):
        yield folder


@pytest.fixture
def savers(day, loan_at_point, teller):  # noqa: F811
    """The borrower saves 50,000 a month, a neighbour 20,000, a member of the point's other
    group 30,000; the neighbour has no phone on record, the others have one."""
    group = loan_at_point.group
    borrower = group.memberships.get(household=loan_at_point.household, left__isnull=True)
    neighbour = group.memberships.filter(left__isnull=True).exclude(pk=borrower.pk).first()
    other = (
        Membership.objects.filter(group__transaction_point=day.point, left__isnull=True)
        .exclude(group=group)
        .first()
    )
    with replaying(D(2026, 5, 15)):
        for member, amount in [(borrower, 50_000), (neighbour, 20_000), (other, 30_000)]:
            deposit(actor=teller, membership=member, amount=amount, on=D(2026, 5, 15))
    for member, phone in [(borrower, "0912 345 678"), (neighbour, ""), (other, "0987.654.321")]:
        household = member.household
        household.phone = phone
        household.save(update_fields=["phone"])
    return {"borrower": borrower, "neighbour": neighbour, "other": other}


@pytest.fixture
def overdue_loan(approved, teller):  # noqa: F811
    """20,000,000 due on 05/06/2026 and not paid: overdue from 06/06/2026."""
    from policycredit.loans import services

    loan = services.disburse(
        actor=teller,
        application=approved,
        source=CapitalSource.objects.get(code="TW"),
        on=D(2024, 3, 15),
        instalments=[Planned(D(2026, 6, 5), 20_000_000), Planned(D(2027, 6, 5), 30_000_000)],
    )
    services.refresh_states([loan], as_of=D(2026, 6, 6))
    loan.refresh_from_db()
    household = loan.household
    household.phone = "0912000111"
    household.save(update_fields=["phone"])
    return loan
