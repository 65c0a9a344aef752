"""The Directive 40 review of more than one office, as Excel or PDF, is made by the worker: the
button returns at once, the job's page offers the file to whoever asked for it alone, and a
worker killed mid-file leaves nothing behind. One office's review stays immediate."""

import io
import os

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from policycredit.jobs import files
from policycredit.jobs.models import Job
from policycredit.jobs.tests.running import IN_THE_DATABASE, kill, run_worker
from policycredit.reporting.tests.conftest import REVIEW_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]
THE_WORKER = pytest.mark.usefixtures("connection_kept")
DAY = f"{REVIEW_DAY:%d/%m/%Y}"
REVIEW = "/reports/directive40/"
FILE = "/reports/directive40/file/"


def _file(client, job) -> bytes:
    reply = client.get(reverse("jobs:file", args=[job.pk]))
    assert reply.status_code == 200
    return b"".join(reply.streaming_content)


@IN_THE_DATABASE
@THE_WORKER
def test_the_whole_banks_review_in_excel_leaves_the_request(client_as):
    admin = client_as("admin")  # sees everything: more than one office's review
    page = admin.get(f"{REVIEW}?as_of={DAY}&from_year=2014")
    assert b'data-testid="report-file"' in page.content
    old_link = admin.get(f"{REVIEW}?as_of={DAY}&from_year=2014&format=xlsx")
    assert old_link.status_code == 302 and "format" not in old_link.url

    started = admin.post(FILE, {"as_of": DAY, "from_year": "2014", "format": "xlsx"})
    job = Job.objects.get()
    assert started.url == reverse("jobs:job", args=[job.pk]) and job.status == "queued"
    assert job.parameters == {
        "report": "directive40",
        "as_of": REVIEW_DAY.isoformat(),
        "from_year": 2014,
        "unit": None,
        "format": "xlsx",
    }
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.download_name == "directive40-20240611.xlsx"
    book = load_workbook(io.BytesIO(_file(client_as("admin"), job)))
    assert len(book.worksheets) > 5
    back = client_as("admin").get(started.url)
    assert f"{REVIEW}?as_of=11%2F06%2F2024".encode() in back.content
    # The director reads reports, not the administrator's file.
    assert client_as("giamdoc").get(reverse("jobs:file", args=[job.pk])).status_code == 404


@IN_THE_DATABASE
@THE_WORKER
def test_a_killed_review_job_runs_again_and_keeps_no_half_file(client_as):
    client_as("admin").post(FILE, {"as_of": DAY, "from_year": "2014", "format": "pdf"})
    job = Job.objects.get()
    kill(job)
    half = f"{files.result_path(job.pk, '.pdf')}{files.PART}"
    with open(half, "wb") as handle:
        handle.write(b"%PDF-1.7\n")
    client_as("admin").post(reverse("jobs:job", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and not os.path.exists(half)
    assert os.listdir(files.results_folder()) == [os.path.basename(job.result_path)]
    pdf = _file(client_as("admin"), job)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")


def test_one_offices_review_stays_immediate_and_a_group_leader_gets_no_file(client_as):
    page = client_as("giamdoc").get(f"{REVIEW}?as_of={DAY}")
    assert b'data-testid="report-file"' not in page.content
    assert b"format=xlsx" in page.content
    assert client_as("totruong").post(FILE, {"as_of": DAY, "format": "pdf"}).status_code == 403
    # Word is the review document's (`reviews`); a format no writer makes is refused.
    refused = client_as("admin").post(FILE, {"as_of": DAY, "format": "odt"})
    assert refused.status_code == 302 and not Job.objects.exists()
