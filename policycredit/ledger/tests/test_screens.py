"""The books on screen and in Excel, as an accountant and a board member see them."""

import datetime
import io

import openpyxl
import pytest

from policycredit.accounts.tests.four_eyes import approved
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.loans import services

pytestmark = pytest.mark.django_db
D = datetime.date


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_capital_screen_shows_the_district_budget_growing_since_2014(client_as):
    district = CapitalSource.objects.get(code="NS-HBT")
    query = {"source": district.pk, "as_of": "11/06/2024", "base_year": 2014}
    page = client_as("bandaidien").get("/books/capital/", query)
    assert page.status_code == 200
    html = page.content.decode()
    headline = html[html.index('data-testid="capital-headline"') :]
    assert "80.627.000.000 đ" in headline[: headline.index("</dl>")]
    assert "73.677.000.000 đ" in headline[: headline.index("</dl>")]
    rows = {
        r[0]: r
        for r in _sheet(
            client_as("ketoan").get("/books/capital/", {**query, "format": "xlsx"})
        ).iter_rows(values_only=True)
        if isinstance(r[0], int)
    }
    assert rows[2014][2] == 6_950_000_000
    assert rows[2024][2] == 80_627_000_000


def test_the_capital_figures_follow_the_decisions_not_typed_numbers(client_as):
    """Add a decision and the screen changes: the figure is computed from the books."""
    from policycredit.accounts.models import User
    from policycredit.capital.models import EntrustmentDecision
    from policycredit.capital.services import save_decision
    from policycredit.programmes.models import Programme

    district = CapitalSource.objects.get(code="NS-HBT")
    approved(  # entered by the accountant, approved by the director
        save_decision(
            actor=User.objects.get(username="ketoan"),
            instance=EntrustmentDecision(
                source=district,
                office=district.decisions.first().office,
                number="999/QĐ-UBND",
                date=D(2024, 6, 1),
                amount=1_000_000_000,
            ),
            programmes=[Programme.objects.get(code="GQVL")],
        ),
        "giamdoc",
    )
    page = client_as("ketoan").get(
        "/books/capital/", {"source": district.pk, "as_of": "11/06/2024", "base_year": 2014}
    )
    assert "81.627.000.000 đ" in page.content.decode()


def test_the_trial_balance_balances_on_screen_and_in_excel(client_as, approved_job_loan, teller):
    district = CapitalSource.objects.get(code="NS-HBT")
    with replaying(D(2024, 3, 15)):
        services.disburse(
            actor=teller, application=approved_job_loan, source=district, on=D(2024, 3, 15)
        )
    client = client_as("ketoan")
    page = client.get("/books/", {"as_of": "31/12/2024"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "2111." in html  # loans in term, with the office, source and programme codes
    sheet = _sheet(client.get("/books/", {"as_of": "31/12/2024", "format": "xlsx"}))
    rows = list(sheet.iter_rows(values_only=True))
    total = rows[-1]
    assert total[4] == total[5] > 0  # debit balances = credit balances
    assert all(isinstance(v, int) for v in total[2:])


def test_an_account_statement_runs_from_opening_to_closing(client_as, approved_job_loan, teller):
    from policycredit.ledger.models import Account

    district = CapitalSource.objects.get(code="NS-HBT")
    with replaying(D(2024, 3, 15)):
        services.disburse(
            actor=teller, application=approved_job_loan, source=district, on=D(2024, 3, 15)
        )
    account = Account.objects.get(kind="loans_in_term", source=district)
    client = client_as("giamdoc")
    page = client.get(
        f"/books/accounts/{account.pk}/", {"start": "01/01/2024", "end": "31/12/2024"}
    )
    assert page.status_code == 200
    assert "50.000.000 đ" in page.content.decode()
    sheet = _sheet(
        client.get(
            f"/books/accounts/{account.pk}/",
            {"start": "01/01/2024", "end": "31/12/2024", "format": "xlsx"},
        )
    )
    assert list(sheet.iter_rows(values_only=True))[-1][-1] == 50_000_000


def test_people_outside_the_bank_office_cannot_open_the_books(client_as):
    assert client_as("totruong").get("/books/").status_code == 403
    assert client_as("hoiphunu").get("/books/capital/").status_code == 403
