"""The fee pages: who may compute, see and pay what, and the statement as PDF and Excel."""

import datetime
import io
import re
import shutil
import subprocess
import zlib

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from policycredit.common.selectors import replaying
from policycredit.domain.loan import Instalment as Planned
from policycredit.fees import services
from policycredit.fees.models import CommissionStatement, FeeStatement, Payout
from policycredit.fees.tests.conftest import collect, lend

pytestmark = pytest.mark.django_db
D = datetime.date
APRIL = D(2024, 4, 1)


@pytest.fixture
def april(world, staff):
    with replaying(D(2024, 5, 20)):
        services.compute_month(actor=staff["ketoan"], office=world.office, month=APRIL)
    return {
        "a": FeeStatement.objects.get(month=APRIL, organisation=world.organisation_a),
        "b": FeeStatement.objects.get(month=APRIL, organisation=world.organisation_b),
        "group_a": CommissionStatement.objects.get(month=APRIL, group=world.group_a),
        "group_b": CommissionStatement.objects.get(month=APRIL, group=world.group_b),
    }


def statement_url(statement):
    name = "fees:statement" if isinstance(statement, FeeStatement) else "fees:commission"
    return reverse(name, args=[statement.pk])


def test_the_accountant_computes_a_month_from_the_page(world, client_as):
    client = client_as("ketoan")
    page = client.get(reverse("fees:index"))
    assert page.status_code == 200 and b'data-testid="compute"' in page.content
    response = client.post(reverse("fees:index"), {"month": "2024-04", "office": world.office.pk})
    assert response.status_code == 302 and response["Location"].endswith("?month=2024-04")
    assert FeeStatement.objects.filter(month=APRIL).count() == 2
    again = client.post(reverse("fees:index"), {"month": "2024-04", "office": world.office.pk})
    assert again.status_code == 200 and b'data-testid="errors"' in again.content
    listing = client.get(reverse("fees:index"), {"month": "2024-04"})
    assert escape(world.organisation_a.name) in listing.content.decode()
    assert escape(world.group_b.name) in listing.content.decode()


def test_a_teller_may_not_compute(world, client_as):
    client = client_as("giaodich")
    assert b'data-testid="compute"' not in client.get(reverse("fees:index")).content
    response = client.post(reverse("fees:index"), {"month": "2024-04", "office": world.office.pk})
    assert response.status_code == 403
    assert not FeeStatement.objects.exists()


