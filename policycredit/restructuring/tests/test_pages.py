"""The pages: each role sees what it may, refusals of a POST write nothing, the preview shows the
engine's before/after, the decision document prints in Vietnamese."""

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policycredit.common.selectors import business_date
from policycredit.restructuring import services
from policycredit.restructuring.models import Measure, RiskDossier

from .conftest import WARD_OFFICER
from .stories import confirmed_dossier, extension, who

pytestmark = pytest.mark.django_db


def test_each_role_opens_the_dossiers_it_may(loan, client_as):
    dossier = confirmed_dossier(loan, 6_000_000)
    url = reverse("restructuring:dossier", args=[dossier.pk])
    for username, status in (
        ("tindung", 200),
        ("giamdoc", 200),
        (WARD_OFFICER, 200),
        ("phuong.bachmai", 404),  # another ward's officer: as if there were no such dossier
        ("giaodich", 403),
        ("ketoan", 403),
    ):
        assert client_as(username).get(url).status_code == status, username
    assert client_as("giaodich").get(reverse("restructuring:dossiers")).status_code == 403
    page = client_as(WARD_OFFICER).get(reverse("restructuring:dossiers"))
    assert f'data-testid="dossier-{dossier.pk}"' in page.content.decode()


def test_a_credit_officer_opens_a_dossier_from_the_loan(loan, client_as):
    client = client_as("tindung")
    assert (
        'data-testid="open-dossier"'
        in client.get(reverse("loans:loan", args=[loan.pk])).content.decode()
    )
    url = reverse("restructuring:open", args=[loan.pk])
    bad = client.post(url, {"cause": "disaster", "event_on": "31/02/2026", "description": "Bão"})
    assert bad.status_code == 200 and 'data-testid="errors"' in bad.content.decode()
    assert not RiskDossier.objects.filter(loan=loan).exists()
    day = f"{business_date():%d/%m/%Y}"
    response = client.post(url, {"cause": "disaster", "event_on": day, "description": "Bão"})
    dossier = RiskDossier.objects.get(loan=loan)
    assert response.status_code == 302 and response.url == dossier.get_absolute_url()
    assert client_as(WARD_OFFICER).post(url, {"cause": "fire"}).status_code == 403


def test_a_refused_post_writes_nothing(loan, client_as):
    officer = who("tindung")
    dossier = services.open_dossier(
        actor=officer, loan=loan, cause="fire", description="Cháy", event_on=business_date()
    )
    url = reverse("restructuring:dossier", args=[dossier.pk])
    # The credit officer may not confirm for the ward; the teller may not assess the loss.
    assert (
        client_as("tindung").post(url, {"action": "confirm", "reference": "1"}).status_code == 403
    )
    assert client_as("giaodich").post(url, {"action": "loss"}).status_code == 403
    client = client_as("tindung")
    response = client.post(url, {"action": "loss", "by_group": "1.000,5", "by_organisation": "1"})
    assert 'data-testid="errors"' in response.content.decode()
    # Confirming before the loss is assessed: the service's refusal on the form.
    response = client_as(WARD_OFFICER).post(url, {"action": "confirm", "reference": "5/XN"})
    assert 'data-testid="errors"' in response.content.decode()
    assert RiskDossier.objects.get(pk=dossier.pk).ward_confirmed_on is None
    client = client_as("tindung")
    client.post(url, {"action": "loss", "by_group": "6.000.000", "by_organisation": "6.000.000"})
    assert str(RiskDossier.objects.get(pk=dossier.pk).loss_percent) == "20.00"


def test_the_preview_shows_before_and_after_then_proposes(loan, client_as):
    dossier = confirmed_dossier(loan, 6_000_000)
    client = client_as("tindung")
    url = reverse("restructuring:propose", args=[loan.pk]) + f"?kind=extension&dossier={dossier.pk}"
    page = client.get(url).content.decode()
    assert f'value="{loan.next_due.isoformat()}"' in page
    new_due = loan.next_due.replace(year=loan.next_due.year + 1)
    form = {
        "due": loan.next_due.isoformat(),
        "new_due": f"{new_due:%d/%m/%Y}",
        "on": f"{business_date():%d/%m/%Y}",
        "reason": "Thiệt hại do bão",
    }
    preview = client.post(url, {**form, "action": "preview"}).content.decode()
    assert 'data-testid="preview"' in preview and "30.000.000" in preview
    assert f"{new_due:%d/%m/%Y}" in preview
    assert not Measure.objects.exists()
    response = client.post(url, {**form, "action": "propose"})
    measure = Measure.objects.get()
    assert response.status_code == 302 and response.url == measure.get_absolute_url()


def test_a_freeze_cannot_be_proposed_from_the_loan_without_a_dossier(loan, client_as):
    url = reverse("restructuring:propose", args=[loan.pk]) + "?kind=freeze"
    page = client_as("tindung").get(url).content.decode()
    assert 'data-testid="needs-dossier"' in page
    form = {"months": "12", "on": f"{business_date():%d/%m/%Y}", "reason": "x", "action": "propose"}
    response = client_as("tindung").post(url, form)
    assert 'data-testid="errors"' in response.content.decode()
    assert not Measure.objects.exists()


def test_the_proposer_is_told_he_cannot_approve(loan, client_as):
    dossier = confirmed_dossier(loan, 3_000_000)
    measure = extension(loan, dossier, by="giamdoc")
    url = measure.get_absolute_url()
    response = client_as("giamdoc").post(url, {"action": "approve"})
    assert 'data-testid="errors"' in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).status == "pending"
    assert client_as("tindung").post(url, {"action": "approve"}).status_code == 403


def test_scans_are_streamed_to_those_who_see_the_dossier(loan, client_as, scans_root):
    dossier = confirmed_dossier(loan, 3_000_000)
    url = dossier.get_absolute_url()
    pdf = b"%PDF-1.4\n%%EOF\n"
    client_as(WARD_OFFICER).post(
        url,
        {
            "action": "document",
            "kind": "ward_confirmation",
            "file": SimpleUploadedFile("xn.pdf", pdf),
        },
    )
    document = dossier.documents.get()
    scan = reverse("restructuring:scan", args=[document.pk])
    response = client_as("tindung").get(scan)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert client_as("phuong.bachmai").get(scan).status_code == 404
    refused = client_as("tindung").post(
        url, {"action": "document", "kind": "other", "file": SimpleUploadedFile("a.jpg", b"GIF89a")}
    )
    assert 'data-testid="errors"' in refused.content.decode()
    assert dossier.documents.count() == 1


def pdf_text(response) -> str:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())  # a heading wrapped on two lines reads as one


def test_the_decision_prints_in_vietnamese(loan, client_as):
    dossier = confirmed_dossier(loan, 6_000_000)
    measure = services.approve_measure(actor=who("giamdoc"), measure=extension(loan, dossier))
    url = reverse("restructuring:decision", args=[measure.pk])
    assert client_as("tindung").get(url).status_code == 200
    response = client_as("tindung").get(url + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    for words in (
        "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "1/QĐ-PGD",
        loan.borrower.full_name,
        loan.number,
        "30.000.000",
        "15/XN-UBND",
        "(ký tên, đóng dấu)",
        who("giamdoc").get_full_name() or str(who("giamdoc")),
    ):
        assert words in text, words
    pending = extension(loan)
    assert (
        client_as("tindung").get(reverse("restructuring:decision", args=[pending.pk])).status_code
        == 404
    )
