"""The budgets' pages: the accountant enters a plan, its decision and a transfer from the forms
(the transfer waits for the director), a transfer beyond the decision is refused on the form,
the statement comes as a page, a PDF and a workbook; a board member reads and cannot write."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from policycredit.accounts.models import Proposal
from policycredit.budgets.models import BudgetPlan
from policycredit.capital.models import CapitalSource
from policycredit.capital.services import save_source
from policycredit.programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(user):
    accountant = user("ketoan")
    ward = accountant.office.area.children.filter(level="ward").first()
    return save_source(
        actor=accountant,
        instance=CapitalSource(
            code="NS-MAN", name="Ngân sách phường màn hình", level="commune", unit=ward
        ),
    )


def test_the_accountant_plans_decides_and_transfers_from_the_forms(client_as, user, source):
    client = client_as("ketoan")
    office = user("ketoan").office
    answer = client.post(
        reverse("budgets:plan_new"),
        {
            "source": source.pk, "office": office.pk, "year": 2024, "planned": "2.000.000.000",
            "estimate_document": "NQ 9/NQ-HĐND", "estimate_date": "20/12/2023",
        },
    )  # fmt: skip
    assert answer.status_code == 302, answer.context["form"].errors
    plan = BudgetPlan.objects.get(source=source)
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "budgets:plan", args=[plan.pk]
    )
    client.post(
        reverse("budgets:decide", args=[plan.pk]),
        {"number": "10/QĐ-UBND", "date": "05/01/2024", "amount": "1.000.000.000"},
    )
    plan.refresh_from_db()
    assert plan.decided == 1_000_000_000
    answer = client.post(
        reverse("budgets:transfer", args=[plan.pk]),
        {"number": "10/QĐ-UBND-1", "date": "10/01/2024", "amount": "1.000.000.001"},
    )
    assert answer.status_code == 200
    assert (
        "goes beyond the decision" in answer.content.decode() or "vượt" in answer.content.decode()
    )
    answer = client.post(
        reverse("budgets:transfer", args=[plan.pk]),
        {
            "number": "10/QĐ-UBND-1",
            "date": "10/01/2024",
            "amount": "600.000.000",
            "programmes": [Programme.objects.get(code="HN").pk],
        },  # fmt: skip
    )
    assert answer.status_code == 302, answer.context["form"].errors
    assert answer["Location"] == reverse("approvals:list")
    assert Proposal.objects.get(parameters__link__budget_plan=plan.pk).amount == 600_000_000
    page = client.get(reverse("budgets:plan", args=[plan.pk]))
    assert page.status_code == 200 and page.context["pending"] == 600_000_000


def test_the_statement_as_page_pdf_and_workbook(client_as):
    client = client_as("giamdoc")
    district = CapitalSource.objects.get(code="NS-HBT")
    query = {"source": district.pk, "start": "01/01/2024", "end": "11/06/2024"}
    page = client.get(reverse("budgets:statement"), query)
    assert page.status_code == 200
    assert page.context["st"].received_to_date == 80_627_000_000
    book = client.get(reverse("budgets:statement"), {**query, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    assert 80_627_000_000 in [cell.value for row in sheet.iter_rows() for cell in row]
    pdf = client.get(reverse("budgets:statement"), {**query, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_board_member_reads_but_does_not_write(client_as):
    client = client_as("bandaidien")
    for name in ("budgets:plans", "budgets:statement", "budgets:interest", "budgets:handovers"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("budgets:plan_new")).status_code == 403
    assert client.get(reverse("budgets:interest")).context["form"] is None


def test_a_period_that_ends_before_it_starts_is_refused(client_as):
    answer = client_as("giamdoc").get(
        reverse("budgets:statement"), {"start": "01/02/2024", "end": "01/01/2024"}
    )
    assert answer.status_code == 400
    assert datetime.date(2024, 1, 1)  # the page names the parameter, not a server error


def test_the_plans_page_opens_on_the_latest_year_planned(client_as):
    """The small world plans the district's budget for 2014–2025: in 2026, before 2026's plan
    is entered, the page opens on 2025 rather than on an empty year."""
    answer = client_as("ketoan").get("/budgets/")
    assert answer.status_code == 200
    assert answer.context["year"] == 2025
    assert client_as("ketoan").get("/budgets/", {"year": 2026}).context["year"] == 2026
