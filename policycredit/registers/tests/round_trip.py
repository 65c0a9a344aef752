"""The loan register's round trip (issue 8), as real processes on scratch databases.

Database A is a small demo district (loans since 2014, `DISTRICT`). Its loan register (HSTD) is
exported as of its business date, with the Directive 40 review and the monthly reports. Database
B is the same district without loans (same configuration, people and groups): it imports A's file,
then exports the register again as of the same date and writes the same reports. The tests
compare what A and B say (test_round_trip.py).

Each step is the console command a user would type, pointed at a scratch database on the
suite's own backend: a temporary SQLite file, or a PostgreSQL database created beside the test
database and dropped afterwards. The steps of one side run in one process of their own
(`DRIVER`, by `call_command`), away from the test database: starting Django for each of two dozen
commands cost most of the round trip's time. Both databases start as copies of the suite's own
just migrated (conftest.py's `migrated_copies`), for the same reason: a migrate of their own would
prove nothing the suite's does not.
"""

import datetime
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from policycredit.registers.columns import BY_KEY

# The demo's generator at a size of its own, not the full demo's: every ward, programme and
# source still lends, some loans are overdue, frozen or written off, but a few hundred loans
# (not thousands) go round, so the round trip's cost does not follow the full demo's growth.
# A and B are built with the same size and seed, so they hold the same people and groups.
DISTRICT = ("--households", "108", "--groups-per-point", "1")

# The Directive 40 review and the monthly reports (`policycredit report --list`).
REPORTS = ("directive40", "outstanding", "overdue", "turnover", "capital-use", "fees")


class StepFailed(AssertionError):
    pass


@dataclass
class Books:
    """What one database says as of the export date."""

    as_of: datetime.date
    register: Path
    reports: dict[str, dict]
    ledger_check: subprocess.CompletedProcess
    seconds: dict[str, float] = field(default_factory=dict)
    # Issue 13's acceptance: `ledger check --deep` after 45 closed days, and again after one
    # stored field of one loan was moved by hand (A only).
    deep_after_close: subprocess.CompletedProcess | None = None
    deep_tampered: subprocess.CompletedProcess | None = None
    tampered: str = ""


def _env(url: str) -> dict[str, str]:
    # The scratch database alone: an owner's URL in the environment names another database.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_OWNER_URL"}
    return {**env, "DATABASE_URL": url, "POLICYCREDIT_MODE": "demo"}


# One side's steps in one process: each is `call_command` with the words a user would type after
# `policycredit`, its output and exit status kept as a subprocess would give them (a
# CommandError is its exit status and its message on stderr). "{day}" and "{until}" in a step
# are the export's date and 44 days after it, known once the demo has set the business date.
DRIVER = r"""
import contextlib, datetime, io, json, os, sys, time, traceback
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policycredit.settings")
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from policycredit.common.selectors import business_date

# Demo mode's DEBUG keeps a copy of every statement for as long as the process lives.
settings.DEBUG = False
steps, dates, done = json.loads(sys.argv[1]), {}, []

def fix_dates(as_of):
    as_of = datetime.date.fromisoformat(as_of) if as_of else business_date()
    dates.update(as_of=as_of.isoformat(), day=f"{as_of:%d/%m/%Y}")
    dates["until"] = f"{as_of + datetime.timedelta(days=44):%d/%m/%Y}"

for step in steps:
    stdout, stderr, code = io.StringIO(), io.StringIO(), 0
    started = time.monotonic()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            if step["kind"] == "dates":
                fix_dates(step["args"])
            elif step["kind"] == "python":
                exec(step["args"], {})
            else:
                words = [word.format(**dates) for word in step["args"]]
                call_command(*words, stdout=stdout, stderr=stderr)
    except CommandError as error:
        code = error.returncode
        stderr.write(f"CommandError: {error}\n")
    except SystemExit as error:
        code = error.code if isinstance(error.code, int) else 1
    except Exception:
        code = 1
        stderr.write(traceback.format_exc())
    done.append(dict(
        name=step["name"], returncode=code, stdout=stdout.getvalue(), stderr=stderr.getvalue(),
        seconds=round(time.monotonic() - started, 1), dates=dict(dates),
    ))
    if code and step["check"]:
        break
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(done, out)
"""


