"""Reports and dashboards read from a streaming replica; writes, and the reads of anyone who has
just written, stay on the primary (common/replica.py, docs/operations.md "A read replica").

The rules are tested on any database. On PostgreSQL the last two tests start a real replica of
the test's own cluster (`pg_basebackup`, then a hot standby on another loopback port) and run
the screens against it."""

import copy
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    connection,
    connections,
    router,
    transaction,
)
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from policycredit.accounts.models import User
from policycredit.borrowers.models import Household
from policycredit.borrowers.selectors import households_for
from policycredit.borrowers.services import save_household
from policycredit.common import replica
from policycredit.common.replica import REPLICA, ReplicaRouter, primary_reads, replica_reads
from policycredit.web.middleware import PinAfterWriteMiddleware

ROUTER = "policycredit.common.replica.ReplicaRouter"
PIN = "policycredit.web.middleware.PinAfterWriteMiddleware"


@pytest.fixture
def replica_up(monkeypatch):
    monkeypatch.setattr(replica, "_available", lambda: True)


def test_only_reads_in_the_scope_go_to_the_replica(replica_up):
    routes = ReplicaRouter()
    assert routes.db_for_read(Household) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert routes.db_for_read(Household) == REPLICA
        assert routes.db_for_write(Household) == DEFAULT_DB_ALIAS
        # Who is signed in, and as what, follows a change at once.
        assert routes.db_for_read(User) == DEFAULT_DB_ALIAS
        with primary_reads():
            assert routes.db_for_read(Household) == DEFAULT_DB_ALIAS
    assert routes.allow_migrate(REPLICA, "borrowers") is False
    assert routes.allow_migrate(DEFAULT_DB_ALIAS, "borrowers") is None


@pytest.mark.django_db
def test_a_transaction_reads_from_the_primary(replica_up):
    with replica_reads(), transaction.atomic():
        assert ReplicaRouter().db_for_read(Household) == DEFAULT_DB_ALIAS


def test_a_view_renders_its_template_in_the_scope():
    seen = []

    class Deferred(HttpResponse):
        is_rendered = False

        def render(self):
            seen.append(replica._scoped.get())
            self.is_rendered = True
            return self

    view = replica.reads_from_replica(lambda request: Deferred())
    assert view(None).is_rendered and seen == [True]


def test_an_unreachable_replica_sends_the_reads_to_the_primary(caplog, monkeypatch):
    monkeypatch.setattr(logging.getLogger("policycredit"), "propagate", True)
    tries = []

    def refused():
        tries.append(1)
        raise OperationalError("connection refused")

    with _replica_settings(copy.deepcopy(connection.settings_dict)):
        monkeypatch.setattr(connections[REPLICA], "ensure_connection", refused)
        with replica_reads():
            assert ReplicaRouter().db_for_read(Household) == DEFAULT_DB_ALIAS
            # Not asked again at once: a page would wait for the timeout every time.
            assert ReplicaRouter().db_for_read(Household) == DEFAULT_DB_ALIAS
        assert len(tries) == 1 and "replica unreachable" in caplog.text


def _pinned_while_serving(request, status=200):
    seen = []

    def serve(request):
        seen.append(replica._pinned.get())
        return HttpResponse(status=status)

    response = PinAfterWriteMiddleware(serve)(request)
    return seen[0], response.cookies.get(PinAfterWriteMiddleware.COOKIE)


