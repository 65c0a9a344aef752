"""``policycredit bench directive40 --loans N``: the Directive 40 review over a synthetic
portfolio of N loans with ten years of month-end snapshots.

The loans are the close-of-day benchmark's (`closing.bench.build`, cloned in bulk by SQL).
Around them the geography is scaled as the real bank is (≈40 loans a group, 17 groups a
ward, 15 wards an office: 7 million loans give ≈175,000 groups, ≈10,000 wards, ≈690
offices), cloned in bulk, and 120 month ends of snapshots are written by one INSERT … SELECT
at the group grain the close of day writes (three programme × source rows per group and
month). The rollup is then built from them month by month, as `policycredit report --rollup`
does, and the review is timed as of the last month end, base year = the first full year.
"""

import datetime
import resource
import time

from django.db import connection, transaction

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.demo.bench.closing import _clone, _indexes_set_aside, _series
from policycredit.demo.bench.closing import build as build_loans
from policycredit.geo.models import AdminUnit, Office
from policycredit.loans.models import Snapshot
from policycredit.network.models import MassOrganisation, SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.reporting import directive40, rollup
from policycredit.reporting.models import OfficeMonth, WardMonth

GROUP_LOANS, WARD_GROUPS, OFFICE_WARDS = 40, 17, 15
FIRST_MONTH = datetime.date(2015, 6, 30)
AS_OF = datetime.date(2025, 5, 31)
BASE_YEAR = 2016  # the first full year of snapshots is 2016: 31/12/2015 is its base
MONTHS = 120


def month_ends() -> list[datetime.date]:
    out, day = [], FIRST_MONTH
    while len(out) < MONTHS:
        out.append(day)
        first = day + datetime.timedelta(days=1)
        day = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return out


