"""Group size (3–60) and one group per household, as configurable rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from policycredit.accounts.models import User
from policycredit.borrowers.models import Household
from policycredit.common.models import Rule
from policycredit.common.services import create_many
from policycredit.network.models import Membership, SavingsGroup
from policycredit.network.services import add_member, add_members, end_membership

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 1, 5)


@pytest.fixture
def admin():
    return User.objects.get(username="admin")


def _fresh_households(admin, count, prefix="T"):
    template = Household.objects.first()
    rows = [
        Household(
            code=f"{prefix}{i:04d}",
            office=template.office,
            ward=template.ward,
            address="Số 1 Phố Huế",
        )
        for i in range(count)
    ]
    return create_many(actor=admin, instances=rows)


def _empty_group(admin):
    template = SavingsGroup.objects.first()
    group = SavingsGroup(
        code="TEST-60",
        name="Tổ thử",
        organisation=template.organisation,
        transaction_point=template.transaction_point,
        founded=DAY,
    )
    from policycredit.network.services import save_group

    return save_group(actor=admin, instance=group)


def test_the_sixty_first_member_is_refused_with_a_clear_message(admin):
    group = _empty_group(admin)
    households = _fresh_households(admin, 61)
    add_members(
        actor=admin,
        rows=[Membership(group=group, household=h, joined=DAY) for h in households[:60]],
    )
    assert group.memberships.count() == 60
    with pytest.raises(ValidationError) as refused:
        add_member(actor=admin, group=group, household=households[60], joined=DAY)
    assert "60" in str(refused.value)
    assert group.memberships.count() == 60


def test_sixty_one_members_at_once_are_refused_whole(admin):
    group = _empty_group(admin)
    households = _fresh_households(admin, 61)
    with pytest.raises(ValidationError):
        add_members(
            actor=admin, rows=[Membership(group=group, household=h, joined=DAY) for h in households]
        )
    assert group.memberships.count() == 0


def test_a_household_cannot_be_in_two_groups_unless_the_rule_allows_it(admin):
    household = Membership.objects.filter(left__isnull=True).first().household
    other = SavingsGroup.objects.exclude(memberships__household=household).first()
    with pytest.raises(ValidationError) as refused:
        add_member(actor=admin, group=other, household=household, joined=DAY)
    assert refused.value.messages[0].startswith(("This household is already a member", "Hộ này"))
    Rule.objects.create(
        key="network.household_in_several_groups", value=True, valid_from=datetime.date(2020, 1, 1)
    )
    membership = add_member(actor=admin, group=other, household=household, joined=DAY)
    assert membership.pk and membership.office_id == other.office_id


def test_membership_history_is_kept_when_a_household_moves(admin):
    membership = Membership.objects.filter(left__isnull=True).first()
    household, old_group = membership.household, membership.group
    new_group = SavingsGroup.objects.exclude(pk=old_group.pk).first()
    end_membership(actor=admin, membership=membership, left=datetime.date(2024, 6, 30))
    add_member(actor=admin, group=new_group, household=household, joined=datetime.date(2024, 7, 1))
    history = list(household.memberships.order_by("joined").values_list("group_id", "left"))
    assert history == [(old_group.pk, datetime.date(2024, 6, 30)), (new_group.pk, None)]
    with pytest.raises(ValidationError):
        end_membership(actor=admin, membership=membership, left=datetime.date(2024, 7, 1))


def test_leaving_before_joining_is_refused(admin):
    membership = Membership.objects.filter(left__isnull=True).first()
    with pytest.raises(ValidationError):
        end_membership(actor=admin, membership=membership, left=datetime.date(2000, 1, 1))


def test_joining_and_leaving_are_named_in_the_audit_log(admin):
    from policycredit.audit.models import Action, AuditEvent

    membership = Membership.objects.filter(left__isnull=True).first()
    household, old_group = membership.household, membership.group
    end_membership(actor=admin, membership=membership, left=datetime.date(2024, 6, 30))
    new_group = SavingsGroup.objects.exclude(pk=old_group.pk).first()
    joined = add_member(
        actor=admin, group=new_group, household=household, joined=datetime.date(2024, 7, 1)
    )
    events = AuditEvent.objects.filter(model="network.membership").order_by("-id")[:2]
    assert [(e.action, e.object_id) for e in events] == [
        (Action.MEMBER_JOINED, str(joined.pk)),
        (Action.MEMBER_LEFT, str(membership.pk)),
    ]
