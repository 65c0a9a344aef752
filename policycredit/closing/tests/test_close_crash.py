"""Kill the close-of-day process in the middle of a step: the step is wholly undone, and the next
run finishes the day without doing anything twice. Runs real processes on a scratch database."""

import json
import os
import subprocess
import sys

import pytest

from policycredit.closing.steps import PIPELINE

# The killed process runs on a SQLite file whatever the suite's engine (it always has): the
# PostgreSQL run would repeat the SQLite run's test exactly, so it is left to the SQLite run.
pytestmark = [
    pytest.mark.skipif(
        not os.path.exists("/bin/kill"), reason="needs a POSIX system to kill a process"
    ),
    pytest.mark.same_on_every_engine,
]

SETUP = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'policycredit.settings');"
    " django.setup(); import json; "
)
# The benchmark's bulk portfolio (cloned loans, not in the books: only the close is tested).
BUILD = SETUP + "from policycredit.demo.bench.closing import build; build(300)"
FIGURES = SETUP + (
    "from policycredit.closing.models import StepRun;"
    "from policycredit.common.models import BusinessDate;"
    "from policycredit.ledger.selectors import balance;"
    "print(json.dumps({'steps': sorted(StepRun.objects.exclude(step='opening')"
    ".values_list('step', flat=True)), 'today': str(BusinessDate.objects.get().today),"
    " 'receivable': balance(kinds=['interest_receivable'])}))"
)


def test_a_killed_close_leaves_its_step_undone_and_the_next_run_finishes(migrated_database):
    with migrated_database("close_crash") as url:  # a copy of the suite's just migrated one
        env = {**os.environ, "DATABASE_URL": url, "POLICYCREDIT_MODE": "demo"}
        python = [sys.executable]
        subprocess.run([*python, "-c", BUILD], env=env, check=True)
        killed = subprocess.run(
            [*python, "-m", "policycredit", "close-day", "--quiet"],
            env={**env, "POLICYCREDIT_CLOSE_KILL_IN": "transfer_overdue"},
        )
        assert killed.returncode == -9  # SIGKILL, in the middle of the step

        def figures():
            out = subprocess.run([*python, "-c", FIGURES], env=env, check=True, capture_output=True)
            return json.loads(out.stdout.decode().strip().splitlines()[-1])

        after_crash = figures()
        assert after_crash["steps"] == ["accrue_interest"]  # done before the kill, kept
        assert after_crash["today"] == "2025-06-17"  # the date did not advance
        subprocess.run([*python, "-m", "policycredit", "close-day", "--quiet"], env=env, check=True)
        finished = figures()
        assert finished["steps"] == sorted(PIPELINE)
        assert finished["today"] == "2025-06-18"
        assert finished["receivable"] == after_crash["receivable"]  # not accrued twice
