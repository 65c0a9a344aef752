"""Rolling the month-end snapshot up for reports (why: see `reporting.models`).

Each month end is rolled up by three INSERT … SELECT statements, in month order because the
year-to-date flows carry from the month before. Re-running a month replaces it. The close of
day takes the snapshot; `policycredit report --rollup` rolls up every snapshot month not yet
rolled up (run it after each month-end close).
"""

import datetime
from decimal import Decimal

from django.db import connection, transaction

from policycredit.closing.steps import is_month_end
from policycredit.domain.quality import GRADES
from policycredit.geo.models import TransactionPoint
from policycredit.inspections.models import GroupInspection, Subject
from policycredit.inspections.selectors import scale_in_force
from policycredit.loans.models import Loan, Snapshot
from policycredit.network.models import MassOrganisation, SavingsGroup
from policycredit.reporting.models import GroupClassMonth, OfficeMonth, RollupMonth, WardMonth

FIGURES = (
    "loans", "borrowers", "outstanding", "overdue", "frozen",
    "disbursed", "collected", "interest", "jobs_new", "jobs_maintained",
    "disbursed_ytd", "collected_ytd", "interest_ytd", "jobs_new_ytd", "jobs_maintained_ytd",
)  # fmt: skip
KEYS = ("office_id", "ward_id", "programme_id", "source_id", "organisation_id")


def _previous_month_end(month_end: datetime.date) -> datetime.date:
    return month_end.replace(day=1) - datetime.timedelta(days=1)


def _d(day: datetime.date) -> str:
    return day.isoformat()


