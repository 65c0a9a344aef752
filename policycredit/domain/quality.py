"""Quality grades (tốt, khá, trung bình, yếu) of savings-and-loan groups, transaction points and
mass-organisation units, by bands the bank decides. Pure Python: the bands are handed in.

A scale is a list of bands, best grade first. Each band names a grade and the thresholds a
subject must meet to earn it; a subject earns the first band whose every threshold it meets, and
the last band has none, so every subject earns exactly one grade. A threshold is left out
(None) where the band does not judge that criterion, and a criterion the subject has no figure
for (a group not inspected this year, a point whose sessions the system did not keep) is not
held against it.

The thresholds, each loosening (never tightening) down the scale — which is what makes a grade
never improve as overdue rises:

- ``overdue_below``: the share of the balance overdue, in %, strictly under this; nothing
  overdue always passes, so 0 means "nothing overdue" and 2 means "under 2 %". A ratio of
  exactly 2 % is not under 2 % (as in the entrustment fee's quality bands).
- ``missed_at_most``: sessions not held on their day, at most this many (points).
- ``inspection_at_least``: the grade of the latest 16/TD inspection, this or better (groups).
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

GRADES = ("good", "fair", "average", "weak")  # best first; the names the database stores


class QualityError(ValueError):
    """A scale that cannot grade: ``code`` is stable, the message says where."""

    EMPTY = "empty"
    ORDER = "order"
    OPEN_END = "open_end"
    TIGHTENS = "tightens"
    BAD_VALUE = "bad_value"

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class Band(NamedTuple):
    grade: str
    overdue_below: Decimal | None = None
    missed_at_most: int | None = None
    inspection_at_least: str | None = None


class Facts(NamedTuple):
    """What a subject is graded on. ``missed`` and ``inspection`` are None when not known."""

    outstanding: int
    overdue: int
    missed: int | None = None
    inspection: str | None = None


def check_scale(bands: Iterable[tuple]) -> tuple[Band, ...]:
    """The bands as :class:`Band`, checked: grades known, best first and each once, the last
    with no threshold, and no threshold tighter than the band above it."""
    rows = tuple(Band(*band) for band in bands)
    if not rows:
        raise QualityError(QualityError.EMPTY, "no bands given")
    ranks = [_rank(band.grade) for band in rows]
    if ranks != sorted(set(ranks)):
        raise QualityError(QualityError.ORDER, f"grades out of order: {[b.grade for b in rows]}")
    last = rows[-1]
    if last[1:] != (None, None, None):
        raise QualityError(QualityError.OPEN_END, f"the last band ({last.grade}) has thresholds")
    for band in rows:
        if band.overdue_below is not None and not (
            isinstance(band.overdue_below, Decimal) and 0 <= band.overdue_below <= 100
        ):
            raise QualityError(QualityError.BAD_VALUE, f"{band.grade}: {band.overdue_below!r}")
        if band.missed_at_most is not None and band.missed_at_most < 0:
            raise QualityError(QualityError.BAD_VALUE, f"{band.grade}: {band.missed_at_most}")
        if band.inspection_at_least is not None:
            _rank(band.inspection_at_least)
    for above, below in zip(rows, rows[1:], strict=False):
        if _tighter(below, above):
            raise QualityError(
                QualityError.TIGHTENS, f"{below.grade} is stricter than {above.grade}"
            )
    return rows


def grade(facts: Facts, bands: Iterable[tuple]) -> str:
    """The grade of the first band whose thresholds the facts meet."""
    for band in check_scale(bands):
        if meets(facts, band):
            return band.grade
    raise AssertionError("the last band has no threshold")  # check_scale guarantees it


def meets(facts: Facts, band: Band) -> bool:
    outstanding, overdue = facts.outstanding, facts.overdue
    if band.overdue_below is not None and overdue > 0 and outstanding > 0:
        # Exact: overdue / outstanding < x % without dividing, so no rounding at a band's edge.
        if not overdue * 100 < band.overdue_below * outstanding:
            return False
    if band.missed_at_most is not None and facts.missed is not None:
        if facts.missed > band.missed_at_most:
            return False
    if band.inspection_at_least is not None and facts.inspection is not None:
        if _rank(facts.inspection) > _rank(band.inspection_at_least):
            return False
    return True


def _rank(name: str) -> int:
    try:
        return GRADES.index(name)
    except ValueError:
        raise QualityError(QualityError.BAD_VALUE, f"no grade {name!r}") from None


def _tighter(below: Band, above: Band) -> bool:
    """Whether any threshold of ``below`` admits less than the same one of ``above``."""

    def looser_or_equal(mine, theirs, key=lambda v: v):
        return mine is None or (theirs is not None and key(mine) >= key(theirs))

    return not (
        looser_or_equal(below.overdue_below, above.overdue_below)
        and looser_or_equal(below.missed_at_most, above.missed_at_most)
        and looser_or_equal(below.inspection_at_least, above.inspection_at_least, _rank)
    )