@dataclass
class Step:
    name: str  # what the round trip calls it (and times it by)
    args: object  # the command's words, Python for "python", an ISO date or None for "dates"
    kind: str = "command"
    check: bool = True  # a failure stops the side (else the test reads the exit status)


class Side:
    """One side's steps running in one process on its scratch database (`DRIVER`)."""

    def __init__(self, url: str, folder: Path, steps: list[Step]):
        folder.mkdir(parents=True, exist_ok=True)
        self.steps, self.results = steps, folder / "steps.json"
        self.started = time.monotonic()
        plan = json.dumps([s.__dict__ for s in steps])
        self.process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, plan, str(self.results)],
            env=_env(url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self, seconds: dict) -> dict:
        """Each step's CompletedProcess by name; a failed checked step shows its output."""
        _, stderr = self.process.communicate()
        seconds["process"] = round(time.monotonic() - self.started, 1)
        if self.process.returncode or not self.results.exists():
            raise StepFailed(f"the steps' process exited {self.process.returncode}:\n{stderr}")
        done = {}
        for step in json.loads(self.results.read_text(encoding="utf-8")):
            seconds[step["name"]] = step["seconds"]
            done[step["name"]] = subprocess.CompletedProcess(
                step["name"], step["returncode"], step["stdout"], step["stderr"]
            )
            done[step["name"]].dates = step["dates"]
        checked = {s.name for s in self.steps if s.check}
        for name, step in done.items():
            if step.returncode and name in checked:
                raise StepFailed(
                    f"`{name}` exited {step.returncode}\n--- stdout (end)\n"
                    f"{step.stdout[-3000:]}\n--- stderr (end)\n{step.stderr[-3000:]}"
                )
        missing = [s.name for s in self.steps if s.name not in done]
        if missing:
            raise StepFailed(f"steps not run: {missing}")
        return done


def _export_and_report(folder: Path) -> list[Step]:
    # The books are checked first: right after the demo (A) or the import (B).
    steps = [
        Step("ledger check", ("ledger", "check"), check=False),
        Step("export", ("export", "hstd", "--as-of", "{day}", "--out", str(folder / "hstd.xlsx"))),
    ]
    for name in REPORTS:
        out = str(folder / f"{name}.json")
        args = ("report", name, "--as-of", "{day}", "--format", "json", "--out", out)
        steps.append(Step(f"report {name}", args))
    return steps


# Moves one open, overdue loan's overdue-since date three days back, as a hand edit would.
TAMPER = (
    "import datetime; "
    "from policycredit.loans.models import Loan; "
    "loan = Loan.objects.filter(overdue_since__isnull=False).order_by('number').first(); "
    "Loan.objects.filter(pk=loan.pk).update("
    "overdue_since=loan.overdue_since - datetime.timedelta(days=3)); print(loan.number)"
)

DEEP = ("ledger", "check", "--deep", "--lang", "en")


def _close_45_days(tamper: bool) -> list[Step]:
    """Close 45 business days from the export date, prove every loan (`ledger check --deep`),
    and with ``tamper`` prove them again after moving one stored field by hand."""
    steps = [
        Step("close 45 days", ("close-day", "--until", "{until}")),
        Step("deep check", DEEP, check=False),
    ]
    if tamper:
        steps += [Step("tamper", TAMPER, kind="python"), Step("deep tampered", DEEP, check=False)]
    return steps


def _books(folder: Path, done: dict, seconds: dict) -> Books:
    as_of = datetime.date.fromisoformat(done["deep check"].dates["as_of"])
    reports = {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in REPORTS
    }
    seconds["reports"] = round(sum(seconds.pop(f"report {name}") for name in REPORTS), 1)
    books = Books(as_of, folder / "hstd.xlsx", reports, done["ledger check"], seconds)
    books.deep_after_close = done["deep check"]
    if "tamper" in done:
        books.tampered = done["tamper"].stdout.strip().splitlines()[-1]
        books.deep_tampered = done["deep tampered"]
    return books


