"""The loan register's round trip (issue 8), as real processes on scratch databases.

Database A is the full demo district (loans since 2014). Its loan register (HSTD) is exported
as of its business date, with the Directive 40 review and the monthly reports. Database B is
the same district without loans (same configuration, people and groups): it imports A's file,
then exports the register again as of the same date and writes the same reports. The tests
compare what A and B say (test_round_trip.py).

Each step is the console command a user would type, run as a subprocess pointed at a scratch
database (`web.scratch.scratch_database`) on the suite's own backend: a temporary SQLite file,
or a PostgreSQL database created beside DATABASE_URL and dropped afterwards.
"""

import datetime
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import openpyxl

from policycredit.registers.columns import BY_KEY

# The Directive 40 review and the monthly reports (`policycredit report --list`).
REPORTS = ("directive40", "outstanding", "overdue", "turnover", "capital-use", "fees")

BUSINESS_DATE = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'policycredit.settings');"
    " django.setup(); from policycredit.common.selectors import business_date;"
    " print(business_date().isoformat())"
)


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


def server_url(url: str | None) -> str | None:
    """The URL to give `scratch_database`: it connects there to create the scratch database
    beside it. The suite's DATABASE_URL names a database that pytest-django never creates (it
    makes test_<name>), so when that one does not exist the server's maintenance database
    `postgres` is used. None or SQLite stays as it is."""
    if url is None or url.startswith("sqlite"):
        return url
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
        return url
    except psycopg.OperationalError:
        fallback = urlunparse(urlparse(url)._replace(path="/postgres"))
        psycopg.connect(fallback, connect_timeout=5).close()  # unreachable: the caller skips
        return fallback


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "POLICYCREDIT_MODE": "demo"}


def run(url: str, *args: str, check: bool = True, python: bool = False):
    """One command in the scratch database; a failure shows its output."""
    command = [sys.executable, *(args if python else ("-m", "policycredit", *args))]
    done = subprocess.run(command, env=_env(url), capture_output=True, text=True)
    if check and done.returncode:
        raise StepFailed(
            f"`{' '.join(args)[:120]}` exited {done.returncode}\n"
            f"--- stdout (end)\n{done.stdout[-3000:]}\n--- stderr (end)\n{done.stderr[-3000:]}"
        )
    return done


def _timed(seconds: dict, step: str, action):
    started = time.monotonic()
    try:
        return action()
    finally:
        seconds[step] = round(time.monotonic() - started, 1)


def _export_and_report(url, folder: Path, as_of: datetime.date, seconds: dict) -> Books:
    # The books are checked first: right after the demo (A) or the import (B).
    check = _timed(seconds, "ledger check", lambda: run(url, "ledger", "check", check=False))
    day = f"{as_of:%d/%m/%Y}"
    register = folder / "hstd.xlsx"
    export = ("export", "hstd", "--as-of", day, "--out", str(register))
    _timed(seconds, "export", lambda: run(url, *export))
    reports = {}
    started = time.monotonic()
    for name in REPORTS:
        out = folder / f"{name}.json"
        run(url, "report", name, "--as-of", day, "--format", "json", "--out", str(out))
        reports[name] = json.loads(out.read_text(encoding="utf-8"))
    seconds["reports"] = round(time.monotonic() - started, 1)
    return Books(as_of, register, reports, check, seconds)


# Moves one open, overdue loan's overdue-since date three days back, as a hand edit would.
TAMPER = (
    "import django, os, datetime; "
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'policycredit.settings'); django.setup(); "
    "from policycredit.loans.models import Loan; "
    "loan = Loan.objects.filter(overdue_since__isnull=False).order_by('number').first(); "
    "Loan.objects.filter(pk=loan.pk).update("
    "overdue_since=loan.overdue_since - datetime.timedelta(days=3)); print(loan.number)"
)


def close_45_days(url: str, books: Books, tamper: bool = False) -> Books:
    """Close 45 business days from the export date, prove every loan (`ledger check --deep`),
    and with ``tamper`` prove them again after moving one stored field by hand."""
    until = books.as_of + datetime.timedelta(days=44)
    _timed(
        books.seconds,
        "close 45 days",
        lambda: run(url, "close-day", "--until", f"{until:%d/%m/%Y}"),
    )
    deep = ("ledger", "check", "--deep", "--lang", "en")
    books.deep_after_close = _timed(
        books.seconds, "deep check", lambda: run(url, *deep, check=False)
    )
    if tamper:
        books.tampered = run(url, "-c", TAMPER, python=True).stdout.strip().splitlines()[-1]
        books.deep_tampered = run(url, *deep, check=False)
    return books


def original(url: str, folder: Path) -> Books:
    """Database A: the full demo district, exported as of its business date."""
    folder.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    _timed(seconds, "migrate", lambda: run(url, "migrate", "-v0"))
    _timed(seconds, "demo", lambda: run(url, "demo"))
    as_of = datetime.date.fromisoformat(
        run(url, "-c", BUSINESS_DATE, python=True).stdout.strip().splitlines()[-1]
    )
    return _export_and_report(url, folder, as_of, seconds)


def imported(url: str, folder: Path, register: Path, as_of: datetime.date) -> Books:
    """Database B: the district without loans, which imports A's register and is read again
    as of the same date."""
    folder.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    _timed(seconds, "migrate", lambda: run(url, "migrate", "-v0"))
    _timed(seconds, "demo --no-loans", lambda: run(url, "demo", "--no-loans"))
    day = f"{as_of:%d/%m/%Y}"
    importing = ("import", "hstd", str(register), "--as-of", day, "--user", "ketoan")
    _timed(seconds, "import", lambda: run(url, *importing))
    return _export_and_report(url, folder, as_of, seconds)


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
