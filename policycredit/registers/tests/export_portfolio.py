"""A small portfolio for the export tests, built through the loan services on the small demo
world; every figure below is worked out by hand in the tests.

All four loans are job-creation loans (GQVL, 0.66 %/month, days ÷ 30, overdue × 1.3) from the
district budget (NS-HBT), to members of one group:

* A: 100,000,000 đ on 15/01/2024; 25,000,000 due 15/03/2024 is never paid; interest
  682,000 (31 days × 22,000) paid on 15/02/2024.
* B: 100,000,000 đ on 15/01/2024; on 15/04/2024 it repays 40,000,000 principal and
  2,002,000 interest (91 days × 22,000).
* C: 50,000,000 đ on 10/04/2024 (lent in April).
* D: 30,000,000 đ on 15/01/2024, frozen whole on 01/04/2024 for 12 months (50 % loss).
"""

import datetime
from dataclasses import dataclass

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import decided, step_taker
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment as Planned
from policycredit.loans import services as loans
from policycredit.network.models import SavingsGroup
from policycredit.programmes.models import Programme

D = datetime.date
APRIL_END = D(2024, 4, 30)


@dataclass
class Portfolio:
    a: object
    b: object
    c: object
    d: object
    group: SavingsGroup

    @property
    def office(self):
        return self.group.office


def _lend(staff, household, group, amount, on, instalments):
    application = loans.submit_application(
        actor=staff["tindung"],
        household=household,
        borrower=household.head,
        programme=Programme.objects.get(code="GQVL"),
        group=group,
        amount=amount,
        term_months=24,
        purpose="Mở rộng sản xuất",
        applied_on=on - datetime.timedelta(days=9),
        jobs_new_planned=1,
    )
    for step in ["reviewed", "appraised", "confirmed"]:
        loans.advance_application(actor=step_taker(step), application=application, to=step, on=on)
    loans.advance_application(actor=staff["giamdoc"], application=application, to="approved", on=on)
    with replaying(on):
        return loans.disburse(
            actor=staff["giaodich"],
            application=application,
            source=CapitalSource.objects.get(code="NS-HBT"),
            on=on,
            instalments=instalments,
        )


def build() -> Portfolio:
    staff = {u.username: u for u in User.objects.all()}
    leader_group = staff["totruong"].group_id
    for group in SavingsGroup.objects.exclude(pk=leader_group).order_by("code"):
        members = [
            m.household
            for m in group.memberships.filter(left__isnull=True).select_related("household")[:4]
        ]
        if len(members) == 4:
            break
    one = [Planned(D(2026, 1, 15), 100_000_000)]
    a = _lend(
        staff,
        members[0],
        group,
        100_000_000,
        D(2024, 1, 15),
        [Planned(D(2024, 3, 15), 25_000_000), Planned(D(2026, 1, 15), 75_000_000)],
    )
    b = _lend(staff, members[1], group, 100_000_000, D(2024, 1, 15), one)
    c = _lend(
        staff, members[2], group, 50_000_000, D(2024, 4, 10), [Planned(D(2026, 4, 10), 50_000_000)]
    )
    d = _lend(
        staff, members[3], group, 30_000_000, D(2024, 1, 15), [Planned(D(2026, 1, 15), 30_000_000)]
    )
    with replaying(D(2024, 2, 15)):
        loans.repay(actor=staff["giaodich"], loan=a, on=D(2024, 2, 15), interest=682_000)
    with replaying(D(2024, 4, 1)):
        decided(
            loans.freeze,
            loan=d,
            on=D(2024, 4, 1),
            loss_percent=50,
            months=12,
            decision="QĐ 12/2024 khoanh nợ",
        )
    with replaying(D(2024, 4, 15)):
        loans.repay(
            actor=staff["giaodich"],
            loan=b,
            on=D(2024, 4, 15),
            principal=40_000_000,
            interest=2_002_000,
        )
    return Portfolio(a, b, c, d, group)
