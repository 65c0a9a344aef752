"""A group's grade from its score sheet: pure arithmetic, the rules themselves are data
(`models.Criterion`, `models.GradeBand`)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal


class SheetError(ValueError):
    """A score sheet that cannot be graded; ``code`` names why, ``detail`` the criterion."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def total(criteria: Mapping[str, int], scores: Mapping[str, int]) -> int:
    """The points of a sheet: every criterion scored once, between 0 and its most points."""
    unknown = set(scores) - set(criteria)
    if unknown:
        raise SheetError("unknown_criterion", sorted(unknown)[0])
    for code, most in criteria.items():
        if code not in scores or scores[code] is None:
            raise SheetError("score_missing", code)
        if not 0 <= scores[code] <= most:
            raise SheetError("score_out_of_range", code)
    return sum(scores[code] for code in criteria)


def grade(points: int, most: int, bands: Sequence[tuple[str, Decimal]]) -> str:
    """The band whose start (in % of ``most``) the points reach, the highest start first.
    Compared exactly: 89.5 points of 100 are not 90 %."""
    if most <= 0 or not bands:
        raise SheetError("no_sheet")
    for name, from_percent in sorted(bands, key=lambda band: band[1], reverse=True):
        if points * 100 >= from_percent * most:
            return name
    raise SheetError("no_lowest_band")
