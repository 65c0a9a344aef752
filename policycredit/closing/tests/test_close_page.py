"""The close of day from its page: an accountant sees the business date and how the last close
ended, and has the days that were missed closed by the worker, which counts them; what the
close refuses is said on the page before anything runs; a worker killed mid-catch-up leaves
every day closed or not, and the job finishes the rest when run again."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.closing import services
from policycredit.closing.models import StepRun
from policycredit.common.selectors import business_date, replaying
from policycredit.geo.models import TransactionPoint
from policycredit.jobs.models import Job
from policycredit.jobs.tests.running import IN_THE_DATABASE, kill, run_worker
from policycredit.transactiondays.services import open_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_root")]
THE_WORKER = pytest.mark.usefixtures("connection_kept")
CLOSE = "/close/"
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def three_days_behind():
    """The nightly close has not run for three days: the business date is three days ago."""
    today = timezone.localdate()
    services.start_at(day=today - 3 * ONE_DAY)
    return today


def _dmy(day) -> str:
    return f"{day:%d/%m/%Y}"


@IN_THE_DATABASE
@THE_WORKER
def test_an_accountant_catches_up_the_missed_days_through_the_worker(client_as, three_days_behind):
    today = three_days_behind
    accountant = client_as("ketoan")
    page = accountant.get(CLOSE)
    assert page.status_code == 200
    assert _dmy(today - 3 * ONE_DAY).encode() in page.content  # the business date
    assert page.context["form"].initial["until"] == today - ONE_DAY  # the days that are over

    started = accountant.post(CLOSE, {"until": _dmy(today - ONE_DAY)})
    job = Job.objects.get()
    assert started.url == reverse("jobs:job", args=[job.pk]) and job.status == "queued"
    assert business_date() == today - 3 * ONE_DAY  # nothing closed in the request
    assert b'data-testid="close-running"' in client_as("giamdoc").get(CLOSE).content

    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total) == (3, 3)
    assert business_date() == today
    summary = client_as("ketoan").get(started.url).context["summary"]
    assert _dmy(today - 3 * ONE_DAY) in summary and _dmy(today) in summary
    closed = AuditEvent.objects.filter(action=Action.BUSINESS_DAY_CLOSED)
    assert closed.count() == 3 and {e.actor.username for e in closed} == {"ketoan"}
    # Another director follows the close on the close's page, not the accountant's job.
    assert client_as("giamdoc").get(started.url).status_code == 404


def test_what_the_close_refuses_is_said_on_the_page_and_nothing_starts(client_as):
    today = timezone.localdate()
    point = TransactionPoint.objects.filter(active=True).first()
    point.day_of_month = today.day  # a day opens only on its point's session
    point.save(update_fields=["day_of_month"])
    with replaying(today):
        open_day(actor=User.objects.get(username="giaodich"), point=point, on=today)
    refused = client_as("giamdoc").post(CLOSE, {"until": _dmy(today)})
    assert refused.status_code == 400
    assert point.name in refused.content.decode()
    assert b'data-testid="close-refused"' in refused.content
    tomorrow = client_as("giamdoc").post(CLOSE, {"until": _dmy(today + ONE_DAY)})
    assert b'data-testid="close-refused"' in tomorrow.content
    assert not Job.objects.exists() and not StepRun.objects.exists()


@IN_THE_DATABASE
@THE_WORKER
def test_a_close_killed_mid_catch_up_finishes_when_run_again(client_as, user, three_days_behind):
    today = three_days_behind
    accountant = client_as("ketoan")
    accountant.post(CLOSE, {"until": _dmy(today - ONE_DAY)})
    job = Job.objects.get()
    # The worker closed the first day, then was killed.
    services.close_day(actor=user("ketoan"), day=today - 3 * ONE_DAY)
    kill(job)
    assert (
        b'data-testid="job-restart"' in accountant.get(reverse("jobs:job", args=[job.pk])).content
    )
    client_as("ketoan").post(reverse("jobs:job", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total) == (2, 2)
    assert business_date() == today
    # Every step of every day done, each once (the database refuses a step twice), and the
    # close of the day the dead worker had finished was not done again.
    for n in (3, 2, 1):
        done = StepRun.objects.filter(date=today - n * ONE_DAY).values_list("step", flat=True)
        assert set(done) - {"opening"} == set(services.pipeline())
    assert AuditEvent.objects.filter(action=Action.BUSINESS_DAY_CLOSED).count() == 3


def test_a_second_close_waits_for_the_first_and_only_the_closing_roles_may(
    client_as, user, three_days_behind
):
    today = three_days_behind
    assert client_as("giaodich").get(CLOSE).status_code == 403
    assert client_as("bandaidien").post(CLOSE, {"until": _dmy(today)}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.catch_up(actor=user("giaodich"), until=today)
    sidebar = client_as("ketoan").get(reverse("admin:index")).content
    assert reverse("closing:close").encode() in sidebar
    assert (
        reverse("closing:close").encode()
        not in client_as("giaodich").get(reverse("admin:index")).content
    )

    first = Job.objects.create(
        kind="close_days", actor=user("ketoan"), parameters={"until": today.isoformat()}
    )
    second = client_as("giamdoc").post(CLOSE, {"until": _dmy(today - ONE_DAY)})
    assert second.status_code == 400 and b"close-refused" in second.content
    assert Job.objects.get() == first
