"""Reads of administrative units, offices and transaction points, both ways across the reform."""

import datetime

from django.db.models import Q, QuerySet

from policycredit.accounts.selectors import scope_of
from policycredit.geo.models import AdminUnit, Level, Office, Succession, TransactionPoint
from policycredit.network.models import SavingsGroup


def successors_of(unit: AdminUnit) -> QuerySet:
    """Which new units hold old unit `unit` (in whole or in part)."""
    return AdminUnit.objects.filter(predecessions__predecessor=unit).distinct()


def predecessors_of(unit: AdminUnit) -> QuerySet:
    """Which old units (or parts of them) make up new unit `unit`."""
    return AdminUnit.objects.filter(successions__successor=unit).distinct()


def main_successor(unit: AdminUnit) -> AdminUnit | None:
    link = Succession.objects.filter(predecessor=unit, primary=True).select_related("successor")
    first = link.first()
    return first.successor if first else None


def current_unit(unit: AdminUnit, on: datetime.date) -> AdminUnit:
    """Follow main successions until reaching the unit in force on `on`."""
    seen = {unit.pk}
    while unit.valid_to is not None and unit.valid_to < on:
        nxt = main_successor(unit)
        if nxt is None or nxt.pk in seen:
            break
        seen.add(nxt.pk)
        unit = nxt
    return unit


def wards_reported_under(ward: AdminUnit) -> set[int]:
    """The ward itself and every older ward whose records it took over (main succession)."""
    ids, frontier = {ward.pk}, {ward.pk}
    while frontier:
        frontier = set(
            Succession.objects.filter(successor_id__in=frontier, primary=True)
            .exclude(predecessor_id__in=ids)
            .values_list("predecessor_id", flat=True)
        )
        ids |= frontier
    return ids


def offices_in_unit(unit: AdminUnit) -> set[int]:
    """Offices serving a province or district (a board member's view)."""
    if unit.level == Level.DISTRICT:
        return set(Office.objects.filter(area=unit).values_list("id", flat=True))
    return set(
        Office.objects.filter(Q(area=unit) | Q(area__parent=unit)).values_list("id", flat=True)
    )


def units_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = AdminUnit.objects.select_related("parent")
    if scope.everything:
        return qs
    if scope.office_ids or scope.ward_ids:
        wards = set(scope.ward_ids) | set(
            TransactionPoint.objects.filter(office_id__in=scope.office_ids).values_list(
                "ward_id", flat=True
            )
        )
        new = Succession.objects.filter(predecessor_id__in=wards).values_list(
            "successor_id", flat=True
        )
        areas = Office.objects.filter(id__in=scope.office_ids).values_list("area_id", flat=True)
        return qs.filter(Q(id__in=wards) | Q(id__in=new) | Q(id__in=areas))
    return qs.none()


def offices_for(user) -> QuerySet:
    scope = scope_of(user)
    if scope.everything:
        return Office.objects.all()
    return Office.objects.filter(id__in=scope.office_ids)


def transaction_points_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = TransactionPoint.objects.select_related("office", "ward")
    if scope.everything:
        return qs
    # Organisation officers and group leaders see the points where their groups meet.
    of_groups = SavingsGroup.objects.filter(
        Q(organisation_id__in=scope.organisation_ids) | Q(id__in=scope.group_ids)
    ).values("transaction_point_id")
    return qs.filter(
        Q(office_id__in=scope.office_ids) | Q(ward_id__in=scope.ward_ids) | Q(id__in=of_groups)
    )
