"""``policycredit bench close-day --loans N``: the close of an ordinary day and of a month end
over a synthetic portfolio, against the floor of one plain aggregate scan of the same loans.

The portfolio is made in bulk by SQL (``INSERT … SELECT`` over a generated series), not by the
ORM one row at a time: one real loan is taken through the services as a template, then cloned
N times with varied rates and due dates (two instalments each, falling due on every day of the
year; runs of 20 consecutive loans, a group's, share theirs), so an ordinary day has about N/365
instalments falling due. The scratch database runs in
a subprocess (see ``web.scratch``); the one-off opening accrual is marked done, as in a system
that has been closing days for years.
"""

import contextlib
import datetime
import os
import resource
import time
import uuid

from django.db import connection, models, transaction
from django.test import override_settings

from policycredit.accounts.models import User
from policycredit.capital.models import CapitalSource
from policycredit.closing import buckets, services
from policycredit.closing.models import StepRun
from policycredit.common.models import BusinessDate
from policycredit.common.selectors import replaying
from policycredit.demo import district
from policycredit.domain import posting as p
from policycredit.domain.schedule import default_schedule
from policycredit.ledger.models import JournalEntry, JournalLine
from policycredit.ledger.services import accounts_for
from policycredit.loans import services as loans
from policycredit.loans.models import Application, Instalment, Loan, LoanTransaction
from policycredit.loans.proof import deep_check
from policycredit.network.models import Membership
from policycredit.programmes.models import Programme

START = datetime.date(2025, 1, 10)
ORDINARY = datetime.date(2025, 6, 17)
MONTH_END = datetime.date(2025, 6, 30)
GROUP = int(os.environ.get("POLICYCREDIT_BENCH_GROUP", "20"))


def _series(n: int) -> str:
    if connection.vendor == "postgresql":
        return f"(SELECT generate_series(1, {n}) AS n) s"
    return (
        f"(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < {n}) "
        "SELECT n FROM r) s"
    )


def _plus_days(column_expression: str, days_expression: str) -> str:
    if connection.vendor == "postgresql":
        return f"({column_expression} + ({days_expression})::int)"
    return f"date({column_expression}, '+' || ({days_expression}) || ' days')"


def _clone(model, source_alias: str, source_sql: str, overrides: dict[str, str]) -> None:
    """INSERT INTO model's table every concrete column, taken from ``source_alias`` unless
    ``overrides`` gives an SQL expression."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    values = ", ".join(overrides.get(f.column, f'{source_alias}."{f.column}"') for f in fields)
    with connection.cursor() as cursor:
        table = model._meta.db_table
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {values} FROM {source_sql}")


@contextlib.contextmanager
def _indexes_set_aside(models):
    """On PostgreSQL, the tables' secondary indexes are dropped for the load and built again
    after it: one sort per index instead of millions of random insertions into it (what
    pg_restore does too). Constraints (primary and unique keys) stay."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)


def build(n: int) -> dict:

    started = time.perf_counter()
    template = _template_loan()
    if connection.vendor == "postgresql":
        # The template's own updates left HOT chains; an index built over a table holding them
        # is usable only by transactions younger than it (pg_index.indcheckxmin), so any long
        # transaction elsewhere on the server would keep the rebuilt indexes from the close.
        with connection.cursor() as cursor:
            for model in (Application, Loan, Instalment):
                cursor.execute(f"VACUUM {model._meta.db_table}")
    with transaction.atomic(), _indexes_set_aside([Application, Loan, Instalment]):
        if connection.vendor == "postgresql":
            # A bulk load of rows cloned from valid ones: skip the per-row foreign-key triggers
            # (as pg_restore does), which would otherwise dominate the load.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        _clone_portfolio(n, template)
        buckets.rebuild()
        BusinessDate.objects.update_or_create(
            pk=1, defaults={"today": ORDINARY, "first_closed": START}
        )
        StepRun.objects.create(date=START, step="opening", details={"bench": True})
    if connection.vendor == "postgresql":
        # A real portfolio's rows are old: vacuumed (hint bits set, pages all-visible) and on
        # disk. Fresh clones are neither, and the first statement to read them would pay for
        # that (dirtying every page it reads) inside the timed close; so the load ends the way
        # a night's maintenance leaves a database.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
    return {"build_seconds": round(time.perf_counter() - started, 1), "loans": Loan.objects.count()}