def _original(folder: Path) -> list[Step]:
    """Database A: the demo district with its loans, exported as of its business date, then
    closed 45 days on, proved, tampered with and proved again."""
    return [
        Step("demo", ("demo", *DISTRICT)),
        Step("as of", None, kind="dates"),
        *_export_and_report(folder),
        *_close_45_days(tamper=True),
    ]


# The district without loans is the demo before the July 2025 reform (the demo moves the groups
# to the new wards' organisations with the fees, which come with the loans). The register
# names a group's organisation as it is on the export's date, and the import takes the groups
# the books already hold as they are: B must be reformed as A was to be the same district.
REFORM = (
    "from policycredit.accounts.models import User; "
    "from policycredit.demo import reform; "
    "from policycredit.demo.context import Context; "
    "reform.build(Context(rng=None, actor=User.objects.get(username='admin')))"
)


def _imported(folder: Path, register: Path, as_of: datetime.date) -> list[Step]:
    """Database B: the district without loans, as it is on the date; it imports A's register
    and is read again as of the same date, then closed 45 days on and proved."""
    importing = ("import", "hstd", str(register), "--as-of", "{day}", "--user", "ketoan")
    return [
        Step("demo --no-loans", ("demo", "--no-loans", *DISTRICT)),
        Step("reform", REFORM, kind="python"),
        Step("as of", as_of.isoformat(), kind="dates"),
        Step("import", importing),
        *_export_and_report(folder),
        *_close_45_days(tamper=False),
    ]


def round_trip(url_a: str, url_b: str, folder: Path) -> tuple[Books, Books]:
    """A's books, then B's (two scratch databases, migrated and empty)."""
    seconds_a: dict[str, float] = {}
    seconds_b: dict[str, float] = {}
    steps_a = _original(folder / "a")
    a = _books(folder / "a", Side(url_a, folder / "a", steps_a).finish(seconds_a), seconds_a)
    steps_b = _imported(folder / "b", a.register, a.as_of)
    return a, _books(folder / "b", Side(url_b, folder / "b", steps_b).finish(seconds_b), seconds_b)


# -- reading what was written -------------------------------------------------------------------


def read_register(path: Path) -> dict[str, dict[str, object]]:
    """Contract number -> {column key: cell}, the columns found by their header name (the name
    PolicyCredit writes, `columns.HSTD`); the header is the row that names the contract column."""
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    contract = BY_KEY["contract"].title
    for header in rows:
        if header and contract in header:
            break
    else:
        raise AssertionError(f"{path.name}: no header row with {contract!r}")
    where = {
        key: header.index(column.title) for key, column in BY_KEY.items() if column.title in header
    }
    out: dict[str, dict[str, object]] = {}
    for row in rows:
        if not row or row[where["contract"]] in (None, ""):
            continue
        number = row[where["contract"]]
        assert number not in out, f"{path.name}: contract {number} twice"
        out[number] = {key: row[index] for key, index in where.items()}
    return out


def table(report: dict, key: str) -> dict:
    found = [t for t in report["tables"] if t["key"] == key]
    assert len(found) == 1, f"{report['name']}: {len(found)} tables {key!r}"
    return found[0]


def figure(report: dict, key: str):
    found = [f["value"] for f in report["figures"] if f["key"] == key]
    assert len(found) == 1, f"{report['name']}: {len(found)} figures {key!r}"
    return found[0]


def columns(rows: list[list], keep: tuple[int, ...]) -> list[list]:
    return [[row[i] for i in keep] for row in rows]


def differences(a: dict, b: dict, limit: int = 12) -> str:
    """The first differing keys of two mappings, one a line: `key: A … ≠ B …`."""
    keys = [k for k in sorted(set(a) | set(b), key=str) if a.get(k) != b.get(k)]
    lines = [f"  {k}: A {a.get(k)!r} ≠ B {b.get(k)!r}" for k in keys[:limit]]
    if len(keys) > limit:
        lines.append(f"  … and {len(keys) - limit} more")
    return f"{len(keys)} differences\n" + "\n".join(lines)


def assert_same(a: dict, b: dict, what: str) -> None:
    """A's and B's figures by key are equal; else the message lists the first differences
    (and nothing else: the mappings run to hundreds of loans)."""
    if a != b:
        raise AssertionError(f"{what}: {differences(a, b)}")