def test_a_successful_write_pins_the_browser_to_the_primary(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    web = RequestFactory()
    assert _pinned_while_serving(web.get("/reports/")) == (False, None)
    assert _pinned_while_serving(web.post("/day/"), status=403)[1] is None
    pinned, cookie = _pinned_while_serving(web.post("/day/"))
    assert not pinned and cookie["max-age"] == 10 and cookie["httponly"]
    web.cookies[PinAfterWriteMiddleware.COOKIE] = cookie.value
    assert _pinned_while_serving(web.get("/reports/"))[0] is True


def test_the_pin_lapses(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    cookie = PinAfterWriteMiddleware.COOKIE
    signer = signing.get_cookie_signer(salt=cookie + PinAfterWriteMiddleware.SALT)
    signer.timestamp = lambda: signing.b62_encode(int(time.time()) - 11)
    web = RequestFactory()
    web.cookies[cookie] = signer.sign("1")
    assert _pinned_while_serving(web.get("/reports/"))[0] is False
    web.cookies[cookie] = "1:forged:signature"
    assert _pinned_while_serving(web.get("/reports/"))[0] is False


def _settings_with(**env) -> dict:
    """settings.py as a fresh process reads it with this environment."""
    code = (
        "import json, policycredit.settings as s; print(json.dumps({'databases': s.DATABASES, "
        "'routers': getattr(s, 'DATABASE_ROUTERS', []), 'middleware': s.MIDDLEWARE, "
        "'pin': getattr(s, 'DATABASE_REPLICA_PIN_SECONDS', None)}, default=str))"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    environ.update({"POLICYCREDIT_MODE": "demo", "DATABASE_URL": "sqlite:///unused.sqlite3", **env})
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_settings_add_a_replica_only_when_asked():
    alone = _settings_with()
    assert list(alone["databases"]) == [DEFAULT_DB_ALIAS]
    assert not alone["routers"] and PIN not in alone["middleware"] and alone["pin"] is None

    paired = _settings_with(
        DATABASE_URL="postgres://app@primary:5432/policycredit",
        DATABASE_REPLICA_URL="postgres://app@standby:5432/policycredit",
        DATABASE_REPLICA_PIN_SECONDS="5",
    )
    standby = paired["databases"][REPLICA]
    assert standby["HOST"] == "standby" and standby["NAME"] == "policycredit"
    # The test database is created on the primary only, and streamed to a real replica.
    assert standby["TEST"] == {"MIRROR": DEFAULT_DB_ALIAS}
    assert standby["OPTIONS"]["connect_timeout"] == 3
    assert paired["routers"] == [ROUTER] and PIN in paired["middleware"] and paired["pin"] == 5


# -- a real replica -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _ask(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _checkpoint(primary: dict) -> None:
    with psycopg.connect(
        host=primary["HOST"] or "127.0.0.1",
        port=primary["PORT"] or 5432,
        user=primary["USER"] or "postgres",
        password=primary.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute("CHECKPOINT")


class Standby:
    """A hot standby of the test's PostgreSQL cluster, streaming from it, in a temporary
    directory. PostgreSQL refuses to run as root: as root, it runs as the `postgres` user."""

    def __init__(self, primary: dict):
        self.primary = primary
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.bin = self._bindir()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="pc-replica-"))  # after anything that may fail
        self.data = self.root / "data"

    def _bindir(self) -> Path:
        major = _ask(DEFAULT_DB_ALIAS, "SHOW server_version_num")[:-4]
        places = [Path(f"/usr/lib/postgresql/{major}/bin")]
        if shutil.which("pg_ctl"):
            places.append(Path(shutil.which("pg_ctl")).parent)
        for place in places:
            if (place / "pg_basebackup").exists() and (place / "pg_ctl").exists():
                return place
        _unavailable(f"PostgreSQL {major}'s pg_basebackup and pg_ctl are not installed")

    def _run(self, program: str, *args, check=True):
        command = [*self.as_postgres, str(self.bin / program), *map(str, args)]
        env = {**os.environ, "PGPASSWORD": self.primary.get("PASSWORD") or ""}
        return subprocess.run(command, capture_output=True, text=True, env=env, check=check)

    def start(self):
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self.root.chmod(0o700)
        primary = [
            f"--host={self.primary['HOST'] or '127.0.0.1'}",
            f"--port={self.primary['PORT'] or 5432}",
            f"--username={self.primary['USER'] or 'postgres'}",
        ]
        copied = self._run(
            "pg_basebackup", *primary, "-D", self.data, "-R", "-X", "stream", "-c", "fast",
            check=False,
        )  # fmt: skip
        if copied.returncode:
            _unavailable(
                "pg_basebackup could not copy the test's PostgreSQL. Replication connections "
                "from 127.0.0.1 must be allowed (pg_hba.conf: `host replication postgres "
                f"127.0.0.1/32 trust`, then reload): {copied.stderr.strip()}"
            )
        # Debian keeps the server's configuration outside the data directory: the copy has none.
        for name, text in [
            ("postgresql.conf", ""),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
            ("pg_ident.conf", ""),
        ]:
            path = self.data / name
            if not path.exists():
                path.write_text(text)
                if self.as_postgres:
                    shutil.chown(path, "postgres", "postgres")
        self.options = " ".join(f"-c {name}={value}" for name, value in self._settings().items())
        self.resume()

    def _settings(self) -> dict:
        settings = {
            "port": self.port,
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": self.root,
            "hot_standby": "on",
            "logging_collector": "off",
            "archive_mode": "off",
            "ssl": "off",
            "fsync": "off",  # a throwaway copy
        }
        # A hot standby refuses to start with less of these than its primary has.
        for name in [
            "max_connections",
            "max_worker_processes",
            "max_wal_senders",
            "max_prepared_transactions",
            "max_locks_per_transaction",
        ]:
            settings[name] = _ask(DEFAULT_DB_ALIAS, f"SHOW {name}")
        return settings

    def resume(self, wait: float = 180):
        """Start the standby and wait until it takes connections. A hot standby opens only once
        the primary logs a snapshot of its running transactions that it can use: while the
        suite's other worker runs a test (one transaction, many savepoints) the snapshot is not
        usable, so the primary is asked for a new one (a checkpoint) until one is."""
        log = self.root / "log"
        started = self._run(
            "pg_ctl", "-D", self.data, "-l", log, "-W", "-o", self.options, "start", check=False,
        )  # fmt: skip
        deadline = time.monotonic() + wait
        while not started.returncode and time.monotonic() < deadline:
            ready = self._run("pg_isready", "-q", "-h", "127.0.0.1", "-p", self.port, check=False)
            if ready.returncode == 0:
                return
            _checkpoint(self.primary)
            time.sleep(1)
        pytest.fail(f"the standby did not start: {log.read_text()[-3000:]}")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def _replica_settings(settings_dict: dict):
    saved = connections.settings.get(REPLICA)
    connections.settings[REPLICA] = settings_dict
    replica.retry_now()
    try:
        yield
    finally:
        if hasattr(connections._connections, REPLICA):
            connections[REPLICA].close()
            del connections[REPLICA]
        if saved is None:
            del connections.settings[REPLICA]
        else:
            connections.settings[REPLICA] = saved
        replica.retry_now()


def _standby_settings(port: int) -> dict:
    """The primary's settings (and so its test database) on the standby's port."""
    settings_dict = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    settings_dict.update(HOST="127.0.0.1", PORT=str(port))
    settings_dict["TEST"]["MIRROR"] = DEFAULT_DB_ALIAS
    return settings_dict


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    """Started before the test's database fixture, which checks its aliases exist."""
    with django_db_blocker.unblock():
        server = Standby(connections[DEFAULT_DB_ALIAS].settings_dict)
    try:
        with django_db_blocker.unblock():
            server.start()
        middleware = [m for m in django_settings.MIDDLEWARE if m != PIN] + [PIN]
        with (
            override_settings(
                DATABASE_ROUTERS=[ROUTER], DATABASE_REPLICA_PIN_SECONDS=10, MIDDLEWARE=middleware
            ),
            _replica_settings(_standby_settings(server.port)),
        ):
            yield server
    finally:
        server.remove()


def _replayed() -> None:
    """Wait until the standby has replayed everything the primary has committed."""
    target = _ask(DEFAULT_DB_ALIAS, "SELECT pg_current_wal_lsn()")
    started = time.monotonic()
    while not _ask(REPLICA, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
        assert time.monotonic() - started < 15, "the standby did not catch up"
        time.sleep(0.01)


def _read(queries, *tables) -> bool:
    return any(f'"{table}"' in query["sql"] for query in queries for table in tables)


def _households_on_overview(client) -> int:
    reply = client.get("/")
    assert reply.status_code == 200
    return reply.context["figures"][0]["value"]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica of the test's PostgreSQL")
@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_reports_read_from_a_real_replica_and_writes_go_to_the_primary(
    standby, client, user, caplog, monkeypatch
):
    monkeypatch.setattr(logging.getLogger("policycredit"), "propagate", True)
    assert _ask(REPLICA, "SELECT pg_is_in_recovery()") is True
    assert _ask(DEFAULT_DB_ALIAS, "SELECT pg_is_in_recovery()") is False
    director, officer = user("giamdoc"), user("tindung")
    client.force_login(director)
    _replayed()

    # The review, on screen: the figures come from the replica; the session and the signed-in
    # user from the primary.
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as copy_,
    ):
        assert client.get("/reports/directive40/").status_code == 200
    assert len(copy_) > 10
    assert _read(copy_, "loans_loan") and _read(copy_, "geo_office")
    assert all(_read([q], "django_session", "accounts_user", "auth_permission") for q in primary)
    assert all("django_session" in q["sql"] or "accounts_user" in q["sql"] for q in primary)

    # The replica stops replaying: what the primary commits now is on the primary only. A
    # household written inside the read scope still goes to the primary.
    _ask(REPLICA, "SELECT pg_wal_replay_pause()")
    before = _households_on_overview(client)
    like = households_for(director).first()
    with replica_reads(), CaptureQueriesContext(connections[REPLICA]) as copy_:
        assert router.db_for_write(Household) == DEFAULT_DB_ALIAS
        save_household(
            actor=officer,
            instance=Household(code="REPLICA-1", office=like.office, ward=like.ward, address="x"),
        )
    assert not copy_.captured_queries
    assert Household.objects.filter(code="REPLICA-1").exists()
    with replica_reads():
        assert not Household.objects.filter(code="REPLICA-1").exists()
    assert _households_on_overview(client) == before

    # Whoever has just written reads from the primary (any successful POST pins the browser).
    assert client.post("/i18n/setlang/", {"language": "vi", "next": "/"}).status_code == 302
    with CaptureQueriesContext(connections[REPLICA]) as copy_:
        assert _households_on_overview(client) == before + 1
    assert not copy_.captured_queries

    _ask(REPLICA, "SELECT pg_wal_replay_resume()")
    _replayed()
    client.cookies.pop(PinAfterWriteMiddleware.COOKIE)
    assert _households_on_overview(client) == before + 1

    # The replica goes down: the reports still open, from the primary.
    connections[REPLICA].close()
    standby.stop()
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        assert client.get("/reports/directive40/").status_code == 200
    assert _read(primary, "loans_loan")
    assert "replica unreachable" in caplog.text

    # Back again: once the pause after a refusal is over, the reports read from it again.
    standby.resume()
    replica.retry_now()
    with CaptureQueriesContext(connections[REPLICA]) as copy_:
        assert client.get("/reports/directive40/").status_code == 200
    assert len(copy_) > 10


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica of the test's PostgreSQL")
def test_the_replica_itself_refuses_writes(standby):
    # Straight to the standby, past Django (and so past the router and the test's database).
    with psycopg.connect(
        host="127.0.0.1",
        port=standby.port,
        user=standby.primary["USER"],
        password=standby.primary["PASSWORD"] or None,
        dbname="postgres",
    ) as session:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            session.execute("CREATE TABLE nothing_here (id int)")