def _template_loan() -> Loan:
    """One real loan, taken through the services in a small district, for the clones to copy."""
    district.build(progress=lambda m: None, households=60, groups_per_point=1, with_loans=False)
    member = Membership.objects.filter(left__isnull=True).select_related("household__head").first()
    users = {u: User.objects.get(username=u) for u in ("tindung", "giamdoc", "giaodich")}
    request = loans.LoanRequest(
        household=member.household,
        borrower=member.household.head,
        programme=Programme.objects.get(code="GQVL"),
        group=member.group,
        amount=20_000_000,
        term_months=24,
        purpose="Mẫu",
        applied_on=START - datetime.timedelta(days=9),
        approved_on=START - datetime.timedelta(days=2),
        disbursed_on=START,
        source=CapitalSource.objects.get(code="NS-HBT"),
        instalments=tuple(default_schedule(20_000_000, START, 24)),
        jobs_new_planned=1,
    )
    with replaying(START):
        return loans.originate_many(
            actor=users["tindung"],
            approver=users["giamdoc"],
            disburser=users["giaodich"],
            requests=[request],
        )[0]


def _clone_portfolio(n: int, template: Loan) -> None:
    """N applications and loans cloned from the template, with two instalments each."""
    _clone(
        Application,
        "a",
        f"{Application._meta.db_table} a, {_series(n)}",
        {"number": "'B' || CAST(s.n AS TEXT)"},
    )
    rate = "CASE (b.id % 4) WHEN 0 THEN 0.55 WHEN 1 THEN 0.66 WHEN 2 THEN 0.6875 ELSE 0.9 END"
    _clone(
        Loan,
        "l",
        f"{Loan._meta.db_table} l, {Application._meta.db_table} b "
        f"WHERE l.id = {template.pk} AND b.number LIKE 'B%'",
        {"number": "'L' || CAST(b.id AS TEXT)", "application_id": "b.id", "monthly_rate": rate},
    )
    loan_table = Loan._meta.db_table
    start = f"DATE '{START}'" if connection.vendor == "postgresql" else f"'{START}'"
    # Loans are made a group at a time: the members disbursed together at a transaction day
    # repay on the same dates, and their rows lie side by side. So runs of GROUP consecutive
    # loans share their due dates (with GROUP = 1 every loan due on a day sits on its own
    # page of the table: the worst case, measured too; see docs/scale.md).
    due = _plus_days(start, f"30 + ((l.id / {GROUP}) % 365)")
    with connection.cursor() as cursor:
        for offset in (0, 365):
            cursor.execute(
                f"INSERT INTO {Instalment._meta.db_table} (loan_id, due, principal, office_id) "
                f"SELECT l.id, {_plus_days(due, str(offset))}, 10000000, l.office_id "
                f"FROM {loan_table} l WHERE l.number LIKE 'L%'"
            )


def _floor() -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT office_id, source_id, programme_id, SUM(principal_outstanding), "
            f"SUM(principal_overdue) FROM {Loan._meta.db_table} GROUP BY 1, 2, 3"
        )
        cursor.fetchall()
    return time.perf_counter() - started


