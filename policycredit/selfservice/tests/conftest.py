"""The self-service's story, shared by its tests.

A poor household of the demo group leader's group (Women's Union group no. 1 at the Nguyễn Du
point) borrowed 30,000,000 đ on 15/03/2026 for 24 months at 0.55 %/month, day basis 30: 5,500 đ
of interest a day. The schedule: 15,000,000 đ on 15/03/2027 and on 15/03/2028. On 15/04/2026
the borrower paid the month's interest, 31 days × 5,500 = 170,500 đ, and 2,000,000 đ of
principal ahead of time (it goes to the nearest instalment, which leaves 13,000,000 đ of it).
From then 28,000,000 đ accrues 5,133.33… đ a day.
"""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import approved, step_taker
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.programmes.models import Programme

D = datetime.date
LENT_ON = D(2026, 3, 15)
PAID_ON = D(2026, 4, 15)
TODAY = D(2026, 6, 10)
AMOUNT = 30_000_000
INTEREST_PAID = 170_500  # 31 days × 5,500
PREPAID = 2_000_000


def _borrower_household(group):
    """A poor member household of the group whose head has a CCCD and a birth date."""
    for membership in group.memberships.filter(
        left__isnull=True, household__head__cccd__isnull=False
    ).select_related("household__head"):
        household = membership.household
        latest = household.poverty_records.filter(year__lte=2026).order_by("-year").first()
        if latest is not None and latest.status == "poor" and household.head.birth_date:
            return household
    raise LookupError(group)


def lend(amount=AMOUNT, on=LENT_ON, household=None):
    """A loan to a poor member of the demo group leader's group, through the services."""
    from policycredit.loans import services

    group = User.objects.get(username="totruong").group
    household = household or _borrower_household(group)
    officer, director = User.objects.get(username="tindung"), User.objects.get(username="giamdoc")
    with replaying(on):
        application = services.submit_application(
            actor=officer,
            household=household,
            borrower=household.head,
            programme=Programme.objects.get(code="HN"),
            group=group,
            amount=amount,
            term_months=24,
            purpose="Chăn nuôi gà",
            applied_on=on - datetime.timedelta(days=14),
        )
        for step in ["reviewed", "appraised", "confirmed"]:
            services.advance_application(
                actor=step_taker(step), application=application, to=step, on=on
            )
        application = services.advance_application(
            actor=director, application=application, to="approved", on=on
        )
        return services.disburse(
            actor=User.objects.get(username="giaodich"),
            application=application,
            source=CapitalSource.objects.get(code="TW"),
            on=on,
        )


@pytest.fixture
def loan(db):
    """The story's loan, with its payment of 15/04/2026."""
    from policycredit.loans import services

    made = lend()
    with replaying(PAID_ON):
        approved(
            services.repay(
                actor=User.objects.get(username="giaodich"),
                loan=made,
                on=PAID_ON,
                principal=PREPAID,
                interest=INTEREST_PAID,
            )
        )
    made.refresh_from_db()
    return made


def details(loan) -> dict:
    """What the borrower types: the contract number and his own CCCD ending and birth date."""
    person = loan.borrower
    return {
        "number": loan.number,
        "cccd_end": person.cccd[-4:],
        "birth_date": person.birth_date.strftime("%d/%m/%Y"),
    }
