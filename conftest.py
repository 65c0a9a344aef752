"""Fixtures shared by the whole suite.

A small demo district (the real generator, 360 households, 2 groups per point) is loaded once
per test database; each test runs in a transaction rolled back after it.
"""

import os

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
    "policycredit/registers/tests/test_round_trip.py",
    "tests/test_backup.py",
    "policycredit/closing/tests/test_close_properties.py",
    "tests/test_replica.py",
    "tests/test_day_one.py",
)


# What no database engine can change, asked by the first run only: `make test` runs the suite
# again on PostgreSQL for what the engine does. The domain is pure Python (no Django), and the
# layers are the import graph of the source. The access matrix is the role table (Python) asked
# of every URL, and the hostile admin forms are the forms' own validation; the scoping queries
# the matrix goes through are the selectors', which their apps' scope tests run on both engines.
SAME_ON_EVERY_ENGINE = (
    "policycredit/domain/",
    "tests/test_layers.py",
    "tests/test_matrix.py",
    "tests/test_hostile_forms.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """After pytest-django's order (which is kept within a file and among the other files)."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        same = [item for item in items if item.nodeid.startswith(SAME_ON_EVERY_ENGINE)]
        if same:
            config.hook.pytest_deselected(items=same)
            items[:] = [item for item in items if not item.nodeid.startswith(SAME_ON_EVERY_ENGINE)]
    rank = {path: n for n, path in enumerate(SLOWEST_FIRST)}
    late = len(rank)
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], late))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_small_world()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test that commits (browser journeys, concurrency) ends with its database emptied; once
    all its fixtures are torn down, the small world is built again, so the tests that run after
    it on the same worker (the suite runs on both cores, pytest-xdist) find it."""
    yield
    if nextitem is None:
        return  # the last test: the session's teardown has dropped the test database already
    marker = item.get_closest_marker("django_db")
    committed = {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    if not committed and not (marker is not None and marker.kwargs.get("transaction")):
        return
    from pytest_django.plugin import blocking_manager_key

    from policycredit.accounts.models import User

    with item.config.stash[blocking_manager_key].unblock():
        if not User.objects.exists():
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
def live_world(transactional_db, live_server):
    """The small world, for tests served to a real browser (their flush empties the DB)."""
    from policycredit.borrowers.models import Household

    if not Household.objects.exists():
        build_small_world()
    return live_server


@pytest.fixture
def page(live_world, page):
    """The browser page, opened after the live world so it closes before the world is flushed:
    a request still in flight at the end of a test must not meet the flush (SQLite locks)."""
    yield page
    page.close()
