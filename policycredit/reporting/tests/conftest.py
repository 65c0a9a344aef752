"""A bounded slice of lending for the reporting tests: district-budget job-creation loans of
2021–2023, made through the demo's generator and the services, without the ten other years the
full demo replays. The test world has a few hundred households, so the slice packs the jobs the
seed claims into few loans (LOANS_PER_BILLION, BUSINESS_SHARE below); the full demo spreads them
over thousands of plausible loans of every source (docs/demo.md)."""

import datetime
import random

import pytest

from policycredit.common.selectors import replaying
from policycredit.jobs.tests.running import (  # noqa: F401 (fixtures of the jobs' tests)
    connection_kept,
    private_root,
)

REVIEW_DAY = datetime.date(2024, 6, 11)
LOANS_PER_BILLION = 2  # district job-creation loans a year per billion đồng entrusted
BUSINESS_SHARE = 0.45  # of those, loans to production and business establishments


@pytest.fixture
def district_jobs(db):
    from policycredit.accounts.models import User
    from policycredit.borrowers.models import Household
    from policycredit.capital.models import CapitalSource
    from policycredit.demo import loans as demo
    from policycredit.demo.district import Context
    from policycredit.geo.models import Office, TransactionPoint
    from policycredit.loans import services
    from policycredit.network.models import SavingsGroup

    ctx = Context(rng=random.Random(11), actor=User.objects.get(username="admin"))
    ctx.office = Office.objects.get(code="PGD-HBT")
    ctx.points = {p.pk: p for p in TransactionPoint.objects.filter(active=True)}
    ctx.groups = list(SavingsGroup.objects.all())
    ctx.households = list(Household.objects.all())
    ctx.sources = {"district": CapitalSource.objects.get(code="NS-HBT")}
    generator = demo.Generator(ctx, REVIEW_DAY)
    district = ctx.sources["district"]
    entrusted = demo._cumulative_by_year(district)
    points = list(ctx.points.values())
    rng = generator.rng
    for year, month in demo.months(datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)):
        # District budget only, denser than the demo (see the module docstring).
        batch = []
        for _ in range(round(entrusted[year] / 1e9 * LOANS_PER_BILLION / 12)):
            day = demo.transaction_day(rng.choice(points), year, month)
            business = rng.random() < BUSINESS_SHARE
            if business:
                jobs = (rng.randint(45, 65), rng.randint(70, 100))
                amount = rng.randrange(250, 420, 10) * 1_000_000
            else:
                jobs = (rng.randint(2, 5), rng.randint(4, 8))
                amount = rng.randrange(40, 101, 5) * 1_000_000
            batch.append(generator.request("GQVL", district, day, amount, 24, 6, jobs, business))
        batch = [r for r in batch if r is not None]
        generator.originate(batch, demo._month_end(year, month))
        if month == 12:
            generator.repay_year(year)
    generator.repay_year(2024)
    services.record_verified_jobs_many(actor=generator.officer, verified=generator.jobs)
    with replaying(REVIEW_DAY):
        yield generator
