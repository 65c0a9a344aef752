"""A backup of the demo district restored into an empty database is the same district: every
table's rows, the books to the đồng, and the deep check passes. A restore over a database that
holds anything is refused.

Run as the operator would, with the commands, in scratch databases (SQLite files, or scratch
PostgreSQL databases beside the suite's)."""

import json
import os
import subprocess
import sys

from django.db import connection

from policycredit.demo.bench.scratch import scratch_database

FINGERPRINT = (
    "import json; from django.apps import apps; from django.db.models import Sum, Count; "
    "from policycredit.ledger.models import JournalLine; "
    "rows = {m._meta.db_table: m._default_manager.count() for m in apps.get_models()}; "
    "books = list(JournalLine.objects.values('account__kind').annotate(n=Count('id'), "
    "total=Sum('amount')).order_by('account__kind')); "
    "print(json.dumps({'rows': rows, 'books': books}))"
)


def _run(env, *args, ok=True):
    done = subprocess.run(
        [sys.executable, "-m", "policycredit", *args], env=env, capture_output=True, text=True
    )
    if ok:
        assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    return done


def _fingerprint(env) -> dict:
    return json.loads(_run(env, "shell", "-c", FINGERPRINT).stdout.strip().splitlines()[-1])


def test_a_backup_restores_the_same_district_and_its_scans(tmp_path, migrated_database):
    """The scans of documents live beside the database (POLICYCREDIT_MEDIA_ROOT): the backup
    takes them in FILE.scans.tar and the restore puts them back, never over a folder that holds
    scans (nothing is restored then, the database neither). The live database starts as a copy
    of the suite's just migrated one (conftest.py); the restore's is empty, as it must be."""
    url = None if connection.vendor == "sqlite" else os.environ["DATABASE_URL"]
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    base["POLICYCREDIT_MODE"] = "demo"
    backup = tmp_path / "policycredit.dump"
    live_scans, new_scans = tmp_path / "scans", tmp_path / "restored"
    (live_scans / "risk" / "2026").mkdir(parents=True)
    scan = b"%PDF-1.4 bien ban xac nhan thiet hai"
    (live_scans / "risk" / "2026" / "7-confirmation.pdf").write_bytes(scan)
    with migrated_database("backup") as first, scratch_database(url, "restore") as second:
        live = {**base, "DATABASE_URL": first, "POLICYCREDIT_MEDIA_ROOT": str(live_scans)}
        _run(live, "demo", "--households", "60", "--groups-per-point", "1")
        _run(live, "backup", "--out", str(backup))
        assert backup.stat().st_size > 0
        assert (tmp_path / "policycredit.dump.scans.tar").stat().st_size > 0

        (new_scans / "old").mkdir(parents=True)
        (new_scans / "old" / "left.pdf").write_bytes(b"%PDF")
        empty = {**base, "DATABASE_URL": second, "POLICYCREDIT_MEDIA_ROOT": str(new_scans)}
        refused = _run(empty, "restore", str(backup), ok=False)
        assert refused.returncode != 0 and "scans folder" in refused.stderr
        (new_scans / "old" / "left.pdf").unlink()

        _run(empty, "restore", str(backup))  # the database was left empty by the refusal
        assert (new_scans / "risk" / "2026" / "7-confirmation.pdf").read_bytes() == scan
        assert _fingerprint(empty) == _fingerprint(live)
        _run(empty, "ledger", "check", "--deep")

        refused = _run(live, "restore", str(backup), ok=False)
        assert refused.returncode != 0
        assert "not empty" in refused.stderr
