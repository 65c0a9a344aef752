"""Benchmark of the HSTD export (not a test): a synthetic portfolio of N loans, cloned in bulk
by the close of day's benchmark loader, each given its disbursement in the log, then the
register written as of a date, with the seconds, rows and peak memory.

    python -c "import json; from policycredit.demo.bench.scratch import run_json; print(run_json(
        'postgres://postgres@127.0.0.1:5432/policycredit',
        'import json; from policycredit.demo.bench.registers_export import run; '
        'print(json.dumps(run(1_000_000)))'))"
"""

import datetime
import os
import resource
import tempfile
import time

from django.db import connection, transaction

from policycredit.demo.bench import closing as bench
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.registers import export_selectors as reads
from policycredit.registers.exports import write_hstd

AS_OF = datetime.date(2025, 6, 30)


def build(n: int) -> dict:

    built = bench.build(n)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        recorded = "now()" if connection.vendor == "postgresql" else "CURRENT_TIMESTAMP"
        cursor.execute(
            f"INSERT INTO {LoanTransaction._meta.db_table} (loan_id, office_id, kind, value_date,"
            f" principal, interest, details, reason, recorded_at) SELECT l.id, l.office_id,"
            f" 'disbursement', l.first_disbursed_on, l.amount, 0, '{{}}', '', {recorded}"
            f" FROM {Loan._meta.db_table} l WHERE l.number LIKE 'L%%'"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built["log_seconds"] = round(time.perf_counter() - started, 1)
    return built


def run(n: int) -> dict:

    built = build(n)
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, "hstd.xlsx")
        started = time.perf_counter()
        totals = write_hstd(target, reads.loans_on(reads.offices_for_export(), AS_OF), AS_OF)
        seconds = time.perf_counter() - started
        size = os.path.getsize(target)
        started = time.perf_counter()
        as_csv = write_hstd(
            os.path.join(folder, "hstd.csv"),
            reads.loans_on(reads.offices_for_export(), AS_OF),
            AS_OF,
        )
        csv_seconds = time.perf_counter() - started
    return {
        "database": connection.vendor,
        **built,
        "rows": totals.rows,
        "export_seconds": round(seconds, 1),
        "rows_per_second": round(totals.rows / seconds) if seconds else None,
        "file_mb": round(size / 2**20, 1),
        "csv_rows": as_csv.rows,
        "csv_seconds": round(csv_seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
