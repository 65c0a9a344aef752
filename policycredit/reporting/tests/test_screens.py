"""Report pages, their Excel and PDF, the dashboard and the lists behind its figures."""

import io
import subprocess

import pytest
from openpyxl import load_workbook

from policycredit.demo import capital_plan
from policycredit.reporting import selectors
from policycredit.reporting.tests.conftest import REVIEW_DAY

pytestmark = pytest.mark.django_db
DAY = f"{REVIEW_DAY:%d/%m/%Y}"


@pytest.mark.parametrize("name", list(selectors.REPORTS))
def test_every_report_opens_on_screen_and_in_excel(client_as, name):
    client = client_as("giamdoc")
    assert client.get(f"/reports/{name}/?as_of={DAY}").status_code == 200
    reply = client.get(f"/reports/{name}/?as_of={DAY}&format=xlsx")
    assert reply.status_code == 200
    load_workbook(io.BytesIO(reply.content))


def test_the_review_excel_totals_equal_the_screens(district_jobs, client_as, user):
    client = client_as("giamdoc")
    report = selectors.report_for(user("giamdoc"), "directive40", REVIEW_DAY, 2014)
    reply = client.get(f"/reports/directive40/?as_of={DAY}&from_year=2014&format=xlsx")
    book = load_workbook(io.BytesIO(reply.content))
    for i, table in enumerate(report.tables, 1):
        sheet = book.worksheets[i]
        if table.total is None:
            continue
        last = [c.value for c in sheet[sheet.max_row]]
        for shown, written in zip(table.total, last, strict=False):
            if isinstance(shown, int):
                assert written == shown, table.title
    screen = client.get(f"/reports/directive40/?as_of={DAY}&from_year=2014").content.decode()
    assert "80.627.000.000" in screen


def test_the_pdf_reads_in_vietnamese(client_as, tmp_path):
    reply = client_as("giamdoc").get(f"/reports/directive40/?as_of={DAY}&format=pdf")
    assert reply["Content-Type"] == "application/pdf"
    path = tmp_path / "review.pdf"
    path.write_bytes(reply.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Hai Bà Trưng" in text
    assert "80.627.000.000" in text


def test_a_group_leader_sees_no_reports(client_as):
    assert client_as("totruong").get("/reports/directive40/").status_code == 403


@pytest.mark.parametrize("username", ["giamdoc", "bandaidien", "phuong.vinhtuy", "hoiphunu"])
def test_each_roles_dashboard_opens(client_as, username):
    reply = client_as(username).get(f"/reports/dashboard/?as_of={DAY}")
    assert reply.status_code == 200
    assert b"chart-overdue" in reply.content


def test_the_lists_behind_the_figures_and_their_excel(client_as):
    client = client_as("giamdoc")
    reply = client.get(f"/reports/decisions/?as_of={DAY}&year=2014")
    assert reply.status_code == 200
    book = load_workbook(
        io.BytesIO(client.get(f"/reports/decisions/?as_of={DAY}&year=2014&format=xlsx").content)
    )
    sheet = book.active
    # 2014's decisions: the district's 2.2 bn and the 2014 plans of central and city capital.
    district_2014 = 2_200_000_000
    assert sheet[sheet.max_row][5].value == (
        district_2014 + capital_plan.CENTRAL_2014 + capital_plan.CITY_2014
    )
    assert client.get(f"/reports/loans/?as_of={DAY}&year=2022&jobs=1").status_code == 200
