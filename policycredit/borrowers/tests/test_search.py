"""The search box of the households' and persons' lists: a name found however it is typed
(tones, đ, case, spacing), every typed word required, the closest names first, a full citizen
ID in the same box, and nothing outside the user's area.

Runs on SQLite and PostgreSQL alike (DATABASE_URL): both compare the same folded key."""

import unicodedata

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.borrowers import selectors
from policycredit.borrowers.models import Household, Person
from policycredit.borrowers.services import HEAD, save_household, save_person
from policycredit.common.services import create_many, save_record
from policycredit.domain.text import fold

pytestmark = pytest.mark.django_db

NAMES = [
    "Trần Nguyễn Đức Đức",  # every word, not at the start
    "Nguyễn Đức Đức Anh",  # begins with what is typed
    "Nguyễn Văn Đức",  # "đức" once: not found by "đức đức"
    "Nguyễn Đức Đức",  # the name itself
    "Nguyễn Thị Lan",  # no "đức": not found
]


@pytest.fixture
def officer(db):
    return User.objects.get(username="tindung")


@pytest.fixture
def homes(officer):
    """Five households of Vĩnh Tuy, one per name, each headed by the person named."""
    seen = selectors.households_for(User.objects.get(username="phuong.vinhtuy")).first()
    made = {}
    for i, name in enumerate(NAMES):
        home = save_household(
            actor=officer,
            instance=Household(
                code=f"TIM{i:03d}", office=seen.office, ward=seen.ward, address="Số 1 phố Minh Khai"
            ),
        )
        save_person(
            actor=officer,
            instance=Person(household=home, full_name=name, gender="M", relation=HEAD),
        )
        made[name] = home
    return made


def _codes(found):
    return [h.code for h in found if h.code.startswith("TIM")]


def test_a_name_typed_without_tones_finds_the_household_the_exact_name_first(officer, homes):
    found = _codes(selectors.search_households(officer, "nguyen duc duc"))
    assert found == [
        homes["Nguyễn Đức Đức"].code,
        homes["Nguyễn Đức Đức Anh"].code,
        homes["Trần Nguyễn Đức Đức"].code,
    ]


@pytest.mark.parametrize(
    "typed",
    ["NGUYỄN ĐỨC ĐỨC", "  nguyễn   đức đức ", unicodedata.normalize("NFD", "Nguyễn Đức Đức")],
)
def test_case_spacing_and_decomposed_tones_find_the_same(officer, homes, typed):
    assert _codes(selectors.search_households(officer, typed)) == _codes(
        selectors.search_households(officer, "nguyen duc duc")
    )


def test_every_word_must_match(officer, homes):
    assert _codes(selectors.search_households(officer, "nguyen duc lan")) == []
    assert _codes(selectors.search_households(officer, "lan")) == [homes["Nguyễn Thị Lan"].code]
    # A word matches the start of a word of the name, not its middle: "uc" is in no name's start.
    assert _codes(selectors.search_households(officer, "uc")) == []
    assert len(_codes(selectors.search_households(officer, "ng d"))) == 4
    # A word typed twice begins two words of the name: "Nguyễn Văn Đức" has one "đức".
    assert homes["Nguyễn Văn Đức"].code not in _codes(
        selectors.search_households(officer, "nguyen duc duc")
    )
    assert homes["Nguyễn Văn Đức"].code in _codes(selectors.search_households(officer, "duc ng"))


def test_the_households_list_shows_the_exact_name_first(client_as, homes):
    response = client_as("tindung").get("/borrowers/household/", {"q": "nguyen duc duc"})
    assert response.status_code == 200
    listed = _codes(response.context["cl"].result_list)
    assert listed[:2] == [homes["Nguyễn Đức Đức"].code, homes["Nguyễn Đức Đức Anh"].code]
    assert homes["Nguyễn Thị Lan"].code not in listed
    # A column the user sorts by wins over the closeness.
    response = client_as("tindung").get("/borrowers/household/", {"q": "nguyen duc", "o": "-0"})
    listed = _codes(response.context["cl"].result_list)
    assert listed == sorted(listed, reverse=True)


def test_the_persons_list_and_the_household_box_of_a_form_find_by_name(client_as, homes):
    response = client_as("tindung").get("/borrowers/person/", {"q": "NGUYEN DUC DUC"})
    names = [p.full_name for p in response.context["cl"].result_list]
    assert names[0] == "Nguyễn Đức Đức"
    assert "Nguyễn Thị Lan" not in names
    # The autocomplete of a form's household box goes through the same search.
    response = client_as("tindung").get(
        "/autocomplete/",
        {
            "term": "nguyen duc duc",
            "app_label": "borrowers",
            "model_name": "person",
            "field_name": "household",
        },
    )
    assert response.status_code == 200
    ids = [int(r["id"]) for r in response.json()["results"]]
    assert ids[0] == homes["Nguyễn Đức Đức"].pk


