"""The supervision's pages per role, a check and its finding taken through the forms to
resolved, the refusals shown on the forms, and the year's summary as PDF (read back with
pdftotext) and Excel (read back)."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from policycredit.accounts.policy import Refused
from policycredit.supervision import services
from policycredit.supervision.models import (
    CheckerKind,
    Finding,
    FindingKind,
    PlanLine,
    SupervisionCheck,
    SupervisionPlan,
)
from policycredit.supervision.tests.conftest import point_elsewhere, set_today, vinh_tuy_point

pytestmark = pytest.mark.django_db
D = datetime.date
VIEWERS = ["giamdoc", "tindung", "kiemsoat", "bandaidien", "phuong.vinhtuy", "hoiphunu"]
NOT_VIEWERS = ["giaodich", "ketoan", "totruong"]
LISTS = ["supervision:plans", "supervision:findings", "supervision:summary"]


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


@pytest.mark.parametrize("name", LISTS)
def test_the_lists_open_for_the_roles_that_see_supervision(client_as, name):
    for username in VIEWERS:
        assert client_as(username).get(reverse(name)).status_code == 200, username
    for username in NOT_VIEWERS:
        assert client_as(username).get(reverse(name)).status_code == 403, username


def test_the_plan_a_check_and_its_finding_through_the_forms(client_as, office):
    set_today(D(2025, 3, 20))
    director = client_as("giamdoc")
    answer = director.post(
        reverse("supervision:plan_new"), {"office": office.pk, "year": "2025", "note": ""}
    )
    plan = SupervisionPlan.objects.get(office=office, year=2025)
    assert answer.status_code == 302 and answer["Location"] == plan.get_absolute_url()
    point = vinh_tuy_point()
    answer = director.post(
        reverse("supervision:line_new", args=[plan.pk]),
        {
            "checker_kind": "board_member",
            "checker_name": "Ông Ngô Quang Vinh",
            "point": point.pk,
            "month": "3",
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors
    line = PlanLine.objects.get(plan=plan)

    member = client_as("bandaidien")
    page = member.get(reverse("supervision:plans") + "?year=2025")
    assert f'data-testid="line-{line.pk}" data-done="0"'.encode() in page.content
    answer = member.post(
        reverse("supervision:check_planned", args=[line.pk]),
        {"checked_on": "15/03/2025", "summary": "Điểm giao dịch không mở cửa đúng ngày."},
    )
    check = SupervisionCheck.objects.get(line=line)
    assert answer["Location"] == check.get_absolute_url()
    # The due date before the check is refused on the form, nothing written.
    kind = FindingKind.objects.get(code="point_not_held")
    refused = member.post(
        reverse("supervision:finding_new", args=[check.pk]),
        {
            "kind": kind.pk,
            "description": "Không giao dịch",
            "follow_up_name": "Tổ giao dịch",
            "due_on": "10/03/2025",
        },
    )
    assert refused.status_code == 200 and not Finding.objects.exists()
    assert "before the check" in refused.content.decode() or "trước" in refused.content.decode()
    member.post(
        reverse("supervision:finding_new", args=[check.pk]),
        {
            "kind": kind.pk,
            "description": "Không giao dịch",
            "follow_up_name": "Tổ giao dịch",
            "due_on": "31/03/2025",
        },
    )
    finding = Finding.objects.get()
    assert finding.point is None and finding.check_record == check
    officer = client_as("tindung")
    officer.post(
        reverse("supervision:follow_up", args=[finding.pk]),
        {"noted_on": "18/03/2025", "note": "Đã nhắc"},
    )
    officer.post(
        reverse("supervision:resolve", args=[finding.pk]),
        {"resolved_on": "20/03/2025", "resolution": "Đã khắc phục"},
    )
    finding.refresh_from_db()
    assert finding.resolved_on == D(2025, 3, 20) and finding.notes.count() == 1
    page = officer.get(finding.get_absolute_url())
    assert b'data-state="resolved"' in page.content and b"follow-up-form" not in page.content
    assert officer.get(reverse("supervision:resolve", args=[finding.pk])).status_code == 405

    summary = reverse("supervision:summary") + "?year=2025"
    text = pdf_text(officer.get(summary + "&format=pdf"))
    assert "2025" in text and "Hai Bà Trưng" in text
    book = load_workbook(io.BytesIO(officer.get(summary + "&format=xlsx").content))
    checks, findings = book.worksheets
    cells = [[c.value for c in row] for row in checks.iter_rows()]
    assert [1, 1, 0, 1] in [row[1:] for row in cells]  # the board members: 1 planned, done
    totals = [[c.value for c in row] for row in findings.iter_rows()][-1]
    assert totals[1] == 1


def test_a_check_outside_the_users_area_is_refused(client_as, people):
    """The Vĩnh Tuy ward officer cannot record a check of another ward's point: the form does
    not offer it and the service refuses it."""
    set_today(D(2025, 3, 20))
    elsewhere = point_elsewhere()
    client = client_as("phuong.vinhtuy")
    answer = client.post(
        reverse("supervision:check_new"),
        {
            "checker_kind": "board_member",
            "checker_name": "Chủ tịch UBND phường",
            "point": elsewhere.pk,
            "checked_on": "15/03/2025",
            "summary": "Kiểm tra",
        },
    )
    assert answer.status_code == 200 and not SupervisionCheck.objects.exists()
    with pytest.raises(Refused):
        services.record_check(
            actor=people["phuong.vinhtuy"],
            checker_kind=CheckerKind.BOARD_MEMBER,
            checker_name="Chủ tịch UBND phường",
            point=elsewhere,
            checked_on=D(2025, 3, 15),
            summary="Kiểm tra",
        )
    # A check of another area is a 404 to the ward officer, whatever its id.
    own = services.record_check(
        actor=people["tindung"],
        checker_kind=CheckerKind.BANK,
        checker_user=people["tindung"],
        point=elsewhere,
        checked_on=D(2025, 3, 15),
        summary="Kiểm tra",
    )
    assert client.get(own.get_absolute_url()).status_code == 404
    assert client_as("tindung").get(own.get_absolute_url()).status_code == 200
