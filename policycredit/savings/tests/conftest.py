import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.network.models import Membership, SavingsGroup

D = datetime.date


@pytest.fixture
def teller(db):
    return User.objects.get(username="giaodich")


@pytest.fixture
def controller(db):
    return User.objects.get(username="kiemsoat")


@pytest.fixture
def leader(db):
    """The demo's group leader: sees the demo's first group only."""
    return User.objects.get(username="totruong")


def _fresh():
    """Current members since before 2024 with no savings yet: the stories start from nothing
    (the test world loads no savings; this keeps them exact if it ever loads some)."""
    return Membership.objects.filter(
        left__isnull=True, joined__lt=D(2024, 1, 1), savings_transactions__isnull=True
    )


@pytest.fixture
def group(leader):
    """A group other than the leader's, with at least two such members."""
    groups = SavingsGroup.objects.exclude(pk=leader.group_id).order_by("code")
    found = next((g for g in groups if _fresh().filter(group=g).count() >= 2), None)
    assert found is not None, "the test world must leave some members without savings"
    return found


@pytest.fixture
def members(group):
    """Two members of the group whose savings start at nothing."""
    found = _fresh().filter(group=group).select_related("household").order_by("household__code")
    return list(found[:2])


@pytest.fixture
def member(members):
    return members[0]
