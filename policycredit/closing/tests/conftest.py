import datetime
import random

import pytest

from policycredit.common.selectors import replaying
from policycredit.jobs.tests.running import (  # noqa: F401 (fixtures of the jobs' tests)
    connection_kept,
    private_root,
)

D = datetime.date
START = D(2025, 1, 10)


def loan_request(member, programme, source, amount: int, plan: tuple):
    """A loan of the test portfolios: applied 02/01, approved 05/01, disbursed 10/01/2025."""
    from policycredit.loans import services

    return services.LoanRequest(
        household=member.household,
        borrower=member.household.head,
        programme=programme,
        group=member.group,
        amount=amount,
        term_months=24,
        purpose="Sản xuất",
        applied_on=D(2025, 1, 2),
        approved_on=D(2025, 1, 5),
        disbursed_on=START,
        source=source,
        instalments=plan,
        jobs_new_planned=1 if programme.code == "GQVL" else 0,
    )


@pytest.fixture
def portfolio(db):
    """A few hundred job-creation loans from the district budget, disbursed on 10/01/2025 with
    instalments falling due on many different days, some repaid on time and some not."""
    from policycredit.accounts.models import User
    from policycredit.capital.models import CapitalSource
    from policycredit.domain.loan import Instalment
    from policycredit.loans import services
    from policycredit.network.models import Membership
    from policycredit.programmes.models import Programme

    rng = random.Random(6)
    users = {u: User.objects.get(username=u) for u in ("tindung", "giamdoc", "giaodich")}
    programme = Programme.objects.get(code="GQVL")
    source = CapitalSource.objects.get(code="NS-HBT")
    requests = []
    for m in Membership.objects.filter(left__isnull=True).select_related(
        "household__head", "group"
    ):
        if not m.household.head_id:
            continue
        amount = rng.randrange(10, 60) * 1_000_000
        first = START + datetime.timedelta(days=rng.randrange(20, 90))
        plan = (Instalment(first, amount // 2), Instalment(D(2027, 1, 10), amount - amount // 2))
        requests.append(loan_request(m, programme, source, amount, plan))
    with replaying(START):
        loans = services.originate_many(
            actor=users["tindung"],
            approver=users["giamdoc"],
            disburser=users["giaodich"],
            requests=requests,
        )
    # Half the borrowers repay their first instalment on its day, with the interest due.
    return loans, rng
