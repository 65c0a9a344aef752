"""Two closes of day at once: the second is refused with a clear message and does nothing,
whether it comes from the console, the close's page or a service call; the lock dies with the
process that held it."""

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection
from django.utils import translation

from policycredit.closing import lock, services
from policycredit.closing.models import StepRun
from policycredit.common.models import BusinessDate

ANOTHER = "Another close of day is running"
ANOTHER_VI = "Một lần khóa sổ cuối ngày khác đang chạy"  # the console speaks Vietnamese first


@pytest.fixture
def close_held_elsewhere(db):
    """Another thread (on PostgreSQL another connection, another session) holds the lock."""
    held, done = threading.Event(), threading.Event()

    def hold():
        try:
            with lock.close_lock():
                held.set()
                done.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(30)
    yield
    done.set()
    thread.join(30)


def test_a_close_while_another_runs_is_refused_and_does_nothing(close_held_elsewhere):
    today = BusinessDate.objects.values_list("today", flat=True).first()
    runs = StepRun.objects.count()
    with translation.override("en"), pytest.raises(services.CloseRefused, match=ANOTHER):
        services.close_day()
    with translation.override("en"), pytest.raises(services.CloseRefused, match=ANOTHER):
        services.close_until(until=services.current_date())
    assert StepRun.objects.count() == runs
    assert BusinessDate.objects.values_list("today", flat=True).first() == today
    assert not lock.is_free()


def test_the_close_page_says_another_close_runs(close_held_elsewhere, client_as, settings):
    client = client_as("giamdoc")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reply = client.post("/close/", {"until": f"{services.current_date():%d/%m/%Y}"})
    assert reply.status_code == 400
    assert ANOTHER in reply.content.decode()


def test_the_lock_is_free_again_after_a_close_and_is_reentrant(db):
    assert lock.is_free()
    with lock.close_lock(), lock.close_lock():
        assert lock.is_free()  # this thread's own: a catch-up's days close under it
    assert lock.is_free()


SETUP = (
    "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
    "'policycredit.settings'); django.setup()\n"
)
HOLD = SETUP + (
    "from policycredit.closing.lock import close_lock\n"
    "with close_lock():\n"
    "    print('held', flush=True)\n"
    "    sys.stdin.readline()\n"
)


@pytest.mark.skipif(not os.path.exists("/bin/kill"), reason="needs POSIX processes")
def test_close_day_refuses_while_another_process_closes_and_exits_non_zero(migrated_database):
    """Two processes on one scratch database (SQLite: a file; PostgreSQL when the suite runs
    on it; a copy of the suite's just migrated one): while one holds the close, `close-day`
    says so and exits 1, with no traceback; once the holder is killed, the lock has died with
    it."""
    with migrated_database("closelock") as scratch:
        env = {**os.environ, "DATABASE_URL": scratch, "POLICYCREDIT_MODE": "demo"}
        cli = [sys.executable, "-m", "policycredit"]
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout.readline().strip() == "held"
            loser = subprocess.run(
                [*cli, "close-day", "--quiet"], env=env, capture_output=True, text=True
            )
            assert loser.returncode == 1
            assert ANOTHER_VI in loser.stderr
            assert "Traceback" not in loser.stderr
        finally:
            holder.kill()
            holder.wait(30)
        free = subprocess.run(
            [
                sys.executable,
                "-c",
                SETUP + "from policycredit.closing import lock\nprint(lock.is_free())",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert free.stdout.strip().splitlines()[-1] == "True"
