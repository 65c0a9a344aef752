"""A few loans of two wards, made through the services, for the credit plan's stories.

Each is a job-creation loan of the district's budget (GQVL × NS-HBT) to a household of the ward's
own group: ward A's household borrowed 50 million on 15/03/2023 and repays 10 million on
15/03/2024, and a second one borrows 40 million on 20/02/2024; ward B's household borrows 30
million on 10/04/2024 and repays 5 million on 10/05/2024. So, as of 30/06/2024, the year lent
70 million, collected 15 million, and outstanding grew from 50 to 105 million (55 million):
ward A 40 / 10 / +30 million, ward B 30 / 5 / +25 million."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import approved
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment as Planned
from policycredit.geo.models import AdminUnit, Office
from policycredit.loans import services
from policycredit.network.models import Membership
from policycredit.programmes.models import Programme

D = datetime.date
MILLION = 1_000_000
# Job-creation loans of the district's budget: no poverty status asked, and room to lend.
PROGRAMME, SOURCE = "GQVL", "NS-HBT"


@dataclass
class Lent:
    office: Office
    ward_a: AdminUnit
    ward_b: AdminUnit
    group_a: object
    group_b: object
    loans: list


def _members_by_ward() -> dict:
    """{ward: [(group, household)]} of the households in an open group."""
    out: dict = {}
    for m in (
        Membership.objects.filter(left__isnull=True, household__head__isnull=False)
        .select_related("group__transaction_point__ward", "household__head")
        .order_by("household__code")
    ):
        ward = m.group.transaction_point.ward
        out.setdefault(ward, []).append((m.group, m.household))
    return out


def _lend(group, household, amount, day, instalments):
    request = services.LoanRequest(
        household=household,
        borrower=household.head,
        programme=Programme.objects.get(code=PROGRAMME),
        group=group,
        amount=amount,
        term_months=24,
        purpose="Chăn nuôi",
        applied_on=day - datetime.timedelta(days=20),
        approved_on=day - datetime.timedelta(days=5),
        disbursed_on=day,
        source=CapitalSource.objects.get(code=SOURCE),
        jobs_new_planned=1,
        jobs_maintained_planned=1,
        instalments=tuple(instalments),
    )
    with replaying(day):
        (loan,) = services.originate_many(
            actor=User.objects.get(username="tindung"),
            approver=User.objects.get(username="giamdoc"),
            disburser=User.objects.get(username="giaodich"),
            requests=[request],
        )
    return loan


def _repay(loan, day, principal):
    with replaying(day):
        approved(
            services.repay(
                actor=User.objects.get(username="giaodich"), loan=loan, on=day, principal=principal
            ),
            "kiemsoat",
        )


@pytest.fixture(scope="module")
def lent(django_db_setup, django_db_blocker) -> Lent:
    """Made once for a module, in a transaction rolled back at its end; each test runs in a
    savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _lent()
        transaction.set_rollback(True)


def _lent() -> Lent:
    wards = _members_by_ward()
    ward_a, ward_b = sorted(wards, key=lambda w: (-len(wards[w]), w.name))[:2]
    (group_a, first), (_g, second) = wards[ward_a][:2]
    group_b, third = wards[ward_b][0]
    one = _lend(
        group_a,
        first,
        50 * MILLION,
        D(2023, 3, 15),
        [Planned(D(2024, 3, 15), 10 * MILLION), Planned(D(2025, 3, 15), 40 * MILLION)],
    )
    _repay(one, D(2024, 3, 15), 10 * MILLION)
    two = _lend(_g, second, 40 * MILLION, D(2024, 2, 20), [Planned(D(2026, 2, 20), 40 * MILLION)])
    three = _lend(
        group_b,
        third,
        30 * MILLION,
        D(2024, 4, 10),
        [Planned(D(2024, 5, 10), 5 * MILLION), Planned(D(2026, 4, 10), 25 * MILLION)],
    )
    _repay(three, D(2024, 5, 10), 5 * MILLION)
    return Lent(group_a.office, ward_a, ward_b, group_a, group_b, [one, two, three])
