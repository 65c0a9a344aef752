"""An audit no one can quietly rewrite: on PostgreSQL the application connects as a role that owns
nothing, so it can neither switch off nor skip the triggers that keep the audit log, the books
and the money logs append-only, nor empty them; the tables belong to the owner, who migrates
and then grants the application what it needs (common/dbroles.py, docs/operations.md).

The PostgreSQL tests reuse the test database rather than migrating a fresh one: inside the test's
transaction, rolled back after it, two roles are created, the tables are handed to the owner role,
the owner grants the application role, and the session becomes the application role
(``SET LOCAL ROLE``: the server checks every privilege against it, exactly as for a log-in). One
test runs ``policycredit migrate`` for real, as the owner, with a log-in application role.
"""

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from policycredit.audit.models import Action, AuditEvent
from policycredit.audit.services import record
from policycredit.common import dbroles
from policycredit.ledger.checks import check_books
from policycredit.loans.models import LoanTransaction
from policycredit.registers import services as registers
from policycredit.registers.tests.hstd_files import loan, write_xlsx

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and privileges are PostgreSQL's"
)
INSUFFICIENT_PRIVILEGE = "42501"
RAISED_BY_TRIGGER = "P0001"
APPEND_ONLY = [
    "audit_auditevent",
    "boards_progress",
    "ledger_journalentry",
    "ledger_journalline",
    "loans_loantransaction",
    "savings_savingstransaction",
    "supervision_followupnote",
]


def _one_loan_register(path):
    """A one-loan register of the demo district as of 31/10/2026: 50,000,000 lent, 10,000,000
    repaid, 40,000,000 in term."""
    row = loan(
        contract="KU-R01",
        customer_code="KH-R01",
        id_number="001180054321",
        group_code="T-HBT-R1",
        group_name="Tổ TK&VV tổ dân phố 9",
        point_code="ĐGD-HBT-1",
        point_name="Điểm giao dịch phường Hai Bà Trưng",
        principal_repaid=10_000_000,
    )
    return write_xlsx(path, [row])


def _sqlstate(error: DatabaseError) -> str | None:
    return getattr(error.__cause__, "sqlstate", None)


def _refused(sql: str) -> str | None:
    """Run ``sql`` in a savepoint; the SQLSTATE of its refusal (None if it went through)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return _sqlstate(error)
    return None


# -- the loan transaction log refuses rewrites, on both databases ----------------------------


@pytest.mark.django_db
def test_a_loan_transaction_cannot_be_edited_or_deleted_in_the_database(tmp_path, user):
    registers.import_register(actor=user("ketoan"), path=_one_loan_register(tmp_path / "r.xlsx"))
    tx = LoanTransaction.objects.filter(loan__number="KU-R01").order_by("id").first()
    table = LoanTransaction._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic():
        LoanTransaction.objects.filter(pk=tx.pk).update(principal=1)  # the ORM's mixin bypassed
    assert LoanTransaction.objects.get(pk=tx.pk).principal == tx.principal
    if connection.vendor == "postgresql":
        # SQLite keeps DELETE open for Django's resets, which empty tables row by row.
        assert _refused(f"DELETE FROM {table} WHERE id = {tx.pk}") == RAISED_BY_TRIGGER
        assert LoanTransaction.objects.filter(pk=tx.pk).exists()


# -- the settings: who connects as whom --------------------------------------------------------


_READ_SETTINGS = """
import importlib, json, os, sys
from django.core.exceptions import ImproperlyConfigured
seen, settings = [], None
for argv, env in json.loads(sys.stdin.read()):
    for name in [k for k in os.environ if k.startswith("DATABASE_")]:
        del os.environ[name]
    os.environ.update(env)
    sys.argv = ["policycredit", *argv]
    try:
        if settings is None:
            import policycredit.settings as settings
        else:
            importlib.reload(settings)
    except ImproperlyConfigured:
        seen.append("refused")
        continue
    seen.append([settings.DATABASES["default"]["USER"], settings.DATABASE_APP_ROLE])
