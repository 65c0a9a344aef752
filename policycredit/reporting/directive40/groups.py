"""Savings-and-loan groups by quality class, and members' savings through the groups."""

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from policycredit.domain.review import percent
from policycredit.network.models import SavingsGroup
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.report import Table
from policycredit.reporting.selection import Selection
from policycredit.savings.selectors import signed_amount, transactions_for

QUALITY = {"good": "tốt", "fair": "khá", "average": "trung bình", "weak": "yếu"}


def group_quality(review: Review) -> tuple[Table, str]:
    """The table, and a note saying how a group is classed."""
    classes = review.portfolio.group_classes(review.as_of)
    groups_total = sum(classes.values())
    table = Table(
        _("Savings-and-loan groups by quality class"),
        [_("class"), _("groups"), _("share (%)")],
        [
            [QUALITY[c], classes.get(c, 0), percent(classes.get(c, 0), groups_total)]
            for c in QUALITY
        ],
        [_("Total"), groups_total, percent(groups_total, groups_total)],
        key="group_quality",
    )
    note = _(
        "Group classes by the share of the group's balance overdue: good none, "
        "fair under 2 %, average under 5 %, weak 5 % or more."
    )
    return table, note


def savings_table(user, selection, as_of) -> Table:
    """Members' savings through the groups of the selection, summed in the database."""
    groups = SavingsGroup.objects.filter(
        Q(founded__lte=as_of), Q(closed__isnull=True) | Q(closed__gte=as_of)
    ).filter(_group_q(selection))
    balances = (
        transactions_for(user)
        .filter(value_date__lte=as_of, membership__group__in=groups.values("id"))
        .values("membership_id")
        .annotate(balance=Sum(signed_amount()))
        .order_by()
    )
    members = total = 0
    for row in balances:
        total += row["balance"] or 0
        members += (row["balance"] or 0) > 0
    return Table(
        _("Savings of members through groups"),
        [_("groups"), _("members with savings"), _("savings balance")],
        [[groups.count(), members, total]],
        key="savings",
    )


def _group_q(selection: Selection):
    q = Q()
    if selection.office_ids is not None:
        q &= Q(office_id__in=selection.office_ids)
    if selection.ward_ids is not None:
        q &= Q(transaction_point__ward_id__in=selection.ward_ids)
    if selection.organisation_ids is not None:
        q &= Q(organisation_id__in=selection.organisation_ids)
    if selection.group_ids is not None:
        q &= Q(id__in=selection.group_ids)
    return q
