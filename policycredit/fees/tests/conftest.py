"""Loans for the fee stories, made through the loan services on the small demo world.

Two ward organisations of the demo district: A, a Women's Union unit, and B, of another mass
organisation; neither runs the demo group leader's group. In A's group a workshop borrows
1,000,000,000 đ for ten jobs (job creation, 0.66 %/month, days ÷ 30: 220,000 đ a day) on
15/01/2024; its first instalment, 25,000,000 đ due 15/03/2024, is never paid. In B's group one
household borrows 100,000,000 đ and another 100,000,000 đ, same programme and day.
"""

import datetime
from dataclasses import dataclass

import pytest

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import approved, step_taker
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment as Planned
from policycredit.fees.defaults import load_defaults
from policycredit.loans import services as loans
from policycredit.network.models import MassOrganisation, SavingsGroup
from policycredit.programmes.models import Programme

D = datetime.date
DISBURSED = D(2024, 1, 15)


@pytest.fixture(autouse=True)
def default_rates(db):
    """The seeded rates (a flushed database has lost its migration's rows)."""
    load_defaults()


@pytest.fixture
def staff(db):
    return {u.username: u for u in User.objects.all()}


def members(group, count):
    rows = list(group.memberships.filter(left__isnull=True).select_related("household")[:count])
    return [m.household for m in rows] if len(rows) == count else None


def pick_group(*, women: bool, leader_group_id, need: int):
    """A ward-level group with ``need`` current members, of a Women's Union unit or not."""
    groups = SavingsGroup.objects.filter(organisation__level="ward").exclude(pk=leader_group_id)
    groups = (
        groups.filter(organisation__kind="women")
        if women
        else groups.exclude(organisation__kind="women")
    )
    for group in groups.order_by("code"):
        households = members(group, need)
        if households:
            return group, households
    raise LookupError("no group with enough members in the small world")


def lend(staff, *, household, group, amount, instalments, business=False):
    """A job-creation loan from the district budget, through every step, disbursed 15/01/2024."""
    application = loans.submit_application(
        actor=staff["tindung"],
        household=household,
        borrower=household.head,
        programme=Programme.objects.get(code="GQVL"),
        group=group,
        amount=amount,
        term_months=24,
        purpose="Mở xưởng may",
        applied_on=D(2024, 1, 2),
        business=business,
        collateral="Giấy chứng nhận quyền sử dụng đất" if business else "",
        jobs_new_planned=10 if business else 1,
    )
    for step in ["reviewed", "appraised", "confirmed"]:
        loans.advance_application(
            actor=step_taker(step), application=application, to=step, on=D(2024, 1, 5)
        )
    loans.advance_application(
        actor=staff["giamdoc"], application=application, to="approved", on=D(2024, 1, 10)
    )
    with replaying(DISBURSED):
        # Above the teller's limit, the controller approves the payout.
        return approved(
            loans.disburse(
                actor=staff["giaodich"],
                application=application,
                source=CapitalSource.objects.get(code="NS-HBT"),
                on=DISBURSED,
                instalments=instalments,
            ),
            "kiemsoat",
        )


def collect(staff, loan, day, interest):
    with replaying(day):
        loans.repay(actor=staff["giaodich"], loan=loan, on=day, interest=interest)


@dataclass
class World:
    organisation_a: MassOrganisation
    organisation_b: MassOrganisation
    group_a: SavingsGroup
    group_b: SavingsGroup
    workshop: object
    loan_b1: object
    loan_b2: object

    @property
    def office(self):
        return self.group_a.office


@pytest.fixture
def world(db, staff):
    leader_group = staff["totruong"].group_id
    group_a, (workshop_household,) = pick_group(women=True, leader_group_id=leader_group, need=1)
    group_b, (first, second) = pick_group(women=False, leader_group_id=leader_group, need=2)
    workshop = lend(
        staff,
        household=workshop_household,
        group=group_a,
        amount=1_000_000_000,
        business=True,
        instalments=[Planned(D(2024, 3, 15), 25_000_000), Planned(D(2026, 1, 15), 975_000_000)],
    )
    # Interest every month on the 15th; the March instalment is left unpaid.
    for day, interest in [
        (D(2024, 2, 15), 6_820_000),
        (D(2024, 3, 15), 6_380_000),
        (D(2024, 4, 15), 6_869_500),
    ]:
        collect(staff, workshop, day, interest)
    one_instalment = [Planned(D(2026, 1, 15), 100_000_000)]
    loan_b1 = lend(
        staff, household=first, group=group_b, amount=100_000_000, instalments=one_instalment
    )
    loan_b2 = lend(
        staff, household=second, group=group_b, amount=100_000_000, instalments=one_instalment
    )
    collect(staff, loan_b1, D(2024, 4, 15), 2_002_000)  # 91 days × 22,000 đ
    return World(
        group_a.organisation, group_b.organisation, group_a, group_b, workshop, loan_b1, loan_b2
    )
