"""Citizen IDs (CCCD) stay masked in lists: no screen filters, sorts or searches them by range,
an exact search is for the roles that keep the records and is logged, every screen that shows
one in full is logged; a household's head is one of its own members; the API schema is for
signed-in users."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from policycredit.accounts.admin_base import ScopedAdmin, touches_identity_number
from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.borrowers import selectors
from policycredit.borrowers.models import Household, Person
from policycredit.borrowers.services import save_household, save_person
from tests.helpers import inline_management

pytestmark = pytest.mark.django_db

PROBERS = ["phuong.vinhtuy", "totruong"]


def _someone_seen_by(username):
    return selectors.persons_for(User.objects.get(username=username)).exclude(cccd=None).first()


def _views_of(instance):
    return AuditEvent.objects.filter(
        action=Action.SENSITIVE_VIEWED,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
    )


# 1. No filter, sort or partial search by a citizen ID.


@pytest.mark.parametrize("username", PROBERS)
@pytest.mark.parametrize(
    "lookup", ["cccd__lte", "cccd__gt", "cccd__startswith", "cccd__regex", "cccd", "cccd__exact"]
)
def test_the_person_list_refuses_a_filter_on_the_citizen_id(client_as, username, lookup):
    """The binary search of the report: `?id__exact=…&cccd__lte=…`, forty requests to a number."""
    person = _someone_seen_by(username)
    response = client_as(username).get(
        "/borrowers/person/", {"id__exact": person.pk, lookup: person.cccd}
    )
    assert response.status_code == 400
    assert not _views_of(person).exists()


@pytest.mark.parametrize(
    "url, lookup",
    [
        ("/borrowers/household/", "head__cccd__lte"),
        ("/borrowers/household/", "members__cccd__gte"),
        ("/borrowers/povertyrecord/", "household__head__cccd__lt"),
        ("/loans/application/", "borrower__cccd__lte"),
        ("/network/savingsgroup/", "leader__cccd__lte"),
    ],
)
def test_no_list_reaches_a_citizen_id_through_a_relation(client_as, url, lookup):
    response = client_as("admin").get(url, {lookup: "001"})
    assert response.status_code == 400


def test_the_person_list_refuses_a_citizen_id_as_the_field_a_popup_returns(client_as):
    response = client_as("admin").get("/borrowers/person/", {"_to_field": "cccd", "_popup": "1"})
    assert response.status_code == 400


def test_no_column_of_any_screen_sorts_by_a_citizen_id(rf):
    request = rf.get("/")
    request.user = User.objects.get(username="admin")
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdmin):
            continue
        for name in model_admin.get_sortable_by(request):
            assert not touches_identity_number(model, model_admin._ordering_of(name)), (
                model,
                name,
            )
        for field in model_admin.get_search_fields(request):
            assert not touches_identity_number(model, field.lstrip("=^@")), (model, field)


def test_every_o_parameter_on_the_person_list_leaves_the_citizen_id_unsorted(client_as):
    """`o=` names columns by number; none of them, nor a made-up one, sorts by the number."""
    client = client_as("admin")
    for column in range(-1, 8):
        for sign in ("", "-"):
            response = client.get("/borrowers/person/", {"o": f"{sign}{column}"})
            assert response.status_code == 200
            ordering = response.context_data["cl"].get_ordering(
                response.wsgi_request, Person.objects.all()
            )
            assert not any(touches_identity_number(Person, part) for part in ordering)


def test_a_screen_declaring_a_citizen_id_search_or_filter_fails_the_checks():
    class CarelessPersonAdmin(ScopedAdmin):
        selector = staticmethod(lambda user: Person.objects.all())
        search_fields = ["full_name", "^cccd"]
        list_filter = ["household__head__cccd"]
        ordering = ["-cccd"]

    errors = CarelessPersonAdmin(Person, admin.site).check()
    flagged = [e for e in errors if e.id == "policycredit.E001"]
    assert len(flagged) == 3


def test_the_registered_screens_pass_the_citizen_id_check():
    for model, model_admin in admin.site._registry.items():
        assert not [e for e in model_admin.check() if e.id == "policycredit.E001"], model


def test_a_part_of_a_citizen_id_finds_nobody(client_as):
    person = _someone_seen_by("tindung")
    response = client_as("tindung").get("/borrowers/person/", {"q": person.cccd[:6]})
    assert response.status_code == 200
    assert person not in response.context_data["cl"].result_list


# ... an exact search, by a role that keeps the records, logged.


def test_a_credit_officer_finds_a_person_by_the_whole_citizen_id_and_it_is_logged(client_as):
    person = _someone_seen_by("tindung")
    typed = f"{person.cccd[:3]} {person.cccd[3:6]} {person.cccd[6:]}"
    response = client_as("tindung").get("/borrowers/person/", {"q": typed})
    assert response.status_code == 200
    assert list(response.context_data["cl"].result_list) == [person]
    event = _views_of(person).get()
    assert event.actor.username == "tindung"
    assert event.new == {"found_by": "citizen ID"}


def test_a_household_is_found_by_a_members_citizen_id_and_it_is_logged(client_as):
    person = _someone_seen_by("tindung")
    response = client_as("tindung").get("/borrowers/household/", {"q": person.cccd})
    assert list(response.context_data["cl"].result_list) == [person.household]
    assert _views_of(person.household).get().actor.username == "tindung"


@pytest.mark.parametrize("username", PROBERS)
def test_a_ward_officer_or_group_leader_may_not_search_by_citizen_id(client_as, username):
    person = _someone_seen_by(username)
    response = client_as(username).get("/borrowers/person/", {"q": person.cccd})
    assert response.status_code == 200
    assert list(response.context_data["cl"].result_list) == []
    assert not _views_of(person).exists()


# 2. Every full view is logged, a form sent back with an error too.


def _household_form(household, **changes):
    members = list(household.members.order_by("id"))
    data = {
        "code": household.code,
        "office": household.office_id,
        "ward": household.ward_id,
        "village": household.village,
        "address": household.address,
        "phone": household.phone,
        "head": household.head_id or "",
        **inline_management("members", total=len(members), initial=len(members)),
        **inline_management("poverty_records"),
    }
    for i, person in enumerate(members):
        data.update(
            {
                f"members-{i}-id": person.pk,
                f"members-{i}-household": household.pk,
                f"members-{i}-full_name": person.full_name,
                f"members-{i}-gender": person.gender,
                f"members-{i}-birth_date": (
                    person.birth_date.strftime("%d/%m/%Y") if person.birth_date else ""
                ),
                f"members-{i}-cccd": person.cccd or "",
                f"members-{i}-relation": person.relation,
                f"members-{i}-ethnicity": person.ethnicity,
            }
        )
    data.update(changes)
    return data


def test_a_household_form_sent_back_with_an_error_logs_the_citizen_ids_it_shows(client_as):
    household = Household.objects.exclude(head=None).first()
    response = client_as("tindung").post(
        reverse("admin:borrowers_household_change", args=[household.pk]),
        _household_form(household, address=""),
    )
    assert response.status_code == 200
    assert response.context_data["errors"]
    assert household.head.cccd in response.content.decode()
    assert _views_of(household).get().actor.username == "tindung"


def test_a_person_form_sent_back_with_an_error_is_logged(client_as):
    person = _someone_seen_by("tindung")
    response = client_as("tindung").post(
        reverse("admin:borrowers_person_change", args=[person.pk]),
        {"household": person.household_id, "full_name": "", "gender": person.gender},
    )
    assert response.status_code == 200
    assert _views_of(person).get().actor.username == "tindung"


# 4. The head of a household is one of its members.


def _two_households():
    first, second = Household.objects.exclude(head=None).order_by("id")[:2]
    return first, second


def test_a_household_head_from_another_household_is_refused():
    officer = User.objects.get(username="tindung")
    first, second = _two_households()
    events = AuditEvent.objects.count()
    first.head = second.head
    with pytest.raises(ValidationError) as refused:
        save_household(actor=officer, instance=first)
    assert refused.value.error_dict["head"][0].code == "head_of_another_household"
    first.refresh_from_db()
    assert first.head.household_id == first.pk
    assert AuditEvent.objects.count() == events


def test_the_household_form_refuses_a_head_from_another_household(client_as):
    first, second = _two_households()
    own_head = first.head_id
    response = client_as("tindung").post(
        reverse("admin:borrowers_household_change", args=[first.pk]),
        _household_form(first, head=second.head_id),
    )
    assert response.status_code == 200
    assert response.context_data["adminform"].form.has_error("head", "head_of_another_household")
    first.refresh_from_db()
    assert first.head_id == own_head


def test_a_new_household_cannot_take_an_existing_persons_as_head():
    officer = User.objects.get(username="tindung")
    _, second = _two_households()
    household = Household(
        code="HBT-NEW-9",
        office=second.office,
        ward=second.ward,
        address="Số 9 Minh Khai",
        head=second.head,
    )
    with pytest.raises(ValidationError) as refused:
        save_household(actor=officer, instance=household)
    assert "head" in refused.value.error_dict


def test_a_head_moved_to_another_household_is_refused():
    officer = User.objects.get(username="tindung")
    first, second = _two_households()
    head = first.head
    head.household = second
    with pytest.raises(ValidationError) as refused:
        save_person(actor=officer, instance=head)
    assert refused.value.error_dict["household"][0].code == "head_of_another_household"
    assert Person.objects.get(pk=head.pk).household_id == first.pk


def test_the_head_may_be_another_member_of_the_same_household():
    officer = User.objects.get(username="tindung")
    household = Household.objects.exclude(head=None).filter(members__relation="Con").first()
    child = household.members.filter(relation="Con").first()
    household.head = child
    save_household(actor=officer, instance=household)
    household.refresh_from_db()
    assert household.head_id == child.pk


# 3. The API schema.


def test_the_api_schema_is_for_signed_in_users(client, client_as):
    assert client.get("/api/schema/").status_code == 401  # the API's "who are you?"
    assert client_as("totruong").get("/api/schema/").status_code == 200