@transaction.atomic
def refresh(month_end: datetime.date, jobs_table: str | None = None) -> int:
    """Roll up one month end from its snapshot; returns the ward rows written. ``jobs_table``
    holds the jobs of many months at once (see `refresh_pending`); without it the month's
    loans are read."""
    for model in (WardMonth, OfficeMonth, GroupClassMonth):
        model.objects.filter(month_end=month_end).delete()
    parts, params = _ward_parts(month_end, jobs_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A national month end groups a few hundred thousand rows: with the default 4 MB
            # the sort spills to disk; this batch statement may take more, for its transaction.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        rows = _insert_wards(cursor, month_end, parts, params)
        _insert_offices(cursor, month_end)
        _insert_group_classes(cursor, month_end)
    RollupMonth.objects.update_or_create(month_end=month_end, defaults={"rows": rows})
    return rows


def _zeros(n: int) -> str:
    return ", ".join(["0"] * n)


def _ward_parts(month_end: datetime.date, jobs_table: str | None) -> tuple[list[str], list]:
    """The SELECTs the ward rows sum, in KEYS then FIGURES order, with their parameters: the
    snapshot's month, the jobs of the loans first disbursed in it and, within a year, the
    year-to-date flows of the month before."""
    first = month_end.replace(day=1)
    previous = _previous_month_end(month_end)
    ward, snap, loan = WardMonth._meta.db_table, Snapshot._meta.db_table, Loan._meta.db_table
    group, point = SavingsGroup._meta.db_table, TransactionPoint._meta.db_table
    keys = ", ".join(KEYS)
    parts = [
        f"SELECT {keys}, loans, borrowers, outstanding, overdue, frozen, disbursed_in_month, "
        f"collected_in_month, interest_in_month, 0, 0, disbursed_in_month, collected_in_month, "
        f"interest_in_month, 0, 0 FROM {snap} WHERE month_end = %s",
        # Jobs of the loans first disbursed in the month (verified, else as planned).
        f"SELECT l.office_id, p.ward_id, l.programme_id, l.source_id, g.organisation_id, "
        f"{_zeros(8)}, COALESCE(l.jobs_new_verified, l.jobs_new_planned), "
        f"COALESCE(l.jobs_maintained_verified, l.jobs_maintained_planned), {_zeros(3)}, "
        f"COALESCE(l.jobs_new_verified, l.jobs_new_planned), "
        f"COALESCE(l.jobs_maintained_verified, l.jobs_maintained_planned) "
        f"FROM {loan} l LEFT JOIN {group} g ON g.id = l.group_id "
        f"LEFT JOIN {point} p ON p.id = g.transaction_point_id "
        f"WHERE l.first_disbursed_on >= %s AND l.first_disbursed_on <= %s",
    ]
    params = [_d(month_end), _d(first), _d(month_end)]
    if jobs_table:
        parts[1] = (
            f"SELECT {keys}, {_zeros(8)}, jobs_new, jobs_maintained, {_zeros(3)}, jobs_new, "
            f"jobs_maintained FROM {jobs_table} WHERE month_start = %s"
        )
        params[1:] = [_d(first)]
    if previous.year == month_end.year:
        parts.append(
            f"SELECT {keys}, {_zeros(10)}, disbursed_ytd, collected_ytd, interest_ytd, "
            f"jobs_new_ytd, jobs_maintained_ytd FROM {ward} WHERE month_end = %s"
        )
        params.append(_d(previous))
    return parts, params


def _insert_wards(cursor, month_end: datetime.date, parts: list[str], params: list) -> int:
    ward, keys = WardMonth._meta.db_table, ", ".join(KEYS)
    sums = ", ".join(f"SUM(f{i})" for i in range(len(FIGURES)))
    columns = ", ".join(FIGURES)
    cursor.execute(
        f"INSERT INTO {ward} (month_end, {keys}, {columns}) SELECT %s, {keys}, {sums} FROM ("
        + " UNION ALL ".join(_aliased(p, KEYS, len(FIGURES)) for p in parts)
        + f") u GROUP BY {keys}",
        [_d(month_end), *params],
    )
    return cursor.rowcount


def _insert_offices(cursor, month_end: datetime.date) -> None:
    ward, office = WardMonth._meta.db_table, OfficeMonth._meta.db_table
    org = MassOrganisation._meta.db_table
    cursor.execute(
        f"INSERT INTO {office} (month_end, office_id, programme_id, source_id, "
        f"organisation_kind, {', '.join(FIGURES)}) "
        f"SELECT w.month_end, w.office_id, w.programme_id, w.source_id, COALESCE(o.kind, ''), "
        + ", ".join(f"SUM(w.{f})" for f in FIGURES)
        + f" FROM {ward} w LEFT JOIN {org} o ON o.id = w.organisation_id "
        f"WHERE w.month_end = %s "
        f"GROUP BY w.month_end, w.office_id, w.programme_id, w.source_id, COALESCE(o.kind, '')",
        [_d(month_end)],
    )


def _insert_group_classes(cursor, month_end: datetime.date) -> None:
    """Groups by quality class that month end, by the group scale in force on it (see
    `domain.quality`, which this CASE repeats band by band): each group's overdue share of its
    balance and, where a band judges it, the grade of its inspection that year. No scale in
    force, no classes: the review says so."""
    scale = scale_in_force(Subject.GROUP, month_end)
    if not scale:
        return
    classes, snap = GroupClassMonth._meta.db_table, Snapshot._meta.db_table
    inspections = GroupInspection._meta.db_table
    rank = "CASE i.grade " + " ".join(f"WHEN '{g}' THEN {n}" for n, g in enumerate(GRADES))
    rank += " END"
    whens = []
    for band in scale.bands[:-1]:
        tests = []
        if band.overdue_below is not None:
            # As whole numbers (x % = p / q): SQLite would compare a decimal as a float.
            p, q = Decimal(band.overdue_below).as_integer_ratio()
            tests.append(
                f"(SUM(s.overdue) <= 0 OR SUM(s.overdue) * {100 * q} < {p} * SUM(s.outstanding))"
            )
        if band.inspection_at_least:
            most = GRADES.index(band.inspection_at_least)
            tests.append(f"(MAX(i.grade) IS NULL OR MAX({rank}) <= {most})")
        whens.append(f"WHEN {' AND '.join(tests) or '1 = 1'} THEN '{band.grade}' ")
    # The standing inspection of the month end's year, held by it (one per group and year).
    joined = (
        f"LEFT JOIN {inspections} i ON i.group_id = s.group_id AND i.year = %s "
        f"AND i.inspected_on <= %s AND NOT EXISTS (SELECT 1 FROM {inspections} c "
        f"WHERE c.supersedes_id = i.id) "
        if any(b.inspection_at_least for b in scale.bands)
        else ""
    )
    params = [_d(month_end)]
    if joined:
        params += [month_end.year, _d(month_end)]
    cursor.execute(
        f"INSERT INTO {classes} (month_end, office_id, ward_id, organisation_id, quality, "
        f"groups) SELECT %s, office_id, ward_id, organisation_id, quality, COUNT(*) FROM ("
        f"SELECT s.office_id, s.ward_id, s.organisation_id, CASE {''.join(whens)}"
        f"ELSE '{scale.bands[-1].grade}' END AS quality FROM {snap} s {joined}"
        f"WHERE s.month_end = %s AND s.group_id IS NOT NULL AND s.outstanding > 0 "
        f"GROUP BY s.office_id, s.ward_id, s.organisation_id, s.group_id) c "
        f"GROUP BY office_id, ward_id, organisation_id, quality",
        [*params, _d(month_end)],
    )


def _aliased(select: str, keys, n: int) -> str:
    """Name every column of a SELECT of the union, so the outer query can sum them."""
    head, rest = select.split(" FROM ", 1) if " FROM " in select else (select, "")
    columns = _split_columns(head[len("SELECT ") :])
    named = [
        f"{c} AS {k}" for c, k in zip(columns, [*keys, *[f"f{i}" for i in range(n)]], strict=True)
    ]
    return f"SELECT {', '.join(named)} FROM {rest}"


def _split_columns(text: str) -> list[str]:
    out, depth, current = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            out.append(current.strip())
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    out.append(current.strip())
    return out


def pending() -> list[datetime.date]:
    """Snapshot month ends not yet rolled up, oldest first, plus every later one (a month's
    year-to-date flows depend on the month before)."""
    snapshots = snapshot_months()
    done = set(RollupMonth.objects.values_list("month_end", flat=True))
    first_missing = next((m for m in snapshots if m not in done), None)
    return [m for m in snapshots if first_missing and m >= first_missing]


def snapshot_months() -> list[datetime.date]:
    """The month ends that have a snapshot, oldest first. Ten years of a national snapshot are
    over 60 million rows: the months are found by one index probe each (a recursive "next
    month after this one"), never by reading the rows."""
    snap = Snapshot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE m(d) AS (SELECT MIN(month_end) FROM {snap} UNION ALL "
            f"SELECT (SELECT MIN(s.month_end) FROM {snap} s WHERE s.month_end > m.d) FROM m "
            f"WHERE m.d IS NOT NULL) SELECT d FROM m WHERE d IS NOT NULL"
        )
        found = [row[0] for row in cursor.fetchall()]
    return [d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d) for d in found]


