"""A scratch database for a benchmark: a temporary SQLite file, or a database created next to
the PostgreSQL one given and dropped afterwards. The benchmark runs in a subprocess pointed at
it, so the command never touches the database the user works in."""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import urlparse, urlunparse

# A test seam: a migrated, empty SQLite file that a SQLite scratch database starts as, instead of
# nothing. The test suite names its own just migrated database here, so that a bench run as a
# smoke test does not spend most of its time on a migrate the suite has already proved; the
# bench's own migrate then finds nothing to do. Unset, a scratch database starts empty.
TEMPLATE = "POLICYCREDIT_SCRATCH_TEMPLATE"


@contextlib.contextmanager
def scratch_database(url: str | None, tag: str = "bench"):
    if url is None or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="policycredit-bench-") as folder:
            path = f"{folder}/bench.sqlite3"
            if os.environ.get(TEMPLATE):
                shutil.copyfile(os.environ[TEMPLATE], path)
            yield f"sqlite:///{path}"
        return
    import psycopg

    parsed = urlparse(url)
    name = f"{(parsed.path.lstrip('/') or 'policycredit')}_{tag}_{os.getpid()}"
    # Created from the server's maintenance database: the one named need not exist (the test
    # suite's own database is test_<name>).
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(parsed._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_json(url: str | None, code: str) -> dict:
    """Migrate a scratch database, run ``code`` (Python printing one JSON line) in it."""
    with scratch_database(url) as scratch:
        # The scratch database alone: an owner's URL in the environment names another database.
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_OWNER_URL"}
        env.update(DATABASE_URL=scratch, POLICYCREDIT_MODE="demo")
        cli = [sys.executable, "-m", "policycredit"]
        subprocess.run([*cli, "migrate", "-v0"], env=env, check=True)
        setup = (
            "import django, os; "
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'policycredit.settings'); "
            "django.setup(); "
        )
        done = subprocess.run(
            [sys.executable, "-c", setup + code],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])
