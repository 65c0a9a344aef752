"""After ``policycredit bench load``: prove that nothing was lost or doubled, and time the
sign-offs from the server's side. Runs in the scratch database once the server has stopped.

* Every entry sheet the server acknowledged (the load generator's journal) is in the day's
  drafts, amount for amount.
* Every draft of a posted day was posted exactly once: one loan repayment or one savings
  movement carries its key, with its amounts and the day's date; no draft of a day not posted
  reached the loans or the savings.
* Every day the journal says was submitted or signed off is in that state; every posted day
  with cash in has its cash entry in the books.

The sign-off times are the server's own (its request log: one JSON line per request, with the
route, the user and the milliseconds): each posted day is matched with its controller's first
successful post of the confirmation page after the day's sign-off time.
"""

import datetime
import json
import zoneinfo
from collections import Counter

from django.conf import settings

from policycredit.loans.models import LoanTransaction
from policycredit.savings.models import SavingsTransaction
from policycredit.transactiondays.models import DayEntry, DayStatus, EntryKind, TransactionDay

KEY_OF = {
    "p": ("c", "principal"),
    "i": ("c", "interest"),
    "s": ("s", "amount"),
    "w": ("w", "amount"),
}
SHOWN = 20  # problems listed; the count says how many there were


def read_journal(path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def run(journal_path, log_path) -> dict:
    facts = read_journal(journal_path)
    days = {d.pk: d for d in TransactionDay.objects.all()}
    entries = {e.key: e for e in DayEntry.objects.all()}
    problems: list[str] = []
    _saved_sheets(facts, entries, problems)
    posted = _posted_once(days, entries, problems)
    _day_states(facts, days, problems)
    sign_offs = _sign_off_times(days, entries, log_path)
    window = next((f["window"] for f in facts if "window" in f), None)
    return {
        "days": dict(Counter(d.status for d in days.values())),
        "entries_saved": len(entries),
        "entries_posted": posted,
        "sheets_acknowledged": sum(1 for f in facts if "values" in f),
        "window": window,
        "sign_off": sign_offs,
        "posted_exactly_once": not problems,
        "problems": len(problems),
        "first_problems": problems[:SHOWN],
    }


def _saved_sheets(facts, entries, problems) -> None:
    """What the server said it saved is in the drafts (the last save of a sheet counts)."""
    last = {}
    for fact in facts:
        if "values" in fact:
            last[(fact["day"], fact["group"])] = fact["values"]
    for (day, _group), values in last.items():
        for name, amount in values.items():
            tag, _sep, pk = name.partition("-")
            suffix, field = KEY_OF[tag]
            entry = entries.get(f"d{day}-{suffix}{pk}")
            kept = getattr(entry, field) if entry is not None else 0
            if kept != amount:
                problems.append(f"day {day}, {name}: saved {amount}, drafts hold {kept}")


def _posted_once(days, entries, problems) -> int:
    loan_rows = Counter()
    loan_amounts = {}
    for key, principal, interest, on in LoanTransaction.objects.filter(
        idempotency_key__in=list(entries)
    ).values_list("idempotency_key", "principal", "interest", "value_date"):
        loan_rows[key] += 1
        loan_amounts[key] = (principal, interest, on)
    savings_rows = Counter()
    savings_amounts = {}
    for key, kind, amount, on in SavingsTransaction.objects.filter(
        idempotency_key__in=list(entries)
    ).values_list("idempotency_key", "kind", "amount", "value_date"):
        savings_rows[key] += 1
        savings_amounts[key] = (kind, amount, on)
    posted = 0
    for key, entry in entries.items():
        day = days[entry.day_id]
        rows = loan_rows[key] + savings_rows[key]
        if day.status != DayStatus.POSTED:
            if rows:
                problems.append(f"{key}: posted although its day is {day.status}")
            continue
        if rows != 1:
            problems.append(f"{key}: posted {rows} times")
            continue
        posted += 1
        if entry.kind == EntryKind.COLLECTION:
            found = loan_amounts.get(key)
            wanted = (entry.principal, entry.interest, day.date)
        else:
            found = savings_amounts.get(key)
            wanted = (entry.kind, entry.amount, day.date)
        if found != wanted:
            problems.append(f"{key}: drafted {wanted}, posted {found}")
    return posted


def _day_states(facts, days, problems) -> None:
    for fact in facts:
        for said, allowed in (
            ("submitted", {DayStatus.SUBMITTED, DayStatus.POSTED}),
            ("signed_off", {DayStatus.POSTED}),
        ):
            if said in fact:
                day = days.get(fact[said])
                if day is None or day.status not in allowed:
                    state = day.status if day else "missing"
                    problems.append(f"day {fact[said]} was {said} but is {state}")
    for day in days.values():
        if day.status == DayStatus.POSTED and day.cash_expected and day.journal_entry_id is None:
            problems.append(f"day {day.pk} is posted without its cash entry")


def _sign_off_times(days, entries, log_path) -> dict:
    """Entries posted per second of sign-off, from the server's request log."""
    per_day = Counter(e.day_id for e in entries.values())
    posts = {}
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with open(log_path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.startswith("{"):
                continue
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if (
                row.get("view") == "transactiondays:sign_off"
                and row.get("method") == "POST"
                and row.get("status") == 302
            ):
                at = datetime.datetime.strptime(row["time"], "%Y-%m-%d %H:%M:%S,%f")
                posts.setdefault(row["user_id"], []).append([at.replace(tzinfo=zone), row["ms"]])
    matched = []
    for day in sorted(
        (d for d in days.values() if d.status == DayStatus.POSTED), key=lambda d: d.signed_off_at
    ):
        candidates = posts.get(day.signed_off_by_id, [])
        for post in candidates:
            if post[0] >= day.signed_off_at:
                matched.append((per_day[day.pk], post[1] / 1000))
                candidates.remove(post)
                break
    entries_posted = sum(n for n, _s in matched)
    seconds = sum(s for _n, s in matched)
    rates = sorted(n / s for n, s in matched if s)
    return {
        "days": len(matched),
        "entries": entries_posted,
        "seconds": round(seconds, 3),
        "entries_per_second": round(entries_posted / seconds, 1) if seconds else None,
        "entries_per_day": round(entries_posted / len(matched), 1) if matched else None,
        "slowest_day_entries_per_second": round(rates[0], 1) if rates else None,
    }
