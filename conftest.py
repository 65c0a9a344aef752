"""Fixtures shared by the whole suite.

A small demo district (the real generator, 360 households, 2 groups per point) is loaded once
per test database; each test runs in a transaction rolled back after it. A test that commits
finds the world put back afterwards from a copy taken right after the build
(tests/world_snapshot.py).
"""

import contextlib
import dataclasses
import functools
import os
import shutil
from urllib.parse import quote

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SMALL = {"households": 360, "groups_per_point": 2, "with_loans": False}


def build_small_world():
    from policycredit.demo import district

    return district.build(progress=lambda message: None, **SMALL)


# The files that take a minute or near it, longest first (`make test` prints each run's slowest).
# `make test` hands whole files to its two workers in collection order (--dist loadfile
# --no-loadscope-reorder): started first, the long ones run beside the many short ones, instead
# of one of them starting last and leaving the other core idle for its length.
SLOWEST_FIRST = (
    "tests/test_matrix.py",
    "policycredit/web/tests/test_walk.py",
    "tests/test_bench_load.py",
    "tests/test_api_schema.py",
    "policycredit/registers/tests/test_round_trip.py",
    "tests/test_backup.py",
    "policycredit/closing/tests/test_close_properties.py",
    "tests/test_replica.py",
    "tests/test_day_one.py",
)


# What no database engine can change, asked by the first run only: `make test` runs the suite
# again on PostgreSQL for what the engine does. Single tests say so with the mark
# `same_on_every_engine`, and why in their docstring or a comment. The domain is pure Python
# (no Django), and the layers are the import graph of the source. The access matrix is the role
# table (Python) asked of every URL, and the hostile admin forms are the forms' own validation;
# the scoping queries the matrix goes through are the selectors', which their apps' scope tests
# run on both engines.
SAME_ON_EVERY_ENGINE = (
    "policycredit/domain/",
    "tests/test_layers.py",
    "tests/test_matrix.py",
    "tests/test_hostile_forms.py",
)


def _same_on_every_engine(item) -> bool:
    return item.nodeid.startswith(SAME_ON_EVERY_ENGINE) or bool(
        item.get_closest_marker("same_on_every_engine")
    )


