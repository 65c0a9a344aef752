"""Members' savings for the demo district: about half the members save a fixed sum each month,
handed in at the monthly transaction day, over the last SAVINGS_MONTHS months."""

from policycredit.accounts.models import User
from policycredit.common.selectors import business_date
from policycredit.domain.dates import add_months
from policycredit.network.models import Membership
from policycredit.savings import services

MONTHLY = [10_000, 20_000, 30_000, 50_000, 100_000]
SAVINGS_MONTHS = 6
SAVERS = 0.5


def build(ctx, months: int = SAVINGS_MONTHS) -> int:
    teller = User.objects.get(username="giaodich")
    today = business_date()
    last = today.replace(day=10) if today.day >= 10 else add_months(today.replace(day=10), -1)
    entries = []
    for member in Membership.objects.filter(left__isnull=True).order_by("pk"):
        if ctx.rng.random() >= SAVERS:
            continue
        monthly = ctx.rng.choice(MONTHLY)
        for k in range(months):
            day = add_months(last, -k)
            if day >= member.joined and ctx.rng.random() < 0.9:
                entries.append(services.Deposit(member, day, monthly))
    return len(services.deposit_many(actor=teller, entries=entries))
