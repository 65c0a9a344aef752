"""The rates, bands and shares in force on a day, read from their decision rows.

Each is a set of rows from a date; on a day, the rows with the latest start on or before it are
the decision in force (a programme's own rate wins over the rate for all programmes).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from policycredit.fees.models import FeeRate, LevelShare, QualityBand


@dataclass(frozen=True)
class Rates:
    rate_on_balance: Decimal
    rate_on_interest: Decimal
    rate_on_savings: Decimal
    valid_from: datetime.date

    def as_json(self) -> dict:
        return {
            "rate_on_balance": str(self.rate_on_balance),
            "rate_on_interest": str(self.rate_on_interest),
            "rate_on_savings": str(self.rate_on_savings),
            "valid_from": self.valid_from.isoformat(),
        }


class RateBook:
    """The rates of one kind in force on one day, by programme."""

    def __init__(self, kind: str, on: datetime.date):
        self.kind, self.on = kind, on
        self.general: Rates | None = None
        self.own: dict[int, Rates] = {}
        rows = FeeRate.objects.filter(kind=kind, valid_from__lte=on).order_by("valid_from")
        for row in rows:  # later starts overwrite earlier ones
            rates = Rates(
                row.rate_on_balance, row.rate_on_interest, row.rate_on_savings, row.valid_from
            )
            if row.programme_id is None:
                self.general = rates
            else:
                self.own[row.programme_id] = rates

    def for_programme(self, programme_id: int | None) -> Rates | None:
        return self.own.get(programme_id, self.general)


def bands_on(on: datetime.date) -> list[tuple[Decimal, Decimal]]:
    start = QualityBand.objects.filter(valid_from__lte=on).aggregate(d=Max("valid_from"))["d"]
    rows = QualityBand.objects.filter(valid_from=start).order_by("overdue_ratio_from")
    return [(row.overdue_ratio_from, row.factor) for row in rows] if start else []


def shares_on(on: datetime.date) -> list[tuple[str, Decimal]]:
    start = LevelShare.objects.filter(valid_from__lte=on).aggregate(d=Max("valid_from"))["d"]
    rows = LevelShare.objects.filter(valid_from=start).order_by("-share", "level")
    return [(row.level, row.share) for row in rows] if start else []
