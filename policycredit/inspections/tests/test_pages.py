"""The check and inspection pages per role, their forms' refusals, the printed 06/TD and
16/TD (PDF read back with pdftotext) and the yearly summary in Excel (read back)."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from policycredit.inspections import services
from policycredit.inspections.models import Criterion, GroupInspection, LoanUseCheck
from policycredit.inspections.tests.conftest import set_today
from policycredit.inspections.tests.test_group_inspection import FAIR
from policycredit.network.models import SavingsGroup

pytestmark = pytest.mark.django_db
D = datetime.date
VIEWERS = ["hoiphunu", "tindung", "giamdoc", "kiemsoat", "phuong.vinhtuy", "bandaidien"]
NOT_VIEWERS = ["giaodich", "ketoan", "totruong"]


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    )
    return done.stdout.decode()


@pytest.mark.parametrize(
    "name", ["inspections:checks", "inspections:groups", "inspections:summary"]
)
def test_the_lists_open_for_the_roles_that_see_checks(client_as, name):
    for username in VIEWERS:
        assert client_as(username).get(reverse(name)).status_code == 200, username
    for username in NOT_VIEWERS:
        assert client_as(username).get(reverse(name)).status_code == 403, username


def test_the_check_form_records_and_prints_the_06td(client_as, loan):
    url = reverse("inspections:check_new", args=[loan.pk])
    assert client_as("giamdoc").get(url).status_code == 403
    client = client_as("hoiphunu")
    listed = client.get(reverse("inspections:checks"))
    assert f'data-testid="due-{loan.pk}"'.encode() in listed.content
    response = client.post(
        url,
        {
            "checked_on": "20/03/2026",
            "outcome": "partly",
            "amount_used": "18.500.000",
            "note": "Mới xây xong bể nước",
        },
    )
    check = LoanUseCheck.objects.get(loan=loan)
    assert response.status_code == 302 and response["Location"] == check.get_absolute_url()
    assert check.misused == 1_500_000
    page = client.get(check.get_absolute_url())
    assert b'data-testid="flag"' in page.content and b'data-outcome="partly"' in page.content
    text = pdf_text(client.get(check.get_absolute_url() + "?format=pdf"))
    assert "06/TD" in text and "1.500.000" in text and "18.500.000" in text
    assert loan.number in text and "Xây bể nước sạch" in text
    # Vietnamese, with its diacritics: the bank's and the nation's heading.
    assert "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI" in text
    assert "Độc lập" in text
    # Done: the loan leaves the due list and shows in the done list.
    listed = client.get(reverse("inspections:checks"))
    assert f'data-testid="due-{loan.pk}"'.encode() not in listed.content
    assert f'data-testid="check-{check.pk}"'.encode() in listed.content
    # The form of a checked loan offers the correction instead.
    assert b'data-testid="standing"' in client.get(url).content


@pytest.mark.parametrize(
    "data, code",
    [
        ({"checked_on": "31/02/2026", "outcome": "as_planned"}, "checked_on"),
        ({"checked_on": "20/03/2026", "outcome": "partly", "amount_used": "1,5"}, "amount_used"),
        ({"checked_on": "20/03/2026", "outcome": "stolen"}, "outcome"),
    ],
)
def test_bad_input_is_refused_on_the_form_and_nothing_written(client_as, loan, data, code):
    response = client_as("hoiphunu").post(reverse("inspections:check_new", args=[loan.pk]), data)
    assert response.status_code == 200
    assert code in response.context["form"].errors
    assert not LoanUseCheck.objects.exists()


def test_a_service_refusal_shows_on_the_form(client_as, loan):
    response = client_as("hoiphunu").post(
        reverse("inspections:check_new", args=[loan.pk]),
        {"checked_on": "20/03/2026", "outcome": "partly"},
    )
    assert response.status_code == 200 and b'data-testid="errors"' in response.content
    assert not LoanUseCheck.objects.exists()


def test_the_jobs_typed_on_the_form_reach_the_loan(client_as, job_loan):
    client = client_as("tindung")
    client.post(
        reverse("inspections:check_new", args=[job_loan.pk]),
        {
            "checked_on": "21/03/2026",
            "outcome": "as_planned",
            "jobs_new": "2",
            "jobs_maintained": "1",
        },
    )
    job_loan.refresh_from_db()
    assert (job_loan.jobs_new_verified, job_loan.jobs_maintained_verified) == (2, 1)


def test_a_correction_from_its_page_supersedes(client_as, loan):
    client = client_as("hoiphunu")
    client.post(
        reverse("inspections:check_new", args=[loan.pk]),
        {"checked_on": "20/03/2026", "outcome": "as_planned"},
    )
    first = LoanUseCheck.objects.get(loan=loan)
    url = reverse("inspections:check_correct", args=[first.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"checked_on": "22/03/2026", "outcome": "not_used"})
    assert "correction_reason" in refused.context["form"].errors
    client.post(
        url,
        {"checked_on": "22/03/2026", "outcome": "not_used", "correction_reason": "Hộ đã chuyển đi"},
    )
    second = LoanUseCheck.objects.get(supersedes=first)
    assert second.misused == 20_000_000
    assert b'data-testid="newer"' in client.get(first.get_absolute_url()).content
    # A record replaced is no longer corrected: its correction page is gone.
    assert client.get(url).status_code == 404


def test_another_area_loan_is_missing_not_forbidden(client_as, other_loan):
    url = reverse("inspections:check_new", args=[other_loan.pk])
    assert client_as("hoiphunu").get(url).status_code == 404
    assert client_as("tindung").get(url).status_code == 200


@pytest.fixture
def group(db):
    set_today(D(2026, 11, 30))
    return SavingsGroup.objects.filter(organisation__kind="women").order_by("code").first()


def test_the_inspection_form_grades_and_prints_the_16td(client_as, group):
    url = reverse("inspections:inspect", args=[group.pk])
    assert client_as("kiemsoat").get(url).status_code == 403
    client = client_as("hoiphunu")
    assert (
        f'data-testid="group-{group.pk}"'.encode()
        in client.get(reverse("inspections:groups")).content
    )
    form = client.get(url)
    assert form.status_code == 200
    data = {"inspected_on": "20/11/2026", "findings": "Tổ họp đều", "follow_up": "Bổ sung sổ"}
    data |= {f"score_{code}": str(points) for code, points in FAIR.items()}
    response = client.post(url, data)
    inspection = GroupInspection.objects.get(group=group)
    assert response["Location"] == inspection.get_absolute_url()
    assert (inspection.score, inspection.grade) == (86, "fair")
    text = pdf_text(client.get(inspection.get_absolute_url() + "?format=pdf"))
    assert "16/TD" in text and group.code in text and "86" in text
    assert "Tổ sinh hoạt định kỳ" in text and "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI" in text
    listed = client.get(reverse("inspections:groups"))
    assert f'data-testid="group-{group.pk}"'.encode() not in listed.content
    assert f'data-testid="inspection-{inspection.pk}"'.encode() in listed.content


def test_a_score_above_its_criterion_is_refused_on_the_form(client_as, group):
    data = {"inspected_on": "20/11/2026"} | {f"score_{c}": str(p) for c, p in FAIR.items()}
    data["score_records"] = "11"
    response = client_as("hoiphunu").post(reverse("inspections:inspect", args=[group.pk]), data)
    assert "score_records" in response.context["form"].errors
    assert not GroupInspection.objects.exists()


def test_the_summary_reads_back_from_excel(client_as, group, user):
    services.record_group_inspection(
        actor=user("hoiphunu"), group=group, inspected_on=D(2026, 11, 20), scores=FAIR
    )
    response = client_as("hoiphunu").get(reverse("inspections:summary") + "?year=2026&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[2] is not None and r[0] is not None and i > 0)
    body = [r for r in rows[header + 1 :] if r[0]]
    *wards, total = body
    org_ward = [r for r in wards if r[0] == group.organisation.name]
    assert any(r[3] == 1 and r[5] == 1 for r in org_ward)  # inspected 1, of it fair 1
    assert total[2] == sum(r[2] for r in wards) and total[3] == 1 and total[5] == 1
    assert all(isinstance(r[2], int) for r in wards)


def test_a_year_that_is_not_a_number_is_refused_not_read_as_this_year(client_as):
    response = client_as("tindung").get(reverse("inspections:summary") + "?year=２０２６")
    assert response.status_code == 400 and "２０２６" in response.content.decode()


def test_the_score_sheet_is_data_and_a_criterion_scored_on_stays_as_it_was(client_as, group, user):
    admin = client_as("admin")
    assert admin.get(reverse("admin:inspections_criterion_changelist")).status_code == 200
    assert admin.get(reverse("admin:inspections_gradeband_changelist")).status_code == 200
    services.record_group_inspection(
        actor=user("hoiphunu"), group=group, inspected_on=D(2026, 11, 20), scores=FAIR
    )
    scored = Criterion.objects.get(code="records", valid_from=D(2015, 1, 1))
    url = reverse("admin:inspections_criterion_change", args=[scored.pk])
    assert admin.get(url).status_code == 200  # shown, read-only
    response = admin.post(
        url,
        {
            "name": "Khác",
            "max_score": "50",
            "position": "7",
            "code": "records",
            "valid_from": "01/01/2015",
        },
    )
    assert response.status_code == 403
    scored.refresh_from_db()
    assert scored.max_score == 10
    # Signing in as another (the same test client): the organisation's officer sees no sheet.
    assert (
        client_as("hoiphunu").get(reverse("admin:inspections_criterion_changelist")).status_code
        == 403
    )