_CONFIGURED = {}  # the database the settings name, before pytest-django puts its own there


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "same_on_every_engine: what no database engine changes (a document's layout, a process "
        "on its own SQLite file); the PostgreSQL run leaves it to the SQLite run",
    )
    from django.conf import settings

    _CONFIGURED["NAME"] = settings.DATABASES["default"]["NAME"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """After pytest-django's order (which is kept within a file and among the other files)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        same = [item for item in items if _same_on_every_engine(item)]
        if same:
            config.hook.pytest_deselected(items=same)
            items[:] = [item for item in items if not _same_on_every_engine(item)]
    rank = {path: n for n, path in enumerate(SLOWEST_FIRST)}
    late = len(rank)
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], late))


_WORLD = pytest.StashKey()  # the small world as built, put back after a test that commits


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory, request):
    from django.db import connection

    from tests import world_snapshot

    with django_db_blocker.unblock():
        template = _keep_migrated(tmp_path_factory.mktemp("migrated"))
        if connection.settings_dict["NAME"] != _CONFIGURED["NAME"]:
            build_small_world()
            request.config.stash[_WORLD] = world_snapshot.take()
    yield template
    if template.vendor == "postgresql":
        with django_db_blocker.unblock(), _maintenance() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{template.name}" WITH (FORCE)')


# -- a migrated, empty database of its own --------------------------------------------------
# The operator's commands (backup and restore, day one, the close's processes, the register's
# round trip) run in processes of their own on a database of their own. Each test used to run
# every migration again for it (15-30 s each); the suite's test database has just been migrated
# by pytest-django (the same migrations, in the same demo mode), so it is kept as it stands
# before the small world goes in, and each such test starts from a copy: a file on SQLite,
# CREATE DATABASE ... TEMPLATE on PostgreSQL. `policycredit migrate` from nothing, as a
# command, is still run by web/tests/test_settings.py (production settings) and, as the
# schema's owner, by tests/test_database_roles.py.


@dataclasses.dataclass(frozen=True)
class Migrated:
    vendor: str
    name: str  # the SQLite file, or the PostgreSQL template database


def _maintenance():
    """An autocommit connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg
    from django.db import connection

    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _keep_migrated(folder) -> Migrated:
    from django.db import connection

    test_name = connection.settings_dict["NAME"]
    if test_name == _CONFIGURED["NAME"]:
        # No collected test asked for the database (a `db` fixture or a django_db mark), so
        # pytest-django made none: never copy the developer's own database.
        return Migrated("none", "")
    from policycredit.accounts.models import User

    if User.objects.exists():
        # A database kept from an earlier run (--reuse-db) holds its world: no empty copy.
        return Migrated("none", "")
    if connection.vendor == "sqlite":
        path = folder / "migrated.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return Migrated("sqlite", str(path))
    template = f"{test_name}_migrated"
    connection.close()  # a template database is copied only while nobody is connected to it
    with _maintenance() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{test_name}"')
    return Migrated("postgresql", template)


@pytest.fixture
def migrated_database(migrated_copies, db, tmp_path):
    """``with migrated_database("tag") as url:`` a database of the suite's engine, migrated and
    empty, for commands run in processes of their own; dropped afterwards."""
    return functools.partial(migrated_copies, tmp_path)


@pytest.fixture(scope="session")
def migrated_copies(django_db_setup):
    """``with migrated_copies(folder, "tag") as url:`` the same, for a module's fixture (its
    tests need the suite's database: a django_db mark)."""
    return functools.partial(copy_of_migrated, django_db_setup)


@contextlib.contextmanager
def copy_of_migrated(template: Migrated, folder, tag: str = "scratch"):
    if template.vendor == "none":
        pytest.fail(
            "no migrated, empty database to copy: the test needs the suite's database (a "
            "django_db mark), made afresh (not --reuse-db)"
        )
    if template.vendor == "sqlite":
        path = folder / f"{tag}.sqlite3"
        shutil.copyfile(template.name, path)
        yield f"sqlite:///{path}"
        return
    from django.db import connection

    name = f"{template.name}_{tag}"
    with _maintenance() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.name}"')
    params = connection.settings_dict
    password = f":{quote(params['PASSWORD'], safe='')}" if params["PASSWORD"] else ""
    user = f"{quote(params['USER'] or 'postgres', safe='')}{password}@"
    try:
        yield f"postgres://{user}{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    finally:
        with _maintenance() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test that commits (browser journeys, concurrency) ends with its database emptied; once
    all its fixtures are torn down, the small world is put back as it was built, so the tests
    that run after it on the same worker (the suite runs on both cores, pytest-xdist) find it."""
    yield
    if nextitem is None:
        return  # the last test: the session's teardown has dropped the test database already
    marker = item.get_closest_marker("django_db")
    committed = {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    if not committed and not (marker is not None and marker.kwargs.get("transaction")):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        _world_back(item.config, always=True)


def _world_back(config, *, always: bool) -> None:
    """The small world again: the copy put back (every time if `always`: a test that commits
    may have changed the world without emptying it, or its flush may have failed), or, where no
    copy could be taken, built again if the database is empty."""
    from policycredit.accounts.models import User

    world = config.stash.get(_WORLD, None)
    if world is not None and (always or not User.objects.exists()):
        world.restore()
    elif world is None and not User.objects.exists():
        build_small_world()


@pytest.fixture
def user(db):
    from policycredit.accounts.models import User

    return lambda username: User.objects.get(username=username)


@pytest.fixture
def client_as(client, user):
    def login(username):
        client.force_login(user(username))
        return client

    return login


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser; flags for a closed network."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def live_world(transactional_db, live_server, request):
    """The small world, for tests served to a real browser (their flush empties the DB)."""
    _world_back(request.config, always=False)
    return live_server


@pytest.fixture
def page(live_world, page):
    """The browser page, opened after the live world so it closes before the world is flushed:
    a request still in flight at the end of a test must not meet the flush (SQLite locks)."""
    yield page
    page.close()
