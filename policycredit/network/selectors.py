from django.db.models import Count, Q, QuerySet

from policycredit.accounts.selectors import scope_of
from policycredit.network.models import MassOrganisation, Membership, SavingsGroup


def organisation_and_below(organisation: MassOrganisation) -> set[int]:
    ids, frontier = {organisation.pk}, {organisation.pk}
    while frontier:
        frontier = (
            set(
                MassOrganisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
            )
            - ids
        )
        ids |= frontier
    return ids


def _group_filter(scope) -> Q:
    return (
        Q(office_id__in=scope.office_ids)
        | Q(transaction_point__ward_id__in=scope.ward_ids)
        | Q(organisation_id__in=scope.organisation_ids)
        | Q(id__in=scope.group_ids)
    )


def groups_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = SavingsGroup.objects.select_related(
        "organisation", "transaction_point", "leader"
    ).annotate(active_members=Count("memberships", filter=Q(memberships__left__isnull=True)))
    return qs if scope.everything else qs.filter(_group_filter(scope))


def organisations_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = MassOrganisation.objects.select_related("unit", "parent")
    if scope.everything:
        return qs
    from_groups = SavingsGroup.objects.filter(_group_filter(scope)).values("organisation_id")
    return qs.filter(Q(id__in=scope.organisation_ids) | Q(id__in=from_groups))


def memberships_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = Membership.objects.select_related("group", "household", "household__head")
    if scope.everything:
        return qs
    return qs.filter(group__in=SavingsGroup.objects.filter(_group_filter(scope)))


def active_member_count(group_id: int, excluding_household_id: int | None = None) -> int:
    qs = Membership.objects.filter(group_id=group_id, left__isnull=True)
    if excluding_household_id:
        qs = qs.exclude(household_id=excluding_household_id)
    return qs.count()
