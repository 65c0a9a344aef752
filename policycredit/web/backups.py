"""Backups an operator can restore: the whole database in one file.

PostgreSQL: ``pg_dump`` in its custom format (compressed, restored by ``pg_restore``, which can
also list it); SQLite: the online backup API (a consistent copy while the office works). A
restore goes only into an empty database — one with no tables, as ``createdb`` leaves it, or
a new SQLite file — so it can never mix a backup into live books.

The scans of documents (risk dossiers' papers, under ``POLICYCREDIT_MEDIA_ROOT``) are not in
the database: they go beside it, in ``FILE.scans.tar``, so the database file keeps the shape
its own tools read. A restore puts them back, only into an empty scans folder.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"
SCANS_SUFFIX = ".scans.tar"


class BackupError(Exception):
    """Said to the operator as it is (a missing pg_dump, a non-empty database…)."""


def backup(out: str) -> int:
    """Write the database to ``out``; the file's size in bytes."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              f"--file={out}", _dbname()])  # fmt: skip
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    return os.path.getsize(out) + _pack_scans(out + SCANS_SUFFIX)


def restore(path: str) -> None:
    """Load the backup at ``path`` into this (empty) database."""
    with open(path, "rb") as handle:
        head = handle.read(16)
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables): restore into a new database"
        )
    scans = Path(path + SCANS_SUFFIX)
    if scans.exists():
        _require_no_scans()
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_HEADER):
            raise BackupError(f"{path} is not a SQLite backup")
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_HEADER):
            raise BackupError(f"{path} is not a pg_dump custom-format backup")
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              f"--dbname={_dbname()}", path])  # fmt: skip
    else:
        raise BackupError(f"no restore for {connection.vendor}")
    if scans.exists():
        with tarfile.open(scans) as archive:
            archive.extractall(_scans_root(), filter="data")


def _scans_root() -> Path:
    return Path(settings.POLICYCREDIT_MEDIA_ROOT)


def _pack_scans(out: str) -> int:
    """The scans folder as a tar beside the database's file (empty when there are none yet, so
    a restore knows the backup had none); its size in bytes."""
    root = _scans_root()
    with tarfile.open(out, "w") as archive:
        if root.is_dir():
            for item in sorted(root.iterdir()):
                archive.add(item, arcname=item.name)
    return os.path.getsize(out)


def _require_no_scans() -> None:
    root = _scans_root()
    if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
        raise BackupError(f"the scans folder {root} is not empty: restore into a new, empty folder")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _dbname() -> str:
    """The connection as a libpq URI (the password goes by the environment, not the command
    line, where other users of the machine could read it)."""
    s = connection.settings_dict
    user = f"{s['USER']}@" if s.get("USER") else ""
    host = s.get("HOST") or "localhost"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgresql://{user}{host}{port}/{s['NAME']}"


def _run(command: list[str]) -> None:
    env = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or f"{command[0]} failed")
