"""A loan taken in where other books left it: the history that leads to a known position.

The bank's register gives where a loan stands on its export date D (principal in term, overdue
and frozen; unpaid interest), not the history that brought it there. PolicyCredit opens the
loan the evening before, O = D − 1, with the shortest history the engine replays to exactly that
position on D:

* a disbursement on O of the principal outstanding (in term + overdue + frozen);
* an instalment due on O for the overdue part: unpaid at the end of O, it is overdue from D;
* a freeze from O of the frozen part, which the engine takes from the principal with no due
  date, i.e. exactly that part;
* an instalment of the in-term part on its due date (on or after D);
* the unpaid interest as opening interest dated D (`OpeningInterest`), even when it is
  nothing: the bank's figure stands for every day before D, so the engine accrues from D on.

`history` builds that history; `row` is what the engine then says of the loan's row on D,
without replaying it: the importer writes a million of these, and the property test
(`domain/tests/test_opening.py`) proves the two agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from policycredit.domain.history import (
    Disbursement,
    Freeze,
    Instalment,
    LoanHistory,
    OpeningInterest,
    Terms,
)
from policycredit.domain.loanrow import status_from
from policycredit.domain.posting import debt_group

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Position:
    """Where a loan stands on ``as_of`` in the books it comes from."""

    as_of: datetime.date
    in_term: int
    overdue: int
    frozen: int
    in_term_due: datetime.date | None = None  # on or after ``as_of``; needed if ``in_term``
    interest_in_term: int = 0
    interest_overdue: int = 0

    @property
    def opened(self) -> datetime.date:
        return self.as_of - ONE_DAY

    @property
    def outstanding(self) -> int:
        return self.in_term + self.overdue + self.frozen


def history(position: Position, terms: Terms) -> LoanHistory:
    """The engine's history of a loan opened at ``position``."""
    opened = position.opened
    instalments = []
    if position.overdue:
        instalments.append(Instalment(opened, position.overdue))
    if position.in_term:
        instalments.append(Instalment(position.in_term_due, position.in_term))
    freezes = (Freeze(opened, None, position.frozen),) if position.frozen else ()
    return LoanHistory(
        terms=terms,
        disbursements=(Disbursement(opened, position.outstanding),),
        instalments=tuple(instalments),
        freezes=freezes,
        opening=OpeningInterest(
            position.as_of, position.interest_in_term, position.interest_overdue
        ),
    )


def row(position: Position, thresholds) -> tuple[str, datetime.date | None, int]:
    """Status, overdue since and debt group of the loan's row on ``as_of`` (`loanrow.row_of`
    of the replayed history, for this shape of history)."""
    overdue_since = position.as_of if position.overdue else None
    status = status_from(position.outstanding, position.overdue, position.frozen, 0)
    days = (position.as_of - overdue_since).days + 1 if overdue_since else 0
    return status, overdue_since, debt_group(days, thresholds)
