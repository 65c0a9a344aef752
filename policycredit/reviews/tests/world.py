"""Loans for the review's tests, on the suite's small district (built without loans): a few
job-creation loans of the district budget in each year from 2014, made by the demo's own
generator through the loan services, with their jobs verified at the loan-use check. The whole
demo's ten years of lending take minutes on a busy machine; these take seconds."""

import datetime
import random

from policycredit.accounts.models import User
from policycredit.borrowers.models import Household
from policycredit.capital.models import CapitalSource
from policycredit.demo import loans as demo
from policycredit.demo.context import Context
from policycredit.geo.models import Office, TransactionPoint
from policycredit.loans import services
from policycredit.network.models import SavingsGroup

REVIEW_DAY = datetime.date(2024, 6, 11)
LOANS_A_YEAR = 2


def lend_each_year() -> int:
    """Lend in each year from 2014 to the review's; the number of loans made."""
    ctx = Context(rng=random.Random(40), actor=User.objects.get(username="admin"))
    ctx.office = Office.objects.get(code="PGD-HBT")
    ctx.points = {p.pk: p for p in TransactionPoint.objects.filter(active=True).order_by("pk")}
    ctx.groups = list(SavingsGroup.objects.order_by("pk"))
    ctx.households = list(Household.objects.order_by("pk"))
    district = CapitalSource.objects.get(code="NS-HBT")
    ctx.sources = {"district": district}
    generator = demo.Generator(ctx, REVIEW_DAY)
    points = list(ctx.points.values())
    made = 0
    for year in range(2014, REVIEW_DAY.year + 1):
        month = 3
        batch = []
        for _ in range(LOANS_A_YEAR):
            day = demo.transaction_day(generator.rng.choice(points), year, month)
            jobs = (generator.rng.randint(2, 5), generator.rng.randint(3, 8))
            amount = generator.rng.randrange(40, 101, 5) * 1_000_000
            batch.append(generator.request("GQVL", district, day, amount, 24, 6, jobs, False))
        made += len(generator.originate([r for r in batch if r], demo._month_end(year, month)))
    services.record_verified_jobs_many(actor=generator.officer, verified=generator.jobs)
    return made
