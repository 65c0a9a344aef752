from django.db.models import Q, QuerySet

from policycredit.accounts.roles import can_change
from policycredit.accounts.selectors import scope_of
from policycredit.borrowers.models import Household, Person, PovertyRecord
from policycredit.network.models import Membership, SavingsGroup


def households_for(user) -> QuerySet:
    """Households the user may see: by office, by ward, or as current members of its groups."""
    scope = scope_of(user)
    qs = Household.objects.select_related("head", "ward", "office")
    if scope.everything:
        return qs
    condition = Q(office_id__in=scope.office_ids) | Q(ward_id__in=scope.ward_ids)
    if scope.organisation_ids or scope.group_ids:
        groups = SavingsGroup.objects.filter(
            Q(organisation_id__in=scope.organisation_ids) | Q(id__in=scope.group_ids)
        )
        members = Membership.objects.filter(left__isnull=True, group__in=groups)
        condition |= Q(id__in=members.values("household_id"))
    return qs.filter(condition)


def persons_for(user) -> QuerySet:
    return Person.objects.select_related("household").filter(
        household__in=households_for(user).values("id")
    )


def poverty_records_for(user) -> QuerySet:
    return PovertyRecord.objects.select_related("household").filter(
        household__in=households_for(user).values("id")
    )


def poverty_status_on(household: Household, year: int) -> PovertyRecord | None:
    return household.poverty_records.filter(year__lte=year).order_by("-year").first()


def may_find_by_cccd(user) -> bool:
    """Who may look a person up by a full citizen ID: those who keep the persons' records (and
    so type the numbers in). Everyone else finds people by name or household code."""
    return can_change(user, "borrowers", "person")
