"""Savings-and-loan groups by quality class, and members' savings through the groups."""

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from policycredit.domain.review import percent
from policycredit.inspections.models import Subject
from policycredit.inspections.selectors import Scale, graded_groups, scale_in_force
from policycredit.network.models import SavingsGroup
from policycredit.reporting.directive40.context import Review
from policycredit.reporting.report import Table
from policycredit.reporting.selection import Selection
from policycredit.savings.selectors import signed_amount, transactions_for

QUALITY = {"good": "tốt", "fair": "khá", "average": "trung bình", "weak": "yếu"}


def group_quality(review: Review) -> tuple[Table, str]:
    """The table, and a note saying how a group is classed. Beside the classes by overdue, the
    grades the groups were given at their 16/TD inspection in the review's year."""
    classes = review.portfolio.group_classes(review.as_of)
    groups_total = sum(classes.values())
    graded = graded_at_inspection(review)
    inspected = sum(graded.values())
    year = review.as_of.year
    table = Table(
        _("Savings-and-loan groups by quality class"),
        [
            _("class"),
            _("groups"),
            _("share (%)"),
            _("graded so at inspection in %(year)s") % {"year": year},
            _("share of the inspected (%)"),
        ],
        [
            [
                QUALITY[c],
                classes.get(c, 0),
                percent(classes.get(c, 0), groups_total),
                graded.get(c, 0),
                percent(graded.get(c, 0), inspected),
            ]
            for c in QUALITY
        ],
        [
            _("Total"),
            groups_total,
            percent(groups_total, groups_total),
            inspected,
            percent(inspected, inspected),
        ],
        key="group_quality",
    )
    note = scale_note(scale_in_force(Subject.GROUP, review.as_of), review.as_of)
    note += " " + _(
        "Grades at inspection: the groups inspected (form 16/TD) from 1 January to the "
        "review's date, graded on the score sheet in force on the day of the inspection."
    )
    return table, note


def scale_note(scale: Scale, day) -> str:
    """How a group is classed: the bands of the scale in force, or why none could be used."""
    if not scale:
        return _(
            "No valid group quality scale is in force on %(day)s: the groups are not classed "
            "(see the quality grading rules)."
        ) % {"day": f"{day:%d/%m/%Y}"}
    bands = "; ".join(f"{QUALITY[r.grade]}: {r.criteria_text()}" for r in scale.rules)
    return _("Group classes by the scale in force from %(day)s: %(bands)s.") % {
        "day": f"{scale.valid_from:%d/%m/%Y}",
        "bands": bands,
    }


def graded_at_inspection(review: Review) -> dict[str, int]:
    """{grade: groups} of the review's groups graded at their inspection in its year."""
    groups = SavingsGroup.objects.filter(_group_q(review.selection)).values("id")
    return graded_groups(groups, review.as_of.year, review.as_of)


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
