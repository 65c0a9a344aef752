"""Every group's collection sheet of the point as one PDF, made by the worker: the teller's
button returns at once, the job's page counts the groups and offers the file to the teller
alone; a worker killed mid-file leaves nothing and the job runs again."""

import os

import pytest
from django.urls import reverse

from policycredit.jobs import files
from policycredit.jobs.models import Job
from policycredit.jobs.tests.running import IN_THE_DATABASE, kill, run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]
THE_WORKER = pytest.mark.usefixtures("connection_kept")


def _pdf(client, job) -> bytes:
    reply = client.get(reverse("jobs:file", args=[job.pk]))
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    return b"".join(reply.streaming_content)


@IN_THE_DATABASE
@THE_WORKER
def test_the_points_pdf_leaves_the_request_and_comes_back_as_a_file(client_as, day):
    teller = client_as("giaodich")
    assert b'data-testid="sheets-pdf"' in teller.get(f"/day/{day.pk}/").content
    started = teller.post(f"/day/{day.pk}/sheets/")
    job = Job.objects.get()
    assert started.url == reverse("jobs:job", args=[job.pk]) and job.status == "queued"
    assert job.parameters == {"day": day.pk} and job.kind == "point_sheets"
    assert b'http-equiv="refresh"' in teller.get(started.url).content

    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total) == (2, 2)  # two groups at the point
    page = teller.get(started.url)
    assert b'data-testid="job-file"' in page.content
    assert f"/day/{day.pk}/".encode() in page.content  # back to the day
    assert _pdf(teller, job).startswith(b"%PDF")
    assert job.download_name == f"danh-sach-thu-{day.point.code}-20260615.pdf"
    # The controller of the same office sees the day, not the teller's file.
    assert client_as("kiemsoat").get(reverse("jobs:file", args=[job.pk])).status_code == 404


@IN_THE_DATABASE
@THE_WORKER
def test_a_killed_sheets_job_runs_again_and_leaves_no_half_file(client_as, day):
    teller = client_as("giaodich")
    teller.post(f"/day/{day.pk}/sheets/")
    job = Job.objects.get()
    kill(job)
    half = f"{files.result_path(job.pk, '.pdf')}{files.PART}"
    with open(half, "wb") as handle:
        handle.write(b"%PDF-1.7\n")  # the first bytes of a file never finished
    assert b'data-testid="job-restart"' in teller.get(reverse("jobs:job", args=[job.pk])).content
    teller.post(reverse("jobs:job", args=[job.pk]))
    assert not os.path.exists(half)
    run_worker()
    job.refresh_from_db()
    assert job.status == "done"
    assert os.listdir(files.results_folder()) == [os.path.basename(job.result_path)]
    assert _pdf(teller, job).rstrip().endswith(b"%%EOF")


def test_the_pdf_is_for_who_sees_the_day_and_one_groups_sheet_stays_immediate(
    client_as, day, loan_at_point
):
    assert client_as("bandaidien").post(f"/day/{day.pk}/sheets/").status_code == 403
    # A ward officer of another ward sees no such day: a 404, and no job.
    assert client_as("phuong.vinhtuy").post(f"/day/{day.pk}/sheets/").status_code == 404
    assert not Job.objects.exists()
    old_link = client_as("giaodich").get(f"/day/{day.pk}/sheets/?format=pdf")
    assert old_link.status_code == 302 and not Job.objects.exists()
    group = client_as("giaodich").get(
        f"/day/{day.pk}/groups/{loan_at_point.group_id}/sheet/?format=pdf"
    )
    assert group["Content-Type"] == "application/pdf"
