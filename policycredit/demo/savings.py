"""Members' savings for the demo district: most members of every group save a fixed sum each
month, handed in by the group leader at the group's monthly transaction day.

The last MONTHLY_MONTHS months are posted deposit by deposit, on each transaction day before
today (today's is still to be held). Before them, each saver's year of monthly savings is
posted as one deposit on the group's December transaction day, from the year the member
joined (2014 at the earliest): the balances of any past date are there (the June 2024 review
counts the members with savings), at a twelfth of the rows, so the load stays short.
"""

from policycredit.accounts.models import User
from policycredit.common.selectors import business_date
from policycredit.demo.loans import START, months, transaction_day
from policycredit.domain.dates import add_months
from policycredit.network.models import Membership
from policycredit.savings import services

MONTHLY = [10_000, 20_000, 30_000, 50_000, 100_000]
MONTHLY_MONTHS = 6
SAVERS = 0.9  # share of the members who save
MISSED = 0.08  # share of the months a saver hands nothing in


def build(ctx, monthly_months: int = MONTHLY_MONTHS) -> int:
    teller = User.objects.get(username="giaodich")
    today = business_date()
    monthly_from = add_months(today.replace(day=1), -monthly_months)
    entries = []
    members = (
        Membership.objects.filter(left__isnull=True)
        .select_related("group__transaction_point")
        .order_by("pk")
    )
    for member in members:
        if ctx.rng.random() >= SAVERS:
            continue
        monthly = ctx.rng.choice(MONTHLY)
        point = member.group.transaction_point
        since = max(member.joined, START)
        for year in range(since.year, monthly_from.year + 1):
            day = transaction_day(point, year, 12)
            if since <= day < monthly_from:
                # The months of the year the member belonged, as one deposit.
                saved = 12 - (since.month - 1 if year == since.year else 0)
                entries.append(services.Deposit(member, day, monthly * saved))
        for year, month in months(monthly_from, today):
            day = transaction_day(point, year, month)
            if since <= day < today and ctx.rng.random() >= MISSED:
                entries.append(services.Deposit(member, day, monthly))
    return len(services.deposit_many(actor=teller, entries=entries))
