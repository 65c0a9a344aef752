"""Bad input in the admin screens gets a clear Vietnamese message and writes nothing.

The administrator posts each form the way the browser does; every test checks the message
shown, and that no row and no audit event was written.
"""

import pytest
from django.urls import reverse

from policycredit.audit.models import AuditEvent
from policycredit.borrowers.models import Household, Person
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.geo.models import Office
from policycredit.programmes.models import Programme, ProgrammeTerms
from tests.helpers import inline_management, shows, vi

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_as):
    return client_as("admin")


def _nothing_written(counts_before):
    return {model: model.objects.count() for model in counts_before} == counts_before


def _counts(*models):
    return {model: model.objects.count() for model in (*models, AuditEvent)}


def test_a_citizen_id_of_eleven_digits_is_refused(admin_client):
    household = Household.objects.first()
    before = _counts(Person)
    response = admin_client.post(
        reverse("admin:borrowers_person_add"),
        {
            "household": household.pk,
            "full_name": "Nguyễn Văn An",
            "gender": "M",
            "birth_date": "15/03/1985",
            "cccd": "00108500001",
            "relation": "Con",
            "ethnicity": "Kinh",
        },
    )
    assert response.status_code == 200
    message = vi("A citizen ID (CCCD) has exactly 12 digits; this one has %(count)d.", count=11)
    assert shows(response, message)
    assert _nothing_written(before)


def test_a_citizen_id_with_an_unknown_province_code_is_refused(admin_client):
    household = Household.objects.first()
    before = _counts(Person)
    response = admin_client.post(
        reverse("admin:borrowers_person_add"),
        {
            "household": household.pk,
            "full_name": "Lê Thị Bình",
            "gender": "F",
            "cccd": "999185000001",
            "ethnicity": "Kinh",
        },
    )
    assert shows(
        response,
        vi(
            "The first three digits of a citizen ID (CCCD) are a province code; "
            "'%(prefix)s' is not one.",
            prefix="999",
        ),
    )
    assert _nothing_written(before)


