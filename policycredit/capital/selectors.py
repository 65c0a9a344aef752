import datetime

from django.db.models import QuerySet, Sum

from policycredit.accounts.selectors import scope_of
from policycredit.capital.models import CapitalSource, EntrustmentDecision


def sources_for(user) -> QuerySet:
    return CapitalSource.objects.select_related("unit")


def decisions_for(user) -> QuerySet:
    scope = scope_of(user)
    qs = EntrustmentDecision.objects.select_related("source", "office")
    return qs if scope.everything else qs.filter(office_id__in=scope.office_ids)


def entrusted_total(source: CapitalSource, until: datetime.date, office_id=None) -> int:
    """All money a source has entrusted by a date (inclusive), in đồng."""
    qs = EntrustmentDecision.objects.filter(source=source, date__lte=until)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    return qs.aggregate(total=Sum("amount"))["total"] or 0


def entrusted_by_year(user, source: CapitalSource) -> list[tuple[int, int, int]]:
    """(year, entrusted that year, cumulative) for a source, within the user's scope."""
    rows = {}
    for decision in decisions_for(user).filter(source=source).order_by("date"):
        rows[decision.date.year] = rows.get(decision.date.year, 0) + decision.amount
    out, running = [], 0
    for year in sorted(rows):
        running += rows[year]
        out.append((year, rows[year], running))
    return out


# Capital a budget takes back or hands to another after its decisions (a recall, a hand-over):
# the budgets app, above, keeps those acts and registers here what they moved, so the books'
# check of the capital (checks.py) counts them beside the decisions.
_MOVEMENTS: list = []


def register_movements(moved) -> None:
    """``moved(as_of)`` -> {(office id, source id): đồng added to what the office owes the
    source (negative: taken back or handed on)}."""
    _MOVEMENTS.append(moved)


def capital_movements(as_of: datetime.date) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for moved in _MOVEMENTS:
        for key, amount in moved(as_of).items():
            out[key] = out.get(key, 0) + amount
    return out
