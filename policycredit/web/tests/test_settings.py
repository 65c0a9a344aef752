"""Outside the demo, nothing insecure is assumed: no key, no debug, no hosts by default."""

import os
import subprocess
import sys

import pytest

# Settings read in fresh processes, and a migrate into a SQLite file whatever the suite's engine
# (the suite's `policycredit migrate` from nothing, as a command): the PostgreSQL run would
# repeat the SQLite run's tests exactly.
pytestmark = pytest.mark.same_on_every_engine


def _settings_in_a_fresh_process(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='policycredit.settings';"
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.LANGUAGE_CODE, settings.TIME_ZONE)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POLICYCREDIT"))}
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_a_fresh_process({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_has_debug_off_and_only_the_hosts_it_is_given():
    result = _settings_in_a_fresh_process(
        {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "tdcs.example.vn"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "['tdcs.example.vn']", "vi", "Asia/Ho_Chi_Minh"]


def test_production_creates_no_users_by_migrating(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POLICYCREDIT"))},
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "policycredit", "migrate", "-v0"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr
    users = subprocess.run(
        [
            sys.executable,
            "-m",
            "policycredit",
            "shell",
            "-c",
            "from policycredit.accounts.models import User; print(User.objects.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert users.stdout.strip().splitlines()[-1] == "0"
