"""One search box across the lists, on loans the register import brings (the bulk writer's
own path for persons): the contract number, the borrower's name typed without tones and a full
citizen ID each find their loan; a user outside the ward finds none of it."""

import pytest

from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.borrowers import selectors as borrowers
from policycredit.borrowers.models import Person
from policycredit.domain.text import fold
from policycredit.loans import selectors as loans
from policycredit.registers import services
from policycredit.registers.tests.hstd_files import write_csv
from policycredit.registers.tests.test_import import AS_OF, portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    write_csv(tmp_path / "hstd.csv", portfolio(), mark=",")
    outcome = services.import_register(
        actor=User.objects.get(username="ketoan"), path=tmp_path / "hstd.csv", as_of=AS_OF
    )
    assert outcome.ok and outcome.created == 4


def _numbers(found):
    return [loan.number for loan in found if loan.number.startswith("KU-")]


def test_the_imported_persons_have_their_search_key(imported):
    person = Person.objects.get(full_name="Phạm Minh Đức")
    assert person.name_search == fold(person.full_name) == "pham minh duc"


def test_a_contract_number_finds_its_loan_first(imported):
    officer = User.objects.get(username="tindung")
    assert _numbers(loans.search_loans(officer, "ku-004")) == ["KU-004"]
    # A part of a number lists the loans it is part of.
    assert sorted(_numbers(loans.search_loans(officer, "KU-00"))) == [f"KU-00{i}" for i in "1234"]


def test_the_borrowers_name_typed_without_tones_finds_the_loan(imported):
    officer = User.objects.get(username="tindung")
    assert _numbers(loans.search_loans(officer, "pham minh duc")) == ["KU-004"]
    assert _numbers(loans.search_loans(officer, "LE THI CUC")) == ["KU-003"]
    assert _numbers(loans.search_loans(officer, "pham minh cuc")) == []


def test_the_loans_list_takes_name_contract_and_citizen_id_in_one_box(client_as, imported):
    client = client_as("tindung")
    for typed, expected in [("tran van binh", "KU-002"), ("KU-001", "KU-001")]:
        response = client.get("/loans/loan/", {"q": typed})
        assert _numbers(response.context["cl"].result_list) == [expected]
    response = client.get("/loans/loan/", {"q": "001 180 012 345"})
    assert _numbers(response.context["cl"].result_list) == ["KU-001"]
    loan = response.context["cl"].result_list[0]
    assert AuditEvent.objects.filter(
        action=Action.SENSITIVE_VIEWED, model="loans.loan", object_id=str(loan.pk)
    ).exists()
    response = client.get("/loans/application/", {"q": "pham minh duc"})
    assert [a.borrower.full_name for a in response.context["cl"].result_list] == ["Phạm Minh Đức"]


def test_a_ward_officer_elsewhere_finds_none_of_it(client_as, imported):
    other = User.objects.get(username="phuong.vinhtuy")
    assert _numbers(loans.search_loans(other, "KU-004")) == []
    assert not borrowers.search_persons(other, "pham minh duc").filter(full_name="Phạm Minh Đức")
    response = client_as("phuong.vinhtuy").get("/loans/loan/", {"q": "pham minh duc"})
    assert response.status_code == 200
    assert _numbers(response.context["cl"].result_list) == []
