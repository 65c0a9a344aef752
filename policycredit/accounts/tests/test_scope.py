"""A user sees only their own area, on lists, on guessed URLs and in form choices."""

import pytest
from django.urls import reverse

from policycredit.borrowers.models import Household
from policycredit.borrowers.selectors import households_for
from policycredit.geo.models import AdminUnit
from policycredit.geo.selectors import wards_reported_under
from policycredit.network.models import SavingsGroup
from policycredit.network.selectors import groups_for

pytestmark = pytest.mark.django_db


def _old_wards_of(new_ward_name):
    new = AdminUnit.objects.get(name=f"Phường {new_ward_name}", valid_from__isnull=False)
    return wards_reported_under(new)


def test_ward_officer_sees_only_households_of_the_old_wards_her_new_ward_took_over(user):
    officer = user("phuong.vinhtuy")
    visible = households_for(officer)
    wards = _old_wards_of("Vĩnh Tuy")
    units = AdminUnit.objects.filter(id__in=wards)
    # The new ward itself, the old ward of the same name, Thanh Lương, whose office it took, and
    # Mai Động of the former Hoàng Mai district (the national conversion's main successor).
    assert sorted((u.name, u.valid_from is None) for u in units) == [
        ("Phường Mai Động", True),
        ("Phường Thanh Lương", True),
        ("Phường Vĩnh Tuy", False),
        ("Phường Vĩnh Tuy", True),
    ]
    assert visible.count() == Household.objects.filter(ward_id__in=wards).count() > 0
    assert not visible.exclude(ward_id__in=wards).exists()


def test_two_ward_officers_share_no_household_and_no_group(user):
    a, b = user("phuong.vinhtuy"), user("phuong.bachmai")
    assert not set(households_for(a).values_list("id", flat=True)) & set(
        households_for(b).values_list("id", flat=True)
    )
    assert not set(groups_for(a).values_list("id", flat=True)) & set(
        groups_for(b).values_list("id", flat=True)
    )
    assert groups_for(a).exists() and groups_for(b).exists()


def test_guessing_another_wards_household_url_is_a_404(client_as, user):
    client = client_as("phuong.vinhtuy")
    foreign = households_for(user("phuong.bachmai")).first()
    own = households_for(user("phuong.vinhtuy")).first()
    url = reverse("admin:borrowers_household_change", args=[foreign.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert foreign.head.full_name not in response.content.decode()
    history = client.get(reverse("admin:borrowers_household_history", args=[foreign.pk]))
    assert history.status_code == 404
    assert client.get(reverse("admin:borrowers_household_change", args=[own.pk])).status_code == 200


def test_household_list_shows_own_ward_only(client_as, user):
    client = client_as("phuong.vinhtuy")
    page = client.get(reverse("admin:borrowers_household_changelist") + "?all=")
    body = page.content.decode()
    own = households_for(user("phuong.vinhtuy"))
    foreign = households_for(user("phuong.bachmai"))
    assert page.status_code == 200
    assert own.first().code in body
    assert not any(h.code in body for h in foreign)


def test_ward_officer_cannot_reach_office_screens(client_as):
    client = client_as("phuong.vinhtuy")
    assert client.get(reverse("admin:capital_entrustmentdecision_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_organisation_officer_sees_the_groups_of_her_organisation_in_every_ward(user):
    officer = user("hoiphunu")
    groups = groups_for(officer)
    assert groups.exists()
    assert set(groups.values_list("organisation__kind", flat=True)) == {"women"}
    assert groups.count() == SavingsGroup.objects.filter(organisation__kind="women").count()
    households = households_for(officer)
    assert not households.exclude(
        memberships__group__organisation__kind="women", memberships__left__isnull=True
    ).exists()


def test_group_leader_sees_his_group_members_only(user):
    leader = user("totruong")
    assert list(groups_for(leader)) == [leader.group]
    members = set(leader.group.memberships.values_list("household_id", flat=True))
    assert set(households_for(leader).values_list("id", flat=True)) == members


def test_office_staff_and_board_member_see_the_whole_district(user):
    everyone = Household.objects.count()
    assert households_for(user("giaodich")).count() == everyone
    assert households_for(user("bandaidien")).count() == everyone


def test_form_choices_are_scoped_too(client_as, user):
    client = client_as("phuong.vinhtuy")
    page = client.get(reverse("admin:borrowers_povertyrecord_add"))
    assert page.status_code == 200
    # Household choices come from an autocomplete scoped by the same selector.
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "borrowers",
            "model_name": "povertyrecord",
            "field_name": "household",
            "term": "HBT",
        },
    )
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert ids, "the ward officer should find her own households"
    assert ids <= set(households_for(user("phuong.vinhtuy")).values_list("id", flat=True))


def test_a_user_without_an_area_sees_nothing(db):
    from policycredit.accounts.models import User

    stray = User.objects.create(username="stray", role="ward_officer")
    assert households_for(stray).count() == 0
    assert groups_for(stray).count() == 0


def test_history_pages_follow_the_role_table(client_as):
    from policycredit.geo.models import TransactionPoint

    client = client_as("phuong.vinhtuy")
    point = TransactionPoint.objects.first()
    assert client.get(
        reverse("admin:geo_transactionpoint_history", args=[point.pk])
    ).status_code in (403, 404)


def test_an_organisation_officer_cannot_post_a_household_outside_her_groups(client_as, user):
    from policycredit.network.models import SavingsGroup

    officer = user("hoiphunu")
    group = groups_for(officer).first()
    outsider = Household.objects.exclude(
        memberships__group__organisation__kind="women", memberships__left__isnull=True
    ).first()
    client = client_as("hoiphunu")
    page = client.get(reverse("admin:network_savingsgroup_change", args=[group.pk]))
    assert page.status_code == 200
    formset = page.context["inline_admin_formsets"][0].formset
    assert outsider not in formset.empty_form.fields["household"].queryset
    assert SavingsGroup.objects.filter(pk=group.pk).exists()
