"""The books' check of the members' savings (registered with `ledger.checks`)."""

from django.db.models import Sum
from django.utils.translation import gettext as _

from policycredit.domain import posting as p
from policycredit.domain.money import format_vnd
from policycredit.ledger.checks import compare
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import signed_amount


def check_savings(report, lines, codes, current: bool) -> None:
    _savings_equal_members(report, lines, codes)


def _savings_equal_members(report, lines, codes):
    """Members' savings in the books = the members' balances from their own movements."""
    truth = {
        (r["office_id"], p.MEMBER_SAVINGS, None, None): -r["total"]
        for r in SavingsTransaction.objects.filter(value_date__lte=report.as_of)
        .values("office_id")
        .annotate(total=Sum(signed_amount()))
        .order_by()
        if r["total"]
    }
    books = {
        (r["office_id"], p.MEMBER_SAVINGS, None, None): r["total"]
        for r in lines.filter(account__kind=p.MEMBER_SAVINGS)
        .values("office_id")
        .annotate(total=Sum("amount"))
        .order_by()
        if r["total"]
    }
    compare(report, books, truth, codes, _("what the members' savings add up to"))
    report.facts.append(
        _("Members' savings: %(total)s.") % {"total": format_vnd(-sum(books.values()))}
    )
