"""The demo district's entrustment fees and group commissions over the last FEES_MONTHS months,
paid to the new wards' organisations from 07/2025 (`reform`)."""

from policycredit.accounts.models import User
from policycredit.common.selectors import business_date
from policycredit.demo import reform, wards
from policycredit.demo.context import Context
from policycredit.domain.dates import add_months
from policycredit.fees.models import FeeStatement
from policycredit.fees.services import compute_month, pay_many

FEES_MONTHS = 12  # months of fees and commissions the demo computes (and pays) back from today


def build(ctx: Context) -> None:
    """The last FEES_MONTHS months' fees and commissions, computed by the accountant after each
    month's end and paid out by the teller on the 5th of the next month (the latest month is
    left to pay)."""
    if not ctx.with_loans:
        return

    accountant = User.objects.get(username="ketoan")
    teller = User.objects.get(username="giaodich")
    last = add_months(business_date().replace(day=1), -1)
    reformed = False
    for back in reversed(range(FEES_MONTHS)):
        month = add_months(last, -back)
        if month >= wards.REFORM_DATE and not reformed:
            # From 07/2025 the fees go to the new wards' organisations.
            reform.build(ctx)
            reformed = True
        done = compute_month(actor=accountant, office=ctx.office, month=month)
        if month == last:
            continue
        owed = [
            statement
            for statement in [*done.fee_statements, *done.commission_statements]
            if (statement.fee if isinstance(statement, FeeStatement) else statement.commission)
        ]
        pay_many(actor=teller, statements=owed, on=add_months(month, 1).replace(day=5))
    if not reformed and business_date() >= wards.REFORM_DATE:
        reform.build(ctx)
