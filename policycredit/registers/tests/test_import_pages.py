"""The import pages: upload, the dry run's problems by row and column, confirm, the run."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from policycredit.ledger.checks import check_books
from policycredit.loans.models import Loan
from policycredit.registers.models import ImportJob, ImportRun
from policycredit.registers.tests.hstd_files import loan, write_xlsx
from policycredit.registers.tests.test_import import portfolio

pytestmark = pytest.mark.django_db


def _upload(tmp_path, rows, name="hstd.xlsx"):
    path = write_xlsx(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes())


def test_accountant_checks_confirms_and_sees_the_run(client_as, tmp_path):
    client = client_as("ketoan")
    page = client.get(reverse("registers:import_index"))
    assert page.status_code == 200 and b'data-testid="import-busy"' in page.content

    started = client.post(
        reverse("registers:import_index"), {"file": _upload(tmp_path, portfolio())}
    )
    check = ImportJob.objects.get(kind="check")
    assert started.status_code == 302
    assert started.url == reverse("registers:import_job", args=[check.pk])
    preview = client.get(started.url)  # the tests' tasks run at once: the check is done
    assert preview.status_code == 200
    assert preview.context["outcome"].created == 4 and preview.context["token"] == check.pk
    assert {p["code"] for p in preview.context["problems"]} == {"ward_mapped"}
    assert not Loan.objects.filter(number__startswith="KU-").exists()  # a dry run

    confirmed = client.post(reverse("registers:import_confirm"), {"token": check.pk})
    job = ImportJob.objects.get(kind="import")
    assert confirmed.url == reverse("registers:import_job", args=[job.pk])
    done = client.get(confirmed.url)
    run = ImportRun.objects.get()
    assert done.status_code == 302 and done.url == reverse("registers:import_run", args=[run.pk])
    assert Loan.objects.filter(number__startswith="KU-").count() == 4
    assert check_books().ok
    assert client.get(done.url).status_code == 200
    # The file is gone from the staging folder, and the same check cannot be imported twice.
    assert not os.path.exists(job.path)
    again = client.post(reverse("registers:import_confirm"), {"token": check.pk})
    assert again.status_code == 404


def test_problems_are_listed_and_nothing_can_be_confirmed(client_as, tmp_path):
    rows = [*portfolio(), loan(contract="KU-009", id_number="12345", loan_date="32/01/2025")]
    preview = client_as("giamdoc").post(
        reverse("registers:import_index"), {"file": _upload(tmp_path, rows)}, follow=True
    )
    found = {(p["row"], p["column"], p["code"]) for p in preview.context["problems"]}
    assert {(9, "Số CMND", "id_length"), (9, "Ngày vay", "not_date")} <= found
    assert preview.context["token"] == "" and b'data-testid="import-refused"' in preview.content
    check = ImportJob.objects.get()
    confirm = client_as("giamdoc").post(reverse("registers:import_confirm"), {"token": check.pk})
    assert confirm.status_code == 404
    assert not os.path.exists(check.path)  # a refused file is not kept


def test_a_job_is_its_starters_alone(client_as, tmp_path):
    client_as("ketoan").post(
        reverse("registers:import_index"), {"file": _upload(tmp_path, portfolio())}
    )
    job = ImportJob.objects.get()
    page = reverse("registers:import_job", args=[job.pk])
    assert client_as("giamdoc").get(page).status_code == 404
    assert client_as("admin").get(page).status_code == 200


def test_a_teller_may_not_import(client_as):
    assert client_as("giaodich").get(reverse("registers:import_index")).status_code == 403
