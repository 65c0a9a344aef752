"""Writes of organisations, groups and memberships, with the group-size and one-group rules."""

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.audit.models import Action
from policycredit.common.selectors import rule
from policycredit.common.services import create_many, require, save_record
from policycredit.network.models import Membership, SavingsGroup


def save_organisation(*, actor, instance):
    return save_record(actor=actor, instance=instance)


def save_group(*, actor, instance: SavingsGroup):
    if instance.transaction_point_id:
        instance.office_id = instance.transaction_point.office_id
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def save_membership(*, actor, instance: Membership):
    # The group row is locked so that two officers adding members at once cannot pass 60.
    group = SavingsGroup.objects.select_for_update().get(pk=instance.group_id)
    instance.office_id = group.office_id
    joined = instance.pk is None
    action = Action.MEMBER_JOINED if joined else (Action.MEMBER_LEFT if instance.left else None)
    return save_record(actor=actor, instance=instance, action=action)


def add_member(*, actor, group: SavingsGroup, household, joined: datetime.date) -> Membership:
    return save_membership(
        actor=actor, instance=Membership(group=group, household=household, joined=joined)
    )


@transaction.atomic
def add_members(*, actor, rows: list[Membership]) -> list[Membership]:
    """Add many memberships at once, checking the group-size and one-group rules for the set."""

    group_ids = {m.group_id for m in rows}
    groups = {g.pk: g for g in SavingsGroup.objects.select_for_update().filter(pk__in=group_ids)}
    maximum = rule("network.group_max_members")
    existing = Counter(
        Membership.objects.filter(group_id__in=group_ids, left__isnull=True).values_list(
            "group_id", flat=True
        )
    )
    adding = Counter(m.group_id for m in rows)
    for group_id, count in adding.items():
        if existing[group_id] + count > maximum:
            raise ValidationError(
                _("Group %(group)s would have %(count)d members; a group has at most %(max)d.")
                % {"group": groups[group_id], "count": existing[group_id] + count, "max": maximum}
            )
    if not rule("network.household_in_several_groups"):
        households = Counter(m.household_id for m in rows)
        already = set(
            Membership.objects.filter(
                household_id__in=households.keys(), left__isnull=True
            ).values_list("household_id", flat=True)
        )
        twice = [h for h, n in households.items() if n > 1 or h in already]
        if twice:
            raise ValidationError(
                _("%(count)d households would be in two groups at once.") % {"count": len(twice)}
            )
    for m in rows:
        m.office_id = groups[m.group_id].office_id
    return create_many(actor=actor, instances=rows, row_rules=False)


def end_membership(*, actor, membership: Membership, left: datetime.date) -> Membership:
    require(membership.left is None, _("This membership has already ended."))
    membership.left = left
    return save_membership(actor=actor, instance=membership)