def run(n: int) -> dict:

    built = build(n)
    floor = min(_floor() for _ in range(2))
    # The clones carry no transaction log, so the month-end proof (which replays each loan's)
    # is left out here: `bench deep-check` measures it over loans that have one.
    steps = [step for step in services.pipeline() if step != "month_proof"]
    with override_settings(POLICYCREDIT_CLOSE_STEPS=steps):
        services.close_day(day=ORDINARY)
        ordinary = {r.step: round(r.seconds, 3) for r in StepRun.objects.filter(date=ORDINARY)}
        BusinessDate.objects.filter(pk=1).update(today=MONTH_END)
        started = time.perf_counter()
        services.close_day(day=MONTH_END)
        month_end_seconds = time.perf_counter() - started
    month_end_steps = {r.step: round(r.seconds, 3) for r in StepRun.objects.filter(date=MONTH_END)}
    total = sum(ordinary.values())
    return {
        "database": connection.vendor,
        "loans": built["loans"],
        "build_seconds": built["build_seconds"],
        "steps": ordinary,
        "total_seconds": round(total, 3),
        "month_end_seconds": round(month_end_seconds, 3),
        "month_end_steps": month_end_steps,
        "floor_seconds": round(floor, 3),
        "ratio": round(total / floor, 3) if floor else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_deep_check(n: int) -> dict:
    """``bench deep-check``: the bulk portfolio given what a real one has and the clones lack (a
    disbursement in each loan's log, its line in the books, instalments not yet fallen due,
    the next due date), then ``ledger check --deep`` over it, timed."""
    built = build(n)
    started = time.perf_counter()
    loans, tx_table = Loan._meta.db_table, LoanTransaction._meta.db_table
    clones = f"FROM {loans} l WHERE l.number LIKE 'L%'"
    template = Loan.objects.exclude(number__startswith="L").get()
    key = (template.office_id, p.LOANS_IN_TERM, template.source_id, template.programme_id)
    cash = (template.office_id, p.CASH_OFFICE, None, None)
    accounts = accounts_for([key, cash])
    entry = uuid.uuid4()
    quoted = f"'{entry.hex}'" if connection.vendor == "sqlite" else f"'{entry}'"
    start = f"DATE '{START}'" if connection.vendor == "postgresql" else f"'{START}'"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tx_table} (loan_id, office_id, kind, value_date, principal, interest, "
            f"details, reason, recorded_at) SELECT l.id, l.office_id, 'disbursement', {start}, "
            f"l.amount, 0, '{{}}', '', CURRENT_TIMESTAMP {clones}"
        )
        cursor.execute(
            f"INSERT INTO {JournalLine._meta.db_table} (entry_id, account_id, amount, office_id, "
            f"value_date, loan_id) SELECT {quoted}, {accounts[key]}, l.amount, l.office_id, "
            f"{start}, l.id {clones}"
        )
        total = Loan.objects.filter(number__startswith="L").aggregate(t=models.Sum("amount"))["t"]
        JournalLine.objects.create(
            entry_id=entry,
            account_id=accounts[cash],
            amount=-total,
            office_id=template.office_id,
            value_date=START,
        )
        JournalEntry.objects.create(
            key=entry, office_id=template.office_id, value_date=START, kind="loan", memo="bench"
        )
        # Nothing has fallen due yet: the bulk load never closed the days it spans.
        cursor.execute(
            f"UPDATE {Instalment._meta.db_table} SET due = {_plus_days('due', '150')} "
            f"WHERE loan_id IN (SELECT l.id {clones})"
        )
        cursor.execute(
            f"UPDATE {loans} SET next_due = (SELECT MIN(i.due) FROM "
            f"{Instalment._meta.db_table} i WHERE i.loan_id = {loans}.id) WHERE number LIKE 'L%'"
        )
        # Cash basis: the bulk books hold no accrual, so no receivable to compare.
        BusinessDate.objects.filter(pk=1).update(first_closed=None)
    prepared = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    report = deep_check()
    return {
        "database": connection.vendor,
        "loans": report.loans,
        "build_seconds": round(built["build_seconds"] + prepared, 1),
        "seconds": round(report.seconds, 3),
        "loans_per_second": round(report.loans / report.seconds) if report.seconds else None,
        "differences": len(report.differences),
        "first_differences": [str(d) for d in report.differences[:5]],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
