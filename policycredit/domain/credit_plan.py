"""A credit plan's three figures and the rule its allocation keeps.

A plan line sets, for one programme and capital source, the lending (doanh số cho vay), the
collection (doanh số thu nợ) and the growth of outstanding (tăng trưởng dư nợ) of a year. The
office hands it down to wards, organisations and groups; each kind of target is one breakdown
of the line. A breakdown may leave part of the line unallocated but never exceed it:

- lending and collection: the allocations add up to at most the line;
- growth, which a line may plan negative (a programme that winds down): each allocation goes
  the line's way (a line of zero growth allows none), and together they go no further than it.

What is left unallocated is the line less the allocations, figure by figure. Nothing here
knows Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MEASURES = ("lending", "collection", "growth")


@dataclass(frozen=True)
class Amounts:
    lending: int = 0
    collection: int = 0
    growth: int = 0

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(*(getattr(self, m) + getattr(other, m) for m in MEASURES))

    def __sub__(self, other: Amounts) -> Amounts:
        return Amounts(*(getattr(self, m) - getattr(other, m) for m in MEASURES))

    @property
    def zero(self) -> bool:
        return not (self.lending or self.collection or self.growth)


def total(amounts: Iterable[Amounts]) -> Amounts:
    out = Amounts()
    for a in amounts:
        out = out + a
    return out


def _direction(growth: int) -> int:
    return -1 if growth < 0 else 1


def breaches(line: Amounts, allocated: Iterable[Amounts]) -> list[tuple[str, int]]:
    """[(measure, by how much the breakdown goes past the line)], empty when it keeps to it. A
    growth allocated against the line's way counts as going past it by its whole size."""
    allocated = list(allocated)
    out = []
    summed = total(allocated)
    for measure in ("lending", "collection"):
        over = getattr(summed, measure) - getattr(line, measure)
        if over > 0:
            out.append((measure, over))
    way = _direction(line.growth)
    against = sum(abs(a.growth) for a in allocated if a.growth * way < 0)
    along = sum(a.growth * way for a in allocated if a.growth * way > 0)
    over = against + max(0, along - line.growth * way) if line.growth else against + along
    if over > 0:
        out.append(("growth", over))
    return out


def unallocated(line: Amounts, allocated: Iterable[Amounts]) -> Amounts:
    return line - total(allocated)
