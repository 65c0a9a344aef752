"""Locust's figures for ``policycredit bench load``, read from its JSON: each kind of request's
count, errors and percentiles, and the sentence the command prints."""

import math

# Everyone signs in before the measured window opens: these are not counted in its rate.
SIGN_IN = ("sign-in page", "sign in")
PERCENTILES = (50, 95, 99)


def percentile(times: dict, count: int, share: float) -> int | None:
    """The response time (ms) within which ``share`` of the requests finished, from Locust's
    histogram (milliseconds, rounded as Locust rounds them, to the number of requests)."""
    if not count:
        return None
    wanted = math.ceil(count * share)
    seen = 0
    for ms in sorted(times, key=float):
        seen += times[ms]
        if seen >= wanted:
            return round(float(ms))
    return round(float(max(times, key=float)))


def kinds(entries: list[dict]) -> dict:
    result = {}
    for e in sorted(entries, key=lambda e: e["name"]):
        count = e["num_requests"]
        figures = {
            "requests": count,
            "errors": e["num_failures"],
            "avg": round(e["total_response_time"] / count) if count else None,
            "max": round(e["max_response_time"]) if count else None,
        }
        for p in PERCENTILES:
            figures[f"p{p}"] = percentile(e["response_times"], count, p / 100)
        result[e["name"]] = figures
    return result


def window_requests(by_kind: dict) -> tuple[int, int]:
    """Requests made in the measured window, and errors over the whole run."""
    requests = sum(f["requests"] for name, f in by_kind.items() if name not in SIGN_IN)
    return requests, sum(f["errors"] for f in by_kind.values())


def summary(result: dict) -> str:
    targets = result["targets"]
    proof = result["proof"]
    lines = [
        f"bench load on {result['database']}: {result['users']} people "
        f"({result['tellers']} tellers, {result['controllers']} controllers, "
        f"{result['directors']} directors), {result['workers']} web workers, "
        f"{result['window_seconds']} s of work (a thought every {result['think']} s)",
        f"  portfolio: {result['portfolio']['points']} points, {result['portfolio']['loans']:,} "
        f"loans, built in {result['portfolio']['build_seconds']} s",
        f"  {result['requests_per_second']} requests/s, {result['errors']} errors; "
        f"entries posted at sign-off: {result['entries_posted_per_second_at_sign_off']}/s "
        f"({proof['sign_off']['entries']} in {proof['sign_off']['days']} days); "
        f"over the window: {result['entries_posted_per_second_of_window']}/s",
        "  CPU seconds in the window: "
        + ", ".join(f"{k} {v}" for k, v in result["cpu_seconds"].items()),
        f"  {'request':<32}{'count':>7}{'errors':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8} ms",
    ]
    for name, f in result["kinds"].items():
        lines.append(
            f"  {name:<32}{f['requests']:>7}{f['errors']:>7}{_ms(f['p50'])}{_ms(f['p95'])}"
            f"{_ms(f['p99'])}{_ms(f['max'], 8)}"
        )
    lines += [
        f"  posted exactly once: {'yes' if proof['posted_exactly_once'] else 'NO'} "
        f"({proof['entries_posted']:,} of {proof['entries_saved']:,} drafts posted; days "
        f"{proof['days']}); ledger check --deep: "
        f"{'passed' if proof['deep_check']['ok'] else 'FAILED'} "
        f"({proof['deep_check']['loans']:,} loans)",
        f"  targets: save p95 {targets['save_p95_ms']} ms ≤ 300: "
        f"{_yes(targets['save_p95_met'])}; ≥ 200 entries/s at sign-off: "
        f"{_yes(targets['sign_off_met'])}; no error: {_yes(targets['no_error'])}",
    ]
    if not proof["sign_off"]["days"]:
        lines.append(
            "  no day was signed off in the window: a teller's day is about fourteen thoughts, "
            "so give it more --seconds (or fewer --users, if the server is saturated)"
        )
    lines += [f"  problem: {p}" for p in proof["first_problems"]]
    return "\n".join(lines)


def _ms(value, width=7) -> str:
    return f"{'—' if value is None else value:>{width}}"


def _yes(met: bool) -> str:
    return "met" if met else "missed"
