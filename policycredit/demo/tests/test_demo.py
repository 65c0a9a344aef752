"""`policycredit demo`: deterministic, never duplicates, refuses a non-empty database."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.borrowers.models import Household, Person, PovertyRecord
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.capital.selectors import entrusted_total
from policycredit.network.models import Membership, SavingsGroup

pytestmark = pytest.mark.django_db
SMALL = ["--households", "360", "--groups-per-point", "2", "--no-loans"]


def fingerprint() -> str:
    """A digest of the people and places the generator made, independent of row ids."""
    rows = sorted(
        Person.objects.values_list("household__code", "full_name", "cccd", "birth_date"),
        key=repr,
    )
    groups = sorted(SavingsGroup.objects.values_list("code", "name", "leader__full_name"))
    return hashlib.sha256(repr((rows, groups)).encode()).hexdigest()


def counts():
    models = [Household, Person, PovertyRecord, SavingsGroup, Membership, EntrustmentDecision, User]
    return {m.__name__: m.objects.count() for m in models}


def test_demo_refuses_a_non_empty_database_and_changes_nothing():
    before = counts()
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", *SMALL)
    assert counts() == before


def test_demo_if_empty_does_nothing_on_a_loaded_database():
    before = counts()
    call_command("demo", "--if-empty", *SMALL)
    assert counts() == before


def test_demo_reset_loads_the_same_district_again_without_duplicates():
    before, print_before = counts(), fingerprint()
    call_command("demo", "--reset", *SMALL)
    assert counts() == before
    assert fingerprint() == print_before


def test_demo_has_every_role_and_the_district_budget_history():
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    district = CapitalSource.objects.get(code="NS-HBT")
    import datetime

    assert entrusted_total(district, datetime.date(2014, 12, 31)) == 6_950_000_000
    assert entrusted_total(district, datetime.date(2024, 6, 11)) == 80_627_000_000


def test_every_group_has_three_to_sixty_members_and_a_leader_who_is_a_member():
    for group in SavingsGroup.objects.all():
        members = set(
            group.memberships.filter(left__isnull=True).values_list("household_id", flat=True)
        )
        assert 3 <= len(members) <= 60
        assert group.leader.household_id in members


def test_poverty_history_starts_in_2014_with_a_decision():
    assert PovertyRecord.objects.order_by("year").first().year == 2014
    assert not PovertyRecord.objects.filter(decision="").exists()
