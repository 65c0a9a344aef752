"""The point's collection sheets as printed: one A4 landscape page per group, however many
members it has (the rows grow denser, they do not spill), and the point's grand total on a page
of its own after the groups, labelled as the point's total, not as a last page's subtotal."""

import datetime
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from policycredit.jobs.models import Job
from policycredit.jobs.tests.running import IN_THE_DATABASE, run_worker
from policycredit.transactiondays import selectors
from policycredit.transactiondays.documents import SheetRow

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]


def _pages(pdf: bytes) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's pages are not read")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return text.split("\f")[:-1]


@IN_THE_DATABASE
@pytest.mark.usefixtures("connection_kept")
def test_the_points_pdf_has_a_page_per_group_and_a_summary_page(client_as, day, teller):
    sheets = selectors.point_sheets(teller, day.point, day.date)
    client = client_as("giaodich")
    client.post(f"/day/{day.pk}/sheets/")
    run_worker()
    job = Job.objects.get()
    reply = client.get(reverse("jobs:file", args=[job.pk]))
    pages = _pages(b"".join(reply.streaming_content))
    assert len(pages) == len(sheets) + 1
    for page, sheet in zip(pages, sheets, strict=False):
        assert sheet.group.code in page
        assert all(s.group.code not in page for s in sheets if s is not sheet)
    summary = pages[-1]
    assert all(sheet.group.code in summary for sheet in sheets)
    grand = sum(s.totals["total_due"] for s in sheets)
    assert f"{grand:,}".replace(",", ".") in summary


def test_the_point_page_ends_with_the_points_total(client_as, day, teller):
    sheets = selectors.point_sheets(teller, day.point, day.date)
    html = client_as("giaodich").get(f"/day/{day.pk}/sheets/").content.decode()
    assert html.count('class="pc-sheet') == len(sheets) + 1
    assert html.index('data-testid="point-summary"') > html.rindex('data-testid="sheet-')
    one = client_as("giaodich").get(f"/day/{day.pk}/groups/{sheets[0].group.pk}/sheet/")
    assert 'data-testid="point-summary"' not in one.content.decode()


# WeasyPrint's layout of values made here: no database is read, so the PostgreSQL run would
# repeat the SQLite run's renders exactly.
@pytest.mark.same_on_every_engine
@pytest.mark.parametrize("rows", [1, 22, 30, 42, 60])
def test_a_group_of_up_to_60_lines_fits_one_a4_page(rows):
    from weasyprint import HTML

    group = SimpleNamespace(
        name="Tổ TK&VV số 12 – Hội Liên hiệp Phụ nữ phường Bách Khoa",
        code="00277-12",
        organisation=SimpleNamespace(name="Hội Liên hiệp Phụ nữ phường Bách Khoa"),
        leader=SimpleNamespace(full_name="Nguyễn Thị Thanh Hương"),
    )
    totals = dict.fromkeys(
        ["outstanding", "overdue", "principal_due", "interest_due", "savings_due", "total_due"],
        987_654_321,
    )
    sheet = SimpleNamespace(group=group, borrowers=rows, totals=totals)
    lines = [
        SheetRow(n, f"HK{n:06d}", "Nguyễn Thị Phương Thảo Trang", f"7301-{n:06d}-2026", "GQVL",
                 100_000_000, 10_000_000, 25_000_000, 843_333, 500_000, 26_343_333)
        for n in range(1, rows + 1)
    ]  # fmt: skip
    day = SimpleNamespace(
        date=datetime.date(2026, 6, 15),
        office=SimpleNamespace(name="Phòng giao dịch NHCSXH quận Hai Bà Trưng"),
        point=SimpleNamespace(name="Điểm giao dịch phường Bách Khoa", code="BK"),
    )
    html = render_to_string(
        "transactiondays/sheet_print.html",
        {"day": day, "documents": [(sheet, lines)], "title": "Danh sách thu"},
    )
    assert len(HTML(string=html).render().pages) == 1
