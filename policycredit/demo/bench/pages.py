"""``policycredit bench pages``: the pages a director opens first (the home page with its
queues, the dashboard, the Directive 40 review, the capital page), timed on the database the
command runs against (the demo's, as a reader meets it) through Django's test client — the
whole request: middleware, scope, selectors, template — against the 0.5 s a page may take.

Each page is opened once untimed (imports, compiled templates, the first connection: what a
running server has already paid), then ``runs`` times; the median and the slowest are printed,
with the queries one opening makes (a count that grows with the loans is the usual culprit)
and the CPU time of this process (SQLite runs in it): on a machine shared with other work the
wall clock says more about the neighbours than about the page.
"""

import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from policycredit.accounts.models import User

TARGET_MS = 500
PAGES = (
    ("home", "admin:index", ()),
    ("dashboard", "reporting:dashboard", ()),
    ("directive40", "reporting:report", ("directive40",)),
    ("capital", "ledger:capital", ()),
)


def run(runs: int = 5, username: str = "giamdoc") -> dict:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise ValueError(f"No user {username!r}: load the demo first (policycredit demo).")
    client = Client()
    client.force_login(user)
    pages = []
    # The test client's host is "testserver", which a deployed ALLOWED_HOSTS does not list.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        for name, route, args in PAGES:
            pages.append(_time(client, name, reverse(route, args=args), max(1, runs)))
    return {
        "database": connection.vendor,
        "user": username,
        "runs": max(1, runs),
        "target_ms": TARGET_MS,
        "pages": pages,
        "all_within_target": all(p["max_ms"] <= TARGET_MS for p in pages),
    }


def _time(client, name: str, url: str, runs: int) -> dict:
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Counted as they run: a request begins by emptying the connection's log of queries.
    with connection.execute_wrapper(counted):
        started = time.perf_counter()
        reply = client.get(url)
        first = (time.perf_counter() - started) * 1000
    if reply.status_code != 200:
        raise ValueError(f"{url} answered {reply.status_code}, not 200.")
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return {
        "page": name,
        "url": url,
        "first_ms": round(first),
        "median_ms": round(statistics.median(times)),
        "max_ms": round(max(times)),
        "cpu_median_ms": round(statistics.median(cpu)),
        "queries": len(queries),
    }


def summary(result: dict) -> str:
    lines = [
        f"pages as {result['user']} on {result['database']}, {result['runs']} runs each "
        f"after one untimed (target ≤ {result['target_ms']} ms):"
    ]
    for p in result["pages"]:
        verdict = "ok" if p["max_ms"] <= result["target_ms"] else "SLOW"
        lines.append(
            f"  {p['page']:<12} median {p['median_ms']:>5} ms, max {p['max_ms']:>5} ms "
            f"(first {p['first_ms']} ms, {p['queries']} queries; this process's CPU "
            f"{p['cpu_median_ms']} ms) {verdict}"
        )
    return "\n".join(lines)
