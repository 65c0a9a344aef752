"""Reads of the fees, scoped to the user.

Office staff see their office's statements; a mass-organisation officer the statements of their
unit and the units below it, and the commissions of those units' groups; a ward user those of
the organisations and groups of their ward; a group leader their own group's commissions.
Rates, bands and shares are published decisions: every signed-in user may read them.
"""

from django.db.models import Q, QuerySet

from policycredit.accounts.selectors import scope_of
from policycredit.fees.models import (
    CommissionStatement,
    FeeRate,
    FeeShare,
    FeeStatement,
    LevelShare,
    Payout,
    QualityBand,
)


def fee_statements_for(user) -> QuerySet:
    qs = FeeStatement.objects.select_related(
        "organisation", "organisation__unit", "office", "journal_entry", "computed_by", "payout"
    )
    scope = scope_of(user)
    if scope.everything:
        return qs
    return qs.filter(
        Q(office_id__in=scope.office_ids)
        | Q(organisation_id__in=scope.organisation_ids)
        | Q(organisation__unit_id__in=scope.ward_ids)
    )


def commission_statements_for(user) -> QuerySet:
    qs = CommissionStatement.objects.select_related(
        "group", "group__organisation", "office", "journal_entry", "computed_by", "payout"
    )
    scope = scope_of(user)
    if scope.everything:
        return qs
    return qs.filter(
        Q(office_id__in=scope.office_ids)
        | Q(group__organisation_id__in=scope.organisation_ids)
        | Q(group__transaction_point__ward_id__in=scope.ward_ids)
        | Q(group_id__in=scope.group_ids)
    )


def fee_shares_for(user) -> QuerySet:
    return FeeShare.objects.select_related("statement", "organisation").filter(
        statement__in=fee_statements_for(user).values("id")
    )


def payouts_for(user) -> QuerySet:
    return Payout.objects.select_related("fee_statement", "commission_statement", "actor").filter(
        Q(fee_statement__in=fee_statements_for(user).values("id"))
        | Q(commission_statement__in=commission_statements_for(user).values("id"))
    )


def rates_for(user) -> QuerySet:
    return FeeRate.objects.select_related("programme")


def bands_for(user) -> QuerySet:
    return QualityBand.objects.all()


def level_shares_for(user) -> QuerySet:
    return LevelShare.objects.all()


def months_for(user) -> list:
    """The months that have statements the user may see, latest first."""
    fees = fee_statements_for(user).order_by().values_list("month", flat=True).distinct()
    commissions = (
        commission_statements_for(user).order_by().values_list("month", flat=True).distinct()
    )
    return sorted(set(fees) | set(commissions), reverse=True)