def test_a_good_person_is_saved_with_a_day_first_birth_date_and_audited(admin_client):
    household = Household.objects.first()
    response = admin_client.post(
        reverse("admin:borrowers_person_add"),
        {
            "household": household.pk,
            "full_name": "Lê Thị Bình",
            "gender": "F",
            "birth_date": "05/03/1990",
            "cccd": "001190999999",
            "ethnicity": "Kinh",
            "relation": "Con",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(cccd="001190999999")
    assert person.birth_date.isoformat() == "1990-03-05"
    assert person.office_id == household.office_id
    event = AuditEvent.objects.get(model="borrowers.person", object_id=str(person.pk))
    assert event.actor.username == "admin" and event.new["cccd"] == "********9999"


def test_a_programme_version_overlapping_another_is_refused(admin_client):
    programme = Programme.objects.get(code="HN")
    before = _counts(ProgrammeTerms)
    response = admin_client.post(
        reverse("admin:programmes_programmeterms_add"),
        {
            "programme": programme.pk,
            "valid_from": "01/01/2020",
            "monthly_rate": "0,60",
            "overdue_factor": "1,3",
            "day_basis": "30",
            "max_amount": "100000000",
            "legal_basis": "Thử nghiệm",
        },
    )
    assert response.status_code == 200
    assert shows(
        response,
        vi(
            "These terms overlap the version in force from %(start)s: end that version "
            "first or choose another start date.",
            start="01/01/2014",
        ),
    )
    assert _nothing_written(before)


def test_a_programme_version_after_the_last_one_ends_is_accepted(admin_client):
    programme = Programme.objects.get(code="GQVL")
    # Decree 61's terms end 31/12/2025 and Decree 338's start 01/01/2026: a gap is refused
    # nowhere, an overlap everywhere. End the open version first, then add a new one.
    current = programme.terms.get(valid_to__isnull=True)
    assert current.valid_from.isoformat() == "2026-01-01"
    response = admin_client.post(
        reverse("admin:programmes_programmeterms_add"),
        {
            "programme": programme.pk,
            "valid_from": "01/06/2015",
            "valid_to": "31/12/2015",
            "monthly_rate": "0,66",
            "overdue_factor": "1,3",
            "day_basis": "30",
            "max_amount": "100000000",
            "legal_basis": "x",
        },
    )
    assert response.status_code == 200  # overlaps Decree 61's version from 2014
    assert ProgrammeTerms.objects.filter(programme=programme).count() == 2


def test_an_entrustment_decision_with_a_negative_amount_is_refused(admin_client):
    before = _counts(EntrustmentDecision)
    response = admin_client.post(
        reverse("admin:capital_entrustmentdecision_add"),
        {
            "source": CapitalSource.objects.get(code="NS-HBT").pk,
            "office": Office.objects.get().pk,
            "number": "999/QĐ-UBND",
            "date": "15/03/2025",
            "amount": "-5000000",
            "programmes": [Programme.objects.get(code="GQVL").pk],
        },
    )
    assert response.status_code == 200
    assert shows(response, vi("The amount entrusted must be a positive whole number of đồng."))
    assert _nothing_written(before)


def test_a_household_with_a_bad_member_is_not_half_written(admin_client):
    """The household form and its member rows are saved together or not at all."""
    from policycredit.geo.models import AdminUnit

    ward = AdminUnit.objects.filter(level="ward", valid_to__isnull=False).first()
    before = _counts(Household, Person)
    data = {
        "code": "HBT-NEW-1",
        "office": Office.objects.get().pk,
        "ward": ward.pk,
        "address": "Số 1 Bạch Mai",
        **inline_management("members", total=2),
        "members-0-full_name": "Trần Văn Cường",
        "members-0-gender": "M",
        "members-0-cccd": "001080123456",
        "members-0-ethnicity": "Kinh",
        "members-1-full_name": "Trần Thị Dung",
        "members-1-gender": "F",
        "members-1-cccd": "0010801234",
        "members-1-ethnicity": "Kinh",
        **inline_management("poverty_records"),
    }
    response = admin_client.post(reverse("admin:borrowers_household_add"), data)
    assert response.status_code == 200
    assert shows(
        response,
        vi("A citizen ID (CCCD) has exactly 12 digits; this one has %(count)d.", count=10),
    )
    assert _nothing_written(before)


def test_a_group_of_sixty_one_members_is_refused_on_the_group_form(admin_client):
    from policycredit.common.services import create_many
    from policycredit.network.models import Membership, SavingsGroup

    template = SavingsGroup.objects.first()
    households = create_many(
        actor=None,
        instances=[
            Household(
                code=f"NEW{i:03d}",
                office=template.office,
                ward=Household.objects.first().ward,
                address="Số 3 Hàng Chuối",
            )
            for i in range(61)
        ],
    )
    before = _counts(SavingsGroup, Membership)
    data = {
        "code": "NEW-61",
        "name": "Tổ TK&VV thử 61",
        "organisation": template.organisation_id,
        "transaction_point": template.transaction_point_id,
        "founded": "01/02/2024",
        **inline_management("memberships", total=61),
    }
    for i, household in enumerate(households):
        data[f"memberships-{i}-household"] = household.pk
        data[f"memberships-{i}-joined"] = "01/02/2024"
    response = admin_client.post(reverse("admin:network_savingsgroup_add"), data)
    assert response.status_code == 200
    assert shows(
        response,
        vi(
            "A group has at most %(max)d members; this form would leave %(count)d.",
            max=60,
            count=61,
        ),
    )
    assert _nothing_written(before)


def test_every_admin_screen_opens_for_the_administrator(admin_client):
    """Each list, add form and change form of every registered model renders."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = _admin()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        assert admin_client.get(reverse(f"{base}_changelist")).status_code == 200, meta
        if model_admin.has_add_permission(request):
            assert admin_client.get(reverse(f"{base}_add")).status_code == 200, meta
        obj = model_admin.get_queryset(request).first()
        if obj is not None:
            page = admin_client.get(reverse(f"{base}_change", args=[obj.pk]))
            assert page.status_code == 200, meta


def _admin():
    from policycredit.accounts.models import User

    return User.objects.get(username="admin")


def test_a_citizen_id_typed_with_spaces_is_stored_as_its_twelve_digits(admin_client):
    household = Household.objects.first()
    response = admin_client.post(
        reverse("admin:borrowers_person_add"),
        {
            "household": household.pk,
            "full_name": "Đào Văn Chính",
            "gender": "M",
            "cccd": "001 085 777 042",
            "ethnicity": "Kinh",
        },
    )
    assert response.status_code == 302
    assert Person.objects.filter(cccd="001085777042").exists()
