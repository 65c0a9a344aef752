"""Loans and groups for the field checks' stories: a loan is taken through its steps by the
office (`loans.services.originate_many`), in a group the Women's Union of the district
(the demo's organisation officer "hoiphunu") manages or in one it does not."""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.common.models import BusinessDate
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment
from policycredit.inspections.defaults import seed
from policycredit.inspections.models import Criterion, GradeBand
from policycredit.loans import services
from policycredit.network.models import Membership
from policycredit.programmes.models import Programme

D = datetime.date
DISBURSED = D(2026, 3, 10)
DAY = datetime.timedelta(days=1)


def set_today(day: datetime.date) -> None:
    """The bank's business date (what "today" is to the services and the queues)."""
    row = BusinessDate.objects.first()
    if row is None:
        BusinessDate.objects.create(today=day)
    else:
        BusinessDate.objects.filter(pk=row.pk).update(today=day)


@pytest.fixture(autouse=True)
def score_sheet(db):
    # A test that flushed the database before these ran took the migration's rows with it.
    seed(Criterion, GradeBand)


def member_of(women: bool, nth: int = 0):
    """A current member household with a head, in a Women's Union group or in another's."""
    members = Membership.objects.filter(left__isnull=True, household__head__isnull=False)
    kind = {"group__organisation__kind": "women"}
    members = members.filter(**kind) if women else members.exclude(**kind)
    return members.select_related("household__head", "group").order_by("pk")[nth]


def originate(member, *, code="NSVS", amount=20_000_000, on=DISBURSED, jobs=(0, 0)):
    source = "NS-HBT" if code == "GQVL" else "TW"
    request = services.LoanRequest(
        household=member.household,
        borrower=member.household.head,
        programme=Programme.objects.get(code=code),
        group=member.group,
        amount=amount,
        term_months=24,
        purpose="Xây bể nước sạch và nhà tiêu",
        applied_on=on - 10 * DAY,
        approved_on=on - 5 * DAY,
        disbursed_on=on,
        source=CapitalSource.objects.get(code=source),
        instalments=(Instalment(on + 365 * DAY, amount),),
        jobs_new_planned=jobs[0],
        jobs_maintained_planned=jobs[1],
    )
    with replaying(on):
        [loan] = services.originate_many(
            actor=User.objects.get(username="tindung"),
            approver=User.objects.get(username="giamdoc"),
            disburser=User.objects.get(username="giaodich"),
            requests=[request],
        )
    return loan


@pytest.fixture
def loan(db):
    """20 million đồng for clean water to a household of a Women's Union group, disbursed
    10/03/2026;
    the business date is 25/03/2026, within the check's 30 days."""
    set_today(D(2026, 3, 25))
    return originate(member_of(women=True))


@pytest.fixture
def job_loan(db):
    """A job-creation loan (50 million, 2 new jobs and 1 kept planned), same group and day."""
    set_today(D(2026, 3, 25))
    return originate(member_of(women=True), code="GQVL", amount=50_000_000, jobs=(2, 1))


@pytest.fixture
def other_loan(db):
    """A loan lent through a group of another organisation than the Women's Union."""
    set_today(D(2026, 3, 25))
    return originate(member_of(women=False))