def test_the_statement_shows_its_figures_and_split(april, client_as):
    page = client_as("giamdoc").get(statement_url(april["a"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert escape(april["a"].organisation.name) in text
    for figure in ["1.000.000.000 đ", "2,5 %", "80 %", "256.000 đ", "215.040 đ", "23.040 đ"]:
        assert figure in text
    assert "11.520 đ" in text and "6.400 đ" in text


def test_the_teller_pays_a_statement_from_its_page(april, client_as):
    client = client_as("giaodich")
    url = statement_url(april["group_a"])
    assert b'data-testid="pay"' in client.get(url).content
    response = client.post(url, {"on": "15/05/2024"})
    assert response.status_code == 302
    payout = Payout.objects.get(commission_statement=april["group_a"])
    assert payout.amount == 549_560 and payout.actor.username == "giaodich"
    page = client.get(url)
    assert b'data-testid="paid"' in page.content and b'data-testid="pay"' not in page.content
    assert client.post(url, {"on": "16/05/2024"}).status_code == 200
    assert Payout.objects.filter(commission_statement=april["group_a"]).count() == 1


def test_an_organisation_officer_sees_their_organisation_only(april, client_as):
    client = client_as("hoiphunu")  # the district Women's Union, and its ward units below
    assert client.get(statement_url(april["a"])).status_code == 200
    assert client.get(statement_url(april["group_a"])).status_code == 200
    assert client.get(statement_url(april["b"])).status_code == 404
    assert client.get(statement_url(april["group_b"])).status_code == 404
    listing = client.get(reverse("fees:index"), {"month": "2024-04"}).content.decode()
    assert escape(april["a"].organisation.name) in listing
    assert escape(april["b"].organisation.name) not in listing


def test_a_group_leader_sees_their_own_groups_commission_only(april, staff, client_as):
    leader = staff["totruong"]
    household = leader.group.memberships.filter(left__isnull=True).first().household
    loan = lend(
        staff,
        household=household,
        group=leader.group,
        amount=10_000_000,
        instalments=[Planned(D(2026, 1, 15), 10_000_000)],
    )
    collect(staff, loan, D(2024, 5, 15), 266_200)  # 121 days × 2,200 đ
    with replaying(D(2024, 6, 3)):
        services.compute_month(actor=staff["ketoan"], office=loan.office, month=D(2024, 5, 1))
    own = CommissionStatement.objects.get(month=D(2024, 5, 1), group=leader.group)
    assert own.commission == 21_296  # 266,200 × 8 %
    client = client_as("totruong")
    assert client.get(statement_url(own)).status_code == 200
    assert client.get(statement_url(april["group_a"])).status_code == 404
    mine = FeeStatement.objects.get(month=D(2024, 5, 1), organisation=leader.group.organisation)
    assert client.get(statement_url(mine)).status_code == 404


def test_a_ward_officer_has_no_fee_pages(april, client_as):
    assert client_as("phuong.vinhtuy").get(reverse("fees:index")).status_code == 403


def test_the_admins_list_does_not_lead_a_ward_officer_to_a_statement(april, client_as):
    # A redirect to the statement's page would tell him the statement exists.
    url = reverse("admin:fees_feestatement_change", args=[april["a"].pk])
    assert client_as("phuong.vinhtuy").get(url).status_code == 403
    assert client_as("ketoan").get(url).url == statement_url(april["a"])


def test_the_excel_statement_adds_up_to_the_fee(april, client_as):
    response = client_as("ketoan").get(statement_url(april["a"]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))

    def named(name):
        (sheet, ref), *_ = book.defined_names[name].destinations
        return book[sheet][ref.replace("$", "")]

    assert named("fee").value == 256_000 and named("total").value == 256_000
    assert named("fee").number_format == "#,##0"
    sheet = book.active
    split = [
        row[3].value
        for row in sheet.iter_rows(min_row=named("fee").row + 3, max_row=named("total").row - 1)
    ]
    assert split == [215_040, 23_040, 11_520, 6_400]


def test_the_commission_excel_holds_the_commission(april, client_as):
    response = client_as("ketoan").get(statement_url(april["group_b"]), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    (sheet, ref), *_ = book.defined_names["commission"].destinations
    assert book[sheet][ref.replace("$", "")].value == 160_160


def _pdf_strings(pdf: bytes) -> bytes:
    """The PDF's bytes with its compressed streams (object streams hold the metadata) inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_pdf_carries_the_organisations_name_with_its_diacritics(april, client_as):
    response = client_as("giamdoc").get(statement_url(april["a"]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    name = april["a"].organisation.name
    assert any(ord(c) > 127 for c in name)
    # The document's title (the statement's name) is in its metadata as UTF-16.
    assert name.encode("utf-16-be").hex().encode() in _pdf_strings(response.content).lower()


def test_the_pdf_text_has_the_organisations_name(april, client_as, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not read")
    response = client_as("giamdoc").get(statement_url(april["a"]), {"format": "pdf"})
    path = tmp_path / "statement.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert april["a"].organisation.name in " ".join(text.split())
    assert "256.000" in text


def test_the_admin_lists_rates_for_accountants_and_statements_read_only(april, client_as):
    client = client_as("ketoan")
    assert client.get(reverse("admin:fees_feerate_changelist")).status_code == 200
    assert client.get(reverse("admin:fees_feerate_add")).status_code == 200
    assert client.get(reverse("admin:fees_feestatement_changelist")).status_code == 200
    assert client.get(reverse("admin:fees_feestatement_add")).status_code == 403
