"""Commands that could rewrite the record refuse where they must.

`policycredit demo --reset` outside the demo mode erased the database, audit log included, and
created `admin` with the public password `demo`; the developer commands (demo, bench) now
refuse unless POLICYCREDIT_MODE=demo, before they open the database. A command-line import
without `--user` was recorded as done by whichever accountant came first; it now needs an
active user whose role may import, and the audit names that user.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from policycredit.audit.models import Action, AuditEvent
from policycredit.loans.models import Loan
from policycredit.registers.tests.hstd_files import loan, write_xlsx


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _production(database) -> dict:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "DJANGO_", "POLICYCREDIT_"))
    }
    environ.update(
        POLICYCREDIT_MODE="production",
        DJANGO_SECRET_KEY="a-production-key-for-this-test-only-0123456789abcdefgh",
        DJANGO_ALLOWED_HOSTS="pgd.example.vn",
        DATABASE_URL=f"sqlite:///{database}",
    )
    return environ


@pytest.mark.parametrize(
    "command",
    [
        ["demo", "--reset"],
        ["demo", "--if-empty"],
        ["demo", "--logins"],
        ["bench", "engine", "--loans", "10"],
        ["bench", "import-hstd", "--loans", "10"],
    ],
)
def test_the_developer_commands_refuse_outside_the_demo_mode(tmp_path, command):
    database = tmp_path / "books.sqlite3"
    with sqlite3.connect(database) as books:  # stands for real books: one audit row
        books.execute("CREATE TABLE audit_auditevent (id INTEGER PRIMARY KEY, what TEXT)")
        books.execute("INSERT INTO audit_auditevent (what) VALUES ('a deposit')")
    books.close()
    before = _digest(database)
    done = subprocess.run(
        [sys.executable, "-m", "policycredit", *command],
        env=_production(database),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "POLICYCREDIT_MODE=demo" in done.stderr  # the way out, in any language
    assert "Traceback" not in done.stderr
    assert _digest(database) == before  # not even opened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books.sqlite3"]


# -- the import from the command line: who did it -----------------------------------------------


@pytest.fixture
def register(tmp_path):
    row = loan(
        contract="KU-C01",
        customer_code="KH-C01",
        id_number="001180067890",
        group_code="T-HBT-C1",
        group_name="Tổ TK&VV tổ dân phố 7",
        point_code="ĐGD-HBT-1",
        point_name="Điểm giao dịch phường Hai Bà Trưng",
    )
    return str(write_xlsx(tmp_path / "hstd.xlsx", [row]))


@pytest.mark.django_db
@pytest.mark.parametrize("who", [[], ["--user", "nobody"], ["--user", "giaodich"]])
def test_an_import_without_a_user_who_may_import_is_refused(register, who):
    with pytest.raises(CommandError):
        call_command("import", "hstd", register, *who)
    assert not Loan.objects.filter(number="KU-C01").exists()


@pytest.mark.django_db
def test_an_inactive_user_cannot_be_named(register, user):
    accountant = user("ketoan")
    accountant.is_active = False
    accountant.save(update_fields=["is_active"])
    with pytest.raises(CommandError):
        call_command("import", "hstd", register, "--user", "ketoan")
    assert not Loan.objects.filter(number="KU-C01").exists()


@pytest.mark.django_db
def test_the_audit_names_who_imported(register, user):
    call_command("import", "hstd", register, "--user", "giamdoc")
    assert Loan.objects.filter(number="KU-C01").exists()
    run = AuditEvent.objects.filter(action=Action.REGISTER_IMPORTED).latest("id")
    assert run.actor == user("giamdoc")


@pytest.mark.django_db
def test_a_dry_run_needs_no_user(register):
    call_command("import", "hstd", register, "--dry-run")
    assert not Loan.objects.filter(number="KU-C01").exists()