def refresh_pending() -> list[datetime.date]:
    """Roll up every pending month. Several months read the loans' jobs once, grouped by
    month, instead of scanning the loans once a month."""
    months = pending()
    if len(months) < 2:
        for month_end in months:
            refresh(month_end)
        return months
    loan, group = Loan._meta.db_table, SavingsGroup._meta.db_table
    point = TransactionPoint._meta.db_table
    start = (
        "CAST(date_trunc('month', l.first_disbursed_on) AS date)"
        if connection.vendor == "postgresql"
        else "date(l.first_disbursed_on, 'start of month')"
    )
    jobs = "reporting_jobs_by_month"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {jobs}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {jobs} AS SELECT {start} AS month_start, l.office_id, "
            f"p.ward_id, l.programme_id, l.source_id, g.organisation_id, "
            f"SUM(COALESCE(l.jobs_new_verified, l.jobs_new_planned)) AS jobs_new, "
            f"SUM(COALESCE(l.jobs_maintained_verified, l.jobs_maintained_planned)) "
            f"AS jobs_maintained "
            f"FROM {loan} l LEFT JOIN {group} g ON g.id = l.group_id "
            f"LEFT JOIN {point} p ON p.id = g.transaction_point_id "
            f"WHERE l.first_disbursed_on >= %s AND l.first_disbursed_on <= %s "
            f"GROUP BY 1, 2, 3, 4, 5, 6",
            [_d(months[0].replace(day=1)), _d(months[-1])],
        )
        # Ten years of a national portfolio's lending are millions of rows here: each month
        # reads its own by the index, not the whole table.
        cursor.execute(f"CREATE INDEX {jobs}_month ON {jobs} (month_start)")
        cursor.execute(f"ANALYZE {jobs}")
        for month_end in months:
            refresh(month_end, jobs_table=jobs)
        cursor.execute(f"DROP TABLE {jobs}")
    return months


def month_rollup(day: datetime.date, actor) -> dict:
    """The close of day's step at a month's last day: the roll-up of the snapshot just taken
    (and of any month end before it not rolled up yet), so that reports for past dates read a
    few rows per ward instead of the snapshot's rows per group."""
    if not is_month_end(day):
        return {"skipped": "not a month end"}
    return {"months": [m.isoformat() for m in refresh_pending()]}
