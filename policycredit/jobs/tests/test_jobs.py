"""A long job as the person lives it: started from a page that returns at once, followed on
its page, its file fetched by its starter alone; a worker killed mid-file leaves no half file
and the job runs again. Told with a small kind of the test's own."""

import datetime
import os
import stat

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from policycredit.jobs import files, kinds, liveness, services
from policycredit.jobs.models import Job
from policycredit.jobs.tests.running import (  # noqa: F401 (fixtures)
    IN_THE_DATABASE,
    connection_kept,
    kill,
    private_root,
    run_worker,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]
THE_WORKER = pytest.mark.usefixtures("connection_kept")


def _write(job, progress) -> kinds.Result:
    if job.parameters.get("die"):
        raise RuntimeError("the worker fell over mid-file")
    progress(0, 3)
    path = files.result_path(job.pk, ".txt")
    with files.writing(path) as part:
        with open(part, "w", encoding="utf-8") as handle:
            for line in range(3):
                handle.write(f"dòng {line}\n")
                progress(line + 1, 3)
        if job.parameters.get("die_writing"):
            raise RuntimeError("killed with the file half written")
    return kinds.Result(path=path, download_name="ket-qua.txt", content_type="text/plain")


def _check(actor, parameters):
    if parameters.get("refuse"):
        raise ValidationError("Không được.")


@pytest.fixture(autouse=True)
def letter(monkeypatch):
    kind = kinds.Kind(
        name="letter",
        label="A letter",
        action="register.export",  # accountants and directors
        run=_write,
        check=_check,
        back=lambda job: "/",
    )
    monkeypatch.setitem(kinds._KINDS, "letter", kind)
    return kind


def test_a_job_runs_and_its_file_is_its_starters_alone(user, client_as):
    job = services.start(actor=user("ketoan"), kind="letter", parameters={})
    assert job.status == "done" and (job.done, job.total) == (3, 3)
    assert job.language == "vi"
    folder = os.path.dirname(job.result_path)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(job.result_path).st_mode) == 0o600
    assert os.listdir(folder) == [os.path.basename(job.result_path)]  # no .part left

    client = client_as("ketoan")
    page = client.get(reverse("jobs:job", args=[job.pk]))
    assert b'data-testid="job-file"' in page.content
    assert b'http-equiv="refresh"' not in page.content
    reply = client.get(reverse("jobs:file", args=[job.pk]))
    assert reply.status_code == 200 and reply["Content-Type"] == "text/plain"
    assert b"".join(reply.streaming_content).decode() == "dòng 0\ndòng 1\ndòng 2\n"
    assert "ket-qua.txt" in reply["Content-Disposition"]

    for other in ("giamdoc", "giaodich"):  # another's job; a role without the action
        assert client_as(other).get(reverse("jobs:file", args=[job.pk])).status_code == 404
        assert client_as(other).get(reverse("jobs:job", args=[job.pk])).status_code == 404
    assert client_as("admin").get(reverse("jobs:file", args=[job.pk])).status_code == 200


def test_a_role_without_the_action_cannot_start_one_and_a_refusal_starts_nothing(user):
    with pytest.raises(PermissionDenied):
        services.start(actor=user("giaodich"), kind="letter", parameters={})
    with pytest.raises(ValidationError):
        services.start(actor=user("ketoan"), kind="letter", parameters={"refuse": True})
    assert not Job.objects.exists()


def test_a_job_that_fails_mid_file_keeps_no_half_file(user, client_as):
    job = services.start(actor=user("ketoan"), kind="letter", parameters={"die_writing": True})
    assert job.status == "failed" and "half written" in job.error
    assert os.listdir(files.results_folder()) == []
    page = client_as("ketoan").get(reverse("jobs:job", args=[job.pk]))
    assert b'data-testid="job-failed"' in page.content
    assert client_as("ketoan").get(reverse("jobs:file", args=[job.pk])).status_code == 404


@IN_THE_DATABASE
@THE_WORKER
def test_the_start_returns_at_once_and_the_worker_does_the_job(user, client_as):
    job = services.start(actor=user("ketoan"), kind="letter", parameters={})
    assert job.status == "queued"
    client = client_as("ketoan")
    waiting = client.get(reverse("jobs:job", args=[job.pk]))
    assert b'http-equiv="refresh"' in waiting.content
    assert b"job-no-worker" not in waiting.content
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    assert b"job-no-worker" in client.get(reverse("jobs:job", args=[job.pk])).content

    run_worker()
    job.refresh_from_db()
    assert job.status == "done"
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 200


@IN_THE_DATABASE
@THE_WORKER
def test_a_job_whose_worker_died_runs_again_and_the_half_file_goes(user, client_as):
    job = services.start(actor=user("ketoan"), kind="letter", parameters={})
    kill(job)
    half = f"{files.result_path(job.pk, '.txt')}{files.PART}"
    with open(half, "w") as handle:
        handle.write("dòng 0\n")  # what the dead worker had written
    client = client_as("ketoan")
    page = client.get(reverse("jobs:job", args=[job.pk]))
    assert b'data-testid="job-stale"' in page.content
    assert b'http-equiv="refresh"' not in page.content
    assert client_as("giamdoc").post(reverse("jobs:job", args=[job.pk])).status_code == 404

    client_as("ketoan").post(reverse("jobs:job", args=[job.pk]))  # "Run it again"
    job.refresh_from_db()
    assert job.status == "queued" and not os.path.exists(half)
    run_worker()
    job.refresh_from_db()
    assert job.status == "done"
    assert os.listdir(files.results_folder()) == [os.path.basename(job.result_path)]


@IN_THE_DATABASE
@THE_WORKER
def test_a_job_still_moving_is_not_run_twice(user):
    job = services.start(actor=user("ketoan"), kind="letter", parameters={})
    kill(job, minutes=1)  # running, and moved a minute ago: alive
    assert not liveness.is_stale(Job.objects.get(pk=job.pk))
    again = services.restart(actor=user("ketoan"), job=job)
    assert again.status == "running"


def test_old_results_are_pruned_and_their_page_says_to_run_again(user, client_as):
    old = services.start(actor=user("ketoan"), kind="letter", parameters={})
    two_days_ago = timezone.now().timestamp() - files.KEPT.total_seconds() - 60
    os.utime(old.result_path, (two_days_ago, two_days_ago))
    new = services.start(actor=user("ketoan"), kind="letter", parameters={})
    assert not os.path.exists(old.result_path) and os.path.exists(new.result_path)
    client = client_as("ketoan")
    assert b'data-testid="job-pruned"' in client.get(reverse("jobs:job", args=[old.pk])).content
    assert client.get(reverse("jobs:file", args=[old.pk])).status_code == 404


def test_a_kind_run_one_at_a_time_refuses_a_second(user, monkeypatch, letter):
    monkeypatch.setitem(kinds._KINDS, "letter", kinds.Kind(**{**vars(letter), "exclusive": True}))
    first = services.start(actor=user("ketoan"), kind="letter", parameters={})
    Job.objects.filter(pk=first.pk).update(status="queued")
    with pytest.raises(ValidationError) as refused:
        services.start(actor=user("giamdoc"), kind="letter", parameters={})
    assert refused.value.error_list[0].code == "under_way"
    kill(first)  # its worker died: it no longer blocks
    assert services.start(actor=user("giamdoc"), kind="letter", parameters={}).status == "done"
