"""What makes the demo district believable to a VBSP reader, checked where a small world can
show it: plausible jobs per loan, most members saving, the July 2025 reform in who manages the
groups (and so who is paid the fees). The district-wide proportions are measured on the full
demo (docs/demo.md)."""

import datetime
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.accounts.models import User
from policycredit.common.selectors import replaying
from policycredit.demo import reform, savings, wards
from policycredit.demo.district import Context
from policycredit.demo.loans import loan_terms
from policycredit.network.models import MassOrganisation, OrganisationLevel, SavingsGroup
from policycredit.savings.models import SavingsTransaction

MILLION = 1_000_000


@given(seed=st.integers(0, 2**32))
def test_a_job_creation_loan_plans_the_jobs_its_amount_can_make(seed):
    terms = loan_terms(random.Random(seed), "GQVL")
    new, maintained = terms["jobs"]
    if terms.get("business"):
        # An establishment: at most 100 million đồng per job, a few to a few tens of jobs.
        assert terms["amount"] <= 100 * MILLION * (new + maintained)
        assert 1 <= new <= 20 and new + maintained <= 50
    else:
        # A household: about one new job and one to three kept, within 100 million.
        assert terms["amount"] <= 100 * MILLION
        assert new in (1, 2) and 1 <= maintained <= 3


@given(seed=st.integers(0, 2**32), code=st.sampled_from(["HN", "HCN", "HMTN", "HSSV", "NSVS"]))
def test_other_loans_plan_no_jobs_and_keep_their_programme_ceiling(seed, code):
    terms = loan_terms(random.Random(seed), code)
    ceiling = {"HSSV": 4 * MILLION, "NSVS": 25 * MILLION}.get(code, 100 * MILLION)
    assert 0 < terms["amount"] <= ceiling and "jobs" not in terms


def _context():
    return Context(rng=random.Random(5), actor=User.objects.get(username="admin"))


@pytest.mark.django_db
def test_most_members_of_every_group_save_and_nothing_is_dated_today():
    today = datetime.date(2016, 3, 8)
    with replaying(today):
        savings.build(_context())
    assert not SavingsTransaction.objects.filter(value_date__gte=today).exists()
    for group in SavingsGroup.objects.all():
        members = group.memberships.filter(left__isnull=True)
        saving = members.filter(savings_transactions__isnull=False).distinct().count()
        assert saving >= members.count() / 2, group.code
    # The months before the last few come as one deposit a year, on December's day.
    old = SavingsTransaction.objects.filter(value_date__lt=datetime.date(2015, 9, 1))
    assert old.exists() and {d.month for d in old.values_list("value_date", flat=True)} == {12}


@pytest.mark.django_db
def test_after_the_reform_every_group_is_managed_by_a_new_wards_organisation():
    with replaying(datetime.date(2025, 8, 1)):
        reform.build(_context())
    for group in SavingsGroup.objects.select_related("organisation__unit", "organisation__parent"):
        organisation = group.organisation
        assert organisation.level == OrganisationLevel.WARD
        assert organisation.unit.valid_from == wards.REFORM_DATE, group.code
        assert organisation.parent.level == OrganisationLevel.PROVINCE
        assert organisation.kind == organisation.parent.kind
    officer = User.objects.get(username="hoiphunu")
    assert officer.organisation.unit.name == "Phường Vĩnh Tuy"
    # The district's organisations stay for the months before, under the city's.
    for district in MassOrganisation.objects.filter(level=OrganisationLevel.DISTRICT):
        assert district.parent.level == OrganisationLevel.PROVINCE
