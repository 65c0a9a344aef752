"""How many look-ups may fail before every look-up is refused for a while.

Counted from the look-up log in the database, which every server process shares (a per-process
cache would give each gunicorn worker its own count). Only refused look-ups count; a successful
one resets nothing, or someone who knows his own details could clear the count between guesses
at another's. Three limits, each a setting:

* POLICYCREDIT_LOOKUP_FAILURES per contract number within POLICYCREDIT_LOOKUP_WINDOW_MINUTES:
  the guessing of one borrower's details;
* POLICYCREDIT_LOOKUP_FAILURES_PER_ADDRESS per client address within the same window: the
  guessing of many numbers from one place (higher: a carrier's NAT or a ward office's PC is
  shared by many honest people);
* POLICYCREDIT_LOOKUP_FAILURES_PER_DAY per contract number within a day: the slow guesser who
  waits out each window.

A number is counted by its key whether or not a loan has it, so the refusal of the sixth try
says nothing about the number's existence. Two requests at the same instant may both pass
before either is logged; the daily limit bounds what such bursts can gain.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils.crypto import salted_hmac

from policycredit.selfservice.models import Lookup, Outcome

DAY = datetime.timedelta(days=1)
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


def normalised_number(typed: str) -> str:
    """A contract number as the loans store it: capitals, no spaces, plain hyphens."""
    return "".join(typed.translate(_DASHES).split()).upper()


def number_key(number: str) -> str:
    """A keyed hash of a normalised number. Keyed (the site's secret): the numbers follow a
    short pattern (office-year-serial), so a plain hash would be reversed by trying them all."""
    return salted_hmac("policycredit.selfservice.number", number, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class Limit:
    field: str  # "number_key" or "address"
    failures: int
    window: datetime.timedelta


def limits() -> list[Limit]:
    window = datetime.timedelta(minutes=settings.POLICYCREDIT_LOOKUP_WINDOW_MINUTES)
    return [
        Limit("number_key", settings.POLICYCREDIT_LOOKUP_FAILURES, window),
        Limit("address", settings.POLICYCREDIT_LOOKUP_FAILURES_PER_ADDRESS, window),
        Limit("number_key", settings.POLICYCREDIT_LOOKUP_FAILURES_PER_DAY, DAY),
    ]


def refused_until(key: str, address: str, now: datetime.datetime) -> datetime.datetime | None:
    """The moment look-ups of this number from this address are taken again, or None when
    they are taken now. Two counts, one per key, each through its (key, at) index."""
    rules = limits()
    refused = Q(outcome=Outcome.REFUSED)
    values = {"number_key": key, "address": address}
    until = None
    for field in ("number_key", "address"):
        own = [rule for rule in rules if rule.field == field]
        widest = max(rule.window for rule in own)
        counts = Lookup.objects.filter(
            refused, **{field: values[field]}, at__gt=now - widest, at__lte=now
        )
        counts = counts.aggregate(
            **{
                f"n{i}": Count("id", filter=Q(at__gt=now - rule.window))
                for i, rule in enumerate(own)
            }
        )
        for i, rule in enumerate(own):
            if counts[f"n{i}"] >= rule.failures:
                moment = _free_at(refused, field, values[field], rule, now)
                until = moment if until is None else max(until, moment)
    return until


def _free_at(refused, field, value, rule: Limit, now) -> datetime.datetime:
    """When the count under `rule` falls below its limit: the window after the failure that
    made it reach the limit (the limit-th latest)."""
    reached = (
        Lookup.objects.filter(refused, **{field: value}, at__gt=now - rule.window, at__lte=now)
        .order_by("-at")
        .values_list("at", flat=True)[rule.failures - 1]
    )
    return reached + rule.window
