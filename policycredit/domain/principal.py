"""Where each đồng of outstanding principal sits: in term, overdue or frozen.

Outstanding principal is split three ways, because each accrues differently: in term at the
contract rate, overdue at rate × overdue factor, frozen at nothing. The in-term part carries the
remaining schedule as *claims* (instalment amounts not yet fallen due, nearest first); principal
in term beyond the claims has no due date yet (a disbursement the schedule does not cover, or
principal back from a freeze without a new schedule).

Allocation orders, each chosen for a reason:

* Falling due: an instalment still unpaid at the end of its due date moves to overdue the next
  day, capped at the principal actually in term (a schedule may cover a later disbursement).
  Only that instalment becomes overdue; the rest of the loan stays in term.
* Repayment: overdue first, oldest first (it costs the borrower most and is what the bank
  chases); then in term, taken off the nearest instalments (a prepayment brings the next
  instalments down, it does not shorten the loan's tail); then frozen principal, if the
  borrower chooses to repay that too.
* Freeze: overdue first, oldest first (the risk that justifies a freeze is usually what made the
  borrower miss an instalment), then in term: first the part with no due date, then the claims
  latest first, so the instalments that remain keep their dates and the frozen principal is the
  tail of the loan. The principal comes back in term when the freeze ends.
* Write-off: frozen first (the usual path is freeze, then write off), then overdue oldest first,
  then in term like a freeze (no-due-date part, then latest claims).
"""

from __future__ import annotations

import bisect
import datetime
from collections import deque

from policycredit.domain.history import Instalment

__all__ = ["PrincipalBook"]


class PrincipalBook:
    """Mutable working state of one replay. Callers check amounts; the book only moves them."""

    def __init__(self) -> None:
        self.disbursed = 0
        self.repaid = 0
        self.written_off = 0
        self.in_term = 0
        self.claims: list[list] = []  # [due, remaining], due ascending, none fallen due yet
        self.claims_total = 0
        self.overdue: deque[list] = deque()  # [due, amount], oldest first
        self.overdue_total = 0
        self.frozen: list[list] = []  # [freeze key, amount], in start order
        self.frozen_total = 0

    @property
    def outstanding(self) -> int:
        return self.in_term + self.overdue_total + self.frozen_total

    @property
    def unfrozen(self) -> int:
        return self.in_term + self.overdue_total

    # -- events -----------------------------------------------------------------------------

    def disburse(self, amount: int) -> None:
        self.disbursed += amount
        self.in_term += amount

    def schedule(self, instalments: tuple[Instalment, ...]) -> None:
        for item in instalments:
            bisect.insort(self.claims, [item.due, item.principal], key=lambda c: c[0])
            self.claims_total += item.principal

    def fall_due(self, day: datetime.date) -> None:
        """Move instalments due before ``day`` and still unpaid to overdue."""
        while self.claims and self.claims[0][0] < day:
            due, remaining = self.claims.pop(0)
            self.claims_total -= remaining
            moved = min(remaining, self.in_term)
            if moved > 0:
                self.in_term -= moved
                self.overdue.append([due, moved])
                self.overdue_total += moved

    def repay(self, amount: int) -> None:
        self.repaid += amount
        amount = self._take_overdue(amount)
        from_term = min(amount, self.in_term)
        self.in_term -= from_term
        self._trim_claims_nearest(from_term)
        self._take_frozen(amount - from_term)

    def freeze(self, key: int, amount: int) -> None:
        rest = self._take_overdue(amount)
        self._take_in_term_tail(rest)
        self.frozen.append([key, amount])
        self.frozen_total += amount

    def unfreeze(self, key: int) -> int:
        """End freeze ``key``: its remaining principal comes back in term; returns it."""
        for index, (frozen_key, amount) in enumerate(self.frozen):
            if frozen_key == key:
                del self.frozen[index]
                self.frozen_total -= amount
                self.in_term += amount
                return amount
        return 0

    def write_off(self, amount: int) -> None:
        self.written_off += amount
        amount = self._take_frozen(amount)
        amount = self._take_overdue(amount)
        self._take_in_term_tail(amount)

    # -- allocation -------------------------------------------------------------------------

    def _take_overdue(self, amount: int) -> int:
        """Take up to ``amount`` from overdue, oldest first; return what is left to place."""
        while amount > 0 and self.overdue:
            bucket = self.overdue[0]
            taken = min(amount, bucket[1])
            bucket[1] -= taken
            self.overdue_total -= taken
            amount -= taken
            if bucket[1] == 0:
                self.overdue.popleft()
        return amount

    def _take_frozen(self, amount: int) -> int:
        while amount > 0 and self.frozen:
            bucket = self.frozen[0]
            taken = min(amount, bucket[1])
            bucket[1] -= taken
            self.frozen_total -= taken
            amount -= taken
            if bucket[1] == 0:
                # A fully repaid freeze ends with nothing to give back.
                self.frozen.pop(0)
        return amount

    def _take_in_term_tail(self, amount: int) -> None:
        """Take in-term principal: the part with no due date first, then the latest claims."""
        unscheduled = max(0, self.in_term - self.claims_total)
        self.in_term -= amount
        rest = amount - min(amount, unscheduled)
        while rest > 0 and self.claims:
            claim = self.claims[-1]
            taken = min(rest, claim[1])
            claim[1] -= taken
            self.claims_total -= taken
            rest -= taken
            if claim[1] == 0:
                self.claims.pop()

    def _trim_claims_nearest(self, amount: int) -> None:
        index = 0
        while amount > 0 and index < len(self.claims):
            claim = self.claims[index]
            taken = min(amount, claim[1])
            claim[1] -= taken
            self.claims_total -= taken
            amount -= taken
            index += 1
        # Claims paid off before their date stay in the list at zero; they are dropped when
        # they fall due and never shown.
