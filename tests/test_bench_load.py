"""A smoke test of ``policycredit bench load`` (a benchmark: it times nothing here, it proves the
bench runs). Three people for a few seconds on SQLite, run as the operator runs it: a scratch
database, the production server, Locust; the JSON has its figures, nobody met an error, the
proof after the run passed, and nothing the bench started is left running."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policycredit.accounts.models import User
from policycredit.calendar.selectors import is_transaction_day
from policycredit.common.models import Rule
from policycredit.demo.bench import scratch
from policycredit.demo.bench.load_build import _hold_session_on
from policycredit.geo.models import TransactionPoint
from policycredit.geo.services import save_transaction_point

FIGURES = {
    "requests_per_second",
    "errors",
    "entries_posted_per_second_at_sign_off",
    "entries_posted_per_second_of_window",
    "kinds",
    "proof",
    "targets",
    "checks_passed",
}


def _still_running(port: int) -> list[str]:
    """Processes whose command line names the bench's port (its server, its Locust)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if f"127.0.0.1:{port}" in command:
            found.append(command)
    return found


# The bench makes its SQLite scratch database whatever the suite's backend (DATABASE_URL is
# taken out below), so the suite's PostgreSQL run would repeat the SQLite run's test exactly.
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the bench smoke runs on SQLite whatever the backend: the SQLite run has proved it",
)
def test_bench_load_smoke(tmp_path, migrated_database):
    """The bench's scratch database starts as a copy of the suite's just migrated one
    (`scratch.TEMPLATE`): its migrate, which the suite has proved, finds nothing to do."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["POLICYCREDIT_MODE"] = "demo"
    command = [sys.executable, "-m", "policycredit", "bench", "load", "--users", "3"]
    command += ["--seconds", "10", "--think", "0.1", "--workers", "2", "--json"]
    with migrated_database("bench_load") as template:
        env[scratch.TEMPLATE] = template.removeprefix("sqlite:///")
        done = subprocess.run(
            command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240
        )
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert FIGURES <= set(result)
    assert result["errors"] == 0, result["summary"]
    saves = result["kinds"]["save entry sheet"]
    assert saves["requests"] > 0 and saves["errors"] == 0
    assert {"p50", "p95", "p99"} <= set(saves)
    proof = result["proof"]
    assert proof["posted_exactly_once"] and proof["problems"] == 0, proof["first_problems"]
    assert proof["entries_posted"] > 0, result["summary"]  # a day was signed off and posted
    assert proof["sign_off"]["days"] >= 1
    assert proof["deep_check"]["ok"], proof["deep_check"]
    assert result["checks_passed"]
    assert _still_running(result["port"]) == []
    print(f"\nbench load smoke: {result['phase_seconds']} s by phase")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2026, 12, 7),  # a Monday: the rule puts the session there already
        datetime.date(2026, 12, 6),  # a Sunday
        datetime.date(2026, 9, 2),  # National Day
    ],
)
def test_the_bench_points_hold_their_session_on_the_bench_day(day):
    """A teller opens a day only on its point's session: the bench's points hold theirs on the
    bench day even where the shifting rule would move it off a weekend or a holiday."""
    Rule.objects.create(
        key="calendar.shift", value="previous_working_day", valid_from=datetime.date(2025, 1, 1)
    )

    class Built:
        actor = User.objects.get(username="admin")

    ward_point = TransactionPoint.objects.order_by("pk").first()
    point = save_transaction_point(
        actor=Built.actor,
        instance=TransactionPoint(
            code="BENCH-01",
            name="Bàn đo",
            office=ward_point.office,
            ward=ward_point.ward,
            address=ward_point.address,
            day_of_month=day.day,
        ),
    )
    _hold_session_on(Built, point, day)
    assert is_transaction_day(point, day)