print(json.dumps(seen))
"""


def _settings_for(*cases) -> list:
    """Who the default connection is, and which application role a migrate grants, as
    settings.py reads them for ``policycredit ARGV`` with ENV: one fresh process for all."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    environ["POLICYCREDIT_MODE"] = "demo"
    done = subprocess.run(
        [sys.executable, "-c", _READ_SETTINGS],
        input=json.dumps(cases),
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return [x if x == "refused" else tuple(x) for x in json.loads(done.stdout)]


def test_only_the_schema_commands_connect_as_the_owner():
    app = {"DATABASE_URL": "postgres://policycredit_app@db:5432/policycredit"}
    both = {**app, "DATABASE_OWNER_URL": "postgres://policycredit_owner@db:5432/policycredit"}
    same = {**app, "DATABASE_OWNER_URL": "postgres://policycredit_app@db:5432/policycredit"}
    owner, as_app = ("policycredit_owner", "policycredit_app"), ("policycredit_app", None)
    assert _settings_for(
        (["migrate"], both),
        (["restore", "backup.dump"], both),
        (["serve"], both),
        (["close-day"], both),
        (["import", "hstd", "f.xlsx", "--user", "ketoan"], both),
        (["setup"], both),
        (["migrate"], app),  # without an owner: one role, as before
        (["migrate"], same),
    ) == [owner, owner, as_app, as_app, as_app, as_app, as_app, "refused"]


def test_the_append_only_tables_are_the_logs_of_money_and_the_audit():
    assert dbroles.append_only_tables() == APPEND_ONLY


# -- PostgreSQL: the application's role, proved refusal by refusal ----------------------------


@pytest.fixture
def as_app_role(db):
    """This transaction's session as an application role granted by an owner role."""
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"policycredit_test_owner_{suffix}", f"policycredit_test_app_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{owner}" NOLOGIN')
        cursor.execute(f'CREATE ROLE "{app}" NOLOGIN')
        cursor.execute("SELECT current_database()")
        cursor.execute(f'ALTER DATABASE "{cursor.fetchone()[0]}" OWNER TO "{owner}"')
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" OWNER TO "{owner}"')
        cursor.execute(f'SET LOCAL ROLE "{owner}"')
    dbroles.grant_app_role(app)
    dbroles.grant_app_role(app)  # again: nothing changes (run after every migrate)
    with connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{app}"')
    return app


@postgres_only
def test_the_application_role_can_neither_switch_off_nor_skip_the_guards(as_app_role):
    for sql in (
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_rewrite",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE loans_loantransaction DISABLE TRIGGER loans_tx_no_rewrite",
        "ALTER TABLE ledger_journalentry DISABLE TRIGGER ledger_entry_balanced",
        "DROP TRIGGER audit_event_no_rewrite ON audit_auditevent",
        "SET session_replication_role = replica",
        "SET LOCAL session_replication_role = replica",
    ):
        assert _refused(sql) == INSUFFICIENT_PRIVILEGE, sql


@postgres_only
def test_the_application_role_can_neither_empty_nor_rewrite_the_logs(as_app_role):
    for table in APPEND_ONLY:
        assert _refused(f"TRUNCATE {table}") == INSUFFICIENT_PRIVILEGE, table
        assert _refused(f"TRUNCATE {table} CASCADE") == INSUFFICIENT_PRIVILEGE, table
    for table in ("audit_auditevent", "loans_loantransaction", "ledger_journalline"):
        assert _refused(f"UPDATE {table} SET office_id = office_id") == INSUFFICIENT_PRIVILEGE
        assert _refused(f"DELETE FROM {table}") == INSUFFICIENT_PRIVILEGE, table
    # Nor the record of the schema's migrations, nor an ordinary table wholesale.
    assert _refused("DELETE FROM django_migrations") == INSUFFICIENT_PRIVILEGE
    assert _refused("TRUNCATE loans_loan CASCADE") == INSUFFICIENT_PRIVILEGE
    assert AuditEvent.objects.exists()  # the rows are all still there


@postgres_only
def test_the_application_role_does_its_ordinary_work(as_app_role, tmp_path, user):
    before = AuditEvent.objects.count()
    outcome = registers.import_register(
        actor=user("ketoan"), path=_one_loan_register(tmp_path / "r.xlsx")
    )
    assert outcome.created == 1
    assert LoanTransaction.objects.filter(loan__number="KU-R01").exists()
    loan_row = LoanTransaction.objects.filter(loan__number="KU-R01").first().loan
    record(actor=user("ketoan"), action=Action.SENSITIVE_VIEWED, instance=loan_row)
    assert AuditEvent.objects.count() > before + 1
    assert check_books().ok
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == as_app_role


# -- PostgreSQL: `policycredit migrate` as the owner grants a log-in role ---------------------


@postgres_only
def test_migrate_as_the_owner_grants_the_application_role(django_db_setup):
    params = connection.settings_dict
    server = {
        "host": params["HOST"] or "127.0.0.1",
        "port": params["PORT"] or 5432,
        "user": params["USER"] or "postgres",
        "password": params.get("PASSWORD") or None,
        "dbname": params["NAME"],
    }
    app = f"policycredit_test_app_{uuid.uuid4().hex[:8]}"
    url = "postgres://{user}@{host}:{port}/{dbname}"
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{app}" LOGIN')
        try:
            environ = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
            environ.update(
                POLICYCREDIT_MODE="demo",
                PGPASSWORD=server["password"] or "",
                DATABASE_URL=url.format(**{**server, "user": app}),
                DATABASE_OWNER_URL=url.format(**server),
            )
            done = subprocess.run(
                [sys.executable, "-m", "policycredit", "migrate", "--noinput", "-v0"],
                env=environ,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr
            privileges = _privileges(admin, app)
            with psycopg.connect(**{**server, "user": app}) as as_app:
                assert as_app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0]
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    as_app.execute("SET session_replication_role = replica")
        finally:
            admin.execute(f'DROP OWNED BY "{app}"')
            admin.execute(f'DROP ROLE "{app}"')
    for table in APPEND_ONLY:
        assert privileges[table] == {"SELECT", "INSERT"}, table
    assert privileges["loans_loan"] == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert privileges["django_migrations"] == {"SELECT"}
    assert not any("TRUNCATE" in held for held in privileges.values())


def _privileges(admin, role: str) -> dict[str, set[str]]:
    kinds = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
    rows = admin.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    ).fetchall()
    held = {}
    for (table,) in rows:
        held[table] = {
            kind
            for kind in kinds
            if admin.execute(
                "SELECT has_table_privilege(%s, %s, %s)", [role, table, kind]
            ).fetchone()[0]
        }
    return held
