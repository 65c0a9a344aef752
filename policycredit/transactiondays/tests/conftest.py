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


def nothing_from_the_other_groups(day, actor):
    """Every group of the point with no entry gets the teller's note that it brought nothing:
    without it, a day is neither submitted nor signed off."""
    from policycredit.transactiondays import selectors, services

    for group in selectors.groups_not_entered(day):
        services.record_no_collection(actor=actor, day=day, group=group, reason="Tổ không đến")


def seen(day) -> str:
    """The fingerprint of the summary the controller confirms before posting."""
    from policycredit.transactiondays import selectors

    return selectors.posting_summary(day).fingerprint


def confirm_sign_off(client, day):
    """The controller's two steps on screen: open the summary, confirm what it shows."""
    import re

    page = client.get(f"/day/{day.pk}/sign-off/")
    assert page.status_code == 200
    fingerprint = re.search(r'name="seen" value="([0-9a-f]+)"', page.content.decode()).group(1)
    return client.post(f"/day/{day.pk}/sign-off/", {"seen": fingerprint})