def _execute(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _ranked(name: str, table: str, where: str) -> None:
    _execute(f"DROP TABLE IF EXISTS {name}")
    _execute(
        f"CREATE TEMPORARY TABLE {name} AS SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k "
        f"FROM {table} WHERE {where}"
    )


def geography(n: int) -> dict:

    groups = max(n // GROUP_LOANS, 8)
    wards = max(groups // WARD_GROUPS, 2)
    offices = max(wards // OFFICE_WARDS, 1)
    office, unit = Office._meta.db_table, AdminUnit._meta.db_table
    org, group = MassOrganisation._meta.db_table, SavingsGroup._meta.db_table
    template_office = Office.objects.order_by("id").first().pk
    template_ward = AdminUnit.objects.filter(level="ward").order_by("id").first().pk
    template_org = MassOrganisation.objects.filter(level="ward").order_by("id").first().pk
    template_group = SavingsGroup.objects.order_by("id").first().pk
    _clone(
        Office,
        "o",
        f"{office} o, {_series(offices)} WHERE o.id = {template_office}",
        {"code": "'BO' || CAST(s.n AS TEXT)"},
    )
    _clone(
        AdminUnit,
        "u",
        f"{unit} u, {_series(wards)} WHERE u.id = {template_ward}",
        {
            "code": "'BW' || CAST(s.n AS TEXT)",
            "name": "'Phường ' || CAST(s.n AS TEXT)",
            "valid_to": "NULL",
        },
    )
    _clone(
        MassOrganisation,
        "m",
        f"{org} m, {unit} u, (SELECT DISTINCT kind AS k FROM {org}) kk "
        f"WHERE m.id = {template_org} AND u.code LIKE 'BW%'",
        {"kind": "kk.k", "unit_id": "u.id", "parent_id": "NULL", "name": "'Hội ' || u.code"},
    )
    _clone(
        SavingsGroup,
        "g",
        f"{group} g, {_series(groups)} WHERE g.id = {template_group}",
        {"code": "'BG' || CAST(s.n AS TEXT)"},
    )
    _ranked("bench_offices", office, "code LIKE 'BO%'")
    _ranked("bench_wards", unit, "code LIKE 'BW%'")
    _ranked("bench_groups", group, "code LIKE 'BG%'")
    _execute("DROP TABLE IF EXISTS bench_orgs")
    _execute(
        f"CREATE TEMPORARY TABLE bench_orgs AS SELECT m.id, w.k * 4 + ROW_NUMBER() OVER "
        f"(PARTITION BY m.unit_id ORDER BY m.kind) - 1 AS k FROM {org} m "
        f"JOIN bench_wards w ON w.id = m.unit_id"
    )
    return {"groups": groups, "wards": wards, "offices": offices}


def snapshots(sizes: dict) -> int:

    programmes = list(Programme.objects.order_by("code").values_list("id", flat=True))
    sources = list(CapitalSource.objects.order_by("code").values_list("id", flat=True))
    _execute("DROP TABLE IF EXISTS bench_combos")
    _execute(
        "CREATE TEMPORARY TABLE bench_combos (j INTEGER, programme_id BIGINT, source_id BIGINT)"
    )
    _execute("DROP TABLE IF EXISTS bench_months")
    _execute("CREATE TEMPORARY TABLE bench_months (m INTEGER, month_end DATE)")
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bench_combos VALUES (%s, %s, %s)",
            [
                (j, programmes[(j + shift) % len(programmes)], sources[(j + i) % len(sources)])
                for j in range(len(programmes))
                for i, shift in enumerate((0, 3, 6))
            ],
        )
        cursor.executemany(
            "INSERT INTO bench_months VALUES (%s, %s)",
            [(m, day.isoformat()) for m, day in enumerate(month_ends())],
        )
    figures = {
        "month_end": "mo.month_end",
        "office_id": "o.id",
        "ward_id": "w.id",
        "programme_id": "c.programme_id",
        "source_id": "c.source_id",
        "organisation_id": "r.id",
        "group_id": "g.id",
        "loans": "10 + g.k % 20",
        "borrowers": "10 + g.k % 20",
        "outstanding": "(1 + g.k % 50) * 20000000 + mo.m * 1000000",
        "overdue": "CASE WHEN (g.k + mo.m) % 23 = 0 THEN 5000000 ELSE 0 END",
        "disbursed_in_month": "3000000 + (g.k % 7) * 1000000",
        "collected_in_month": "2000000 + (g.k % 5) * 1000000",
        "interest_in_month": "150000 + g.k % 1000",
    }
    columns = [f.column for f in Snapshot._meta.concrete_fields if not f.primary_key]
    values = [figures.get(c, "0") for c in columns]
    wards, offices = sizes["wards"], sizes["offices"]
    # One statement a month, as the close of day writes them: a month's rows lie together in
    # the table, as they do in a real one (one statement for all months interleaves them, and
    # every month's rollup then reads the whole table). Indexes are built after the load.
    with _indexes_set_aside([Snapshot]):
        for m in range(MONTHS):
            _execute(
                f"INSERT INTO {Snapshot._meta.db_table} ({', '.join(columns)}) "
                f"SELECT {', '.join(values)} FROM bench_groups g "
                f"JOIN bench_wards w ON w.k = (g.k / {WARD_GROUPS}) % {wards} "
                f"JOIN bench_offices o ON o.k = (w.k / {OFFICE_WARDS}) % {offices} "
                f"JOIN bench_orgs r ON r.k = w.k * 4 + g.k % 4 "
                f"JOIN bench_combos c ON c.j = g.k % {len(programmes)} "
                f"JOIN bench_months mo ON mo.m = {m}"
            )
    return Snapshot.objects.count()


def build(n: int) -> dict:

    started = time.perf_counter()
    built = build_loans(n)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _execute("SET LOCAL session_replication_role = replica")
        sizes = geography(n)
        snapshot_started = time.perf_counter()
        rows = snapshots(sizes)
        snapshot_seconds = time.perf_counter() - snapshot_started
    if connection.vendor == "postgresql":
        _execute("VACUUM ANALYZE")
    rollup_started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Rows summed from checked snapshot rows: skip the deferred foreign-key checks at
            # commit, as the load above does (a month end's own refresh keeps them).
            _execute("SET LOCAL session_replication_role = replica")
        rolled = rollup.refresh_pending()
    rollup_seconds = time.perf_counter() - rollup_started
    if connection.vendor == "postgresql":
        _execute("ANALYZE")
    return {
        **sizes,
        "loans": built["loans"],
        "snapshot_rows": rows,
        "months": len(rolled),
        "snapshot_seconds": round(snapshot_seconds, 1),
        "rollup_seconds": round(rollup_seconds, 1),
        "build_seconds": round(time.perf_counter() - started, 1),
    }


def run(n: int) -> dict:

    built = build(n)
    admin = User.objects.get(username="admin")
    # The demo director, moved to the first office of the synthetic bank for the office's view.
    first_office = connection.cursor()
    first_office.execute("SELECT id FROM bench_offices WHERE k = 0")
    User.objects.filter(username="giamdoc").update(office_id=first_office.fetchone()[0])
    director = User.objects.get(username="giamdoc")
    times, office_times = [], []
    for _ in range(3):
        started = time.perf_counter()
        report = directive40.build(admin, AS_OF, BASE_YEAR)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        directive40.build(director, AS_OF, BASE_YEAR)
        office_times.append(time.perf_counter() - started)
    assert report.read_from == "rollup", "the review did not read the rollup"
    return {
        "database": connection.vendor,
        **built,
        "ward_rows_a_month": WardMonth.objects.filter(month_end=AS_OF).count(),
        "office_rows_a_month": OfficeMonth.objects.filter(month_end=AS_OF).count(),
        "review_first_seconds": round(times[0], 3),
        "review_seconds": round(min(times), 3),
        "office_review_seconds": round(min(office_times), 3),
        "outstanding": report.table("summary").rows[0][2],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