def test_a_household_code_finds_its_household_first(officer, homes):
    found = list(selectors.search_households(officer, "tim003"))
    assert [h.code for h in found] == ["TIM003"]


def test_a_full_citizen_id_in_the_same_box_finds_the_household_and_is_logged(client_as, homes):
    head = homes["Nguyễn Đức Đức"].head
    head.cccd = "001085012345"
    save_person(actor=User.objects.get(username="tindung"), instance=head)
    response = client_as("tindung").get("/borrowers/household/", {"q": "001.085.012.345"})
    assert list(response.context["cl"].result_list) == [homes["Nguyễn Đức Đức"]]
    assert AuditEvent.objects.filter(
        action=Action.SENSITIVE_VIEWED, object_id=str(homes["Nguyễn Đức Đức"].pk)
    ).exists()


def test_a_user_of_another_ward_finds_none_of_it(client_as, homes):
    other = User.objects.get(username="phuong.bachmai")
    assert _codes(selectors.search_households(other, "nguyen duc duc")) == []
    assert not selectors.search_persons(other, "nguyen duc duc").filter(
        household__code__startswith="TIM"
    )
    response = client_as("phuong.bachmai").get("/borrowers/household/", {"q": "nguyen duc duc"})
    assert _codes(response.context["cl"].result_list) == []
    # ... while the ward's own officer finds it.
    mine = User.objects.get(username="phuong.vinhtuy")
    assert homes["Nguyễn Đức Đức"].code in _codes(selectors.search_households(mine, "nguyen duc"))


def test_a_blank_search_lists_everything(officer, homes):
    assert selectors.search_households(officer, "   ").count() == (
        selectors.households_for(officer).count()
    )


# The search key is kept on every write of the name.


def test_the_key_follows_the_name_through_the_service_and_a_save_of_the_name_alone(officer, homes):
    person = homes["Nguyễn Thị Lan"].head
    assert person.name_search == "nguyen thi lan"
    person.full_name = "Đặng Thị Ánh"
    save_record(actor=officer, instance=person)
    assert Person.objects.get(pk=person.pk).name_search == "dang thi anh"
    person.full_name = "Lê Ưng"
    person.save(update_fields=["full_name"])
    assert Person.objects.get(pk=person.pk).name_search == "le ung"
    # The audit log keeps the name, not its key twice over.
    event = AuditEvent.objects.filter(object_id=str(person.pk), model="borrowers.person").last()
    assert "name_search" not in (event.new or {})


def test_persons_written_in_bulk_have_their_key(officer, homes):
    home = homes["Nguyễn Thị Lan"]
    [person] = create_many(
        actor=officer,
        instances=[Person(household=home, office=home.office, full_name="Vũ Thị Hằng", gender="F")],
    )
    assert Person.objects.get(pk=person.pk).name_search == "vu thi hang"


def test_every_person_of_the_demo_has_its_key():
    """The demo writes its persons through the bulk path."""
    wrong = [
        name
        for name, key in Person.objects.values_list("full_name", "name_search")
        if key != fold(name)
    ]
    assert Person.objects.exists() and wrong == []


def test_the_migration_fills_the_keys_of_persons_stored_before_it(homes):
    fill = __import__(
        "policycredit.borrowers.migrations.0004_person_name_search", fromlist=["x"]
    ).fill_search_keys
    Person.objects.filter(household__code__startswith="TIM").update(name_search="")

    class Editor:
        connection = connection

    fill(django_apps, Editor())
    assert Person.objects.get(household=homes["Nguyễn Đức Đức"]).name_search == "nguyen duc duc"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_postgresql_indexes_the_key_by_trigrams():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'borrowers_person_name_search_trgm'"
        )
        [definition] = cursor.fetchone()
    assert "gin_trgm_ops" in definition


def test_the_sidebar_search_box_finds_the_household_in_the_users_area_only(client_as, homes):
    cache.clear()  # unfold keeps a search's results for five minutes, by user and term
    home = homes["Nguyễn Đức Đức"]
    link = reverse("loans:borrower", args=[home.pk])
    params = {"s": "Nguyen Duc Duc", "extended": "1"}
    response = client_as("tindung").get(reverse("admin:search"), params)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="{link}"' in body
    assert body.index(f'href="{link}"') < body.index(
        f'href="{reverse("loans:borrower", args=[homes["Trần Nguyễn Đức Đức"].pk])}"'
    )
    response = client_as("phuong.bachmai").get(reverse("admin:search"), params)
    assert response.status_code == 200
    assert f'href="{link}"' not in response.content.decode()
