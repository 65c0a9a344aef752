"""Posting rules: which accounts a money event moves, and by how much.

Sign convention. A line's ``amount`` is signed: a debit is positive, a credit negative, so an
entry balances when its lines sum to zero and the whole ledger (the trial balance) sums to zero.
Asset accounts (loans, cash, interest receivable) and expense accounts therefore carry positive
balances; liabilities (capital payable to a source, members' savings, fees payable) and income
carry negative balances, which screens show as positive amounts on the credit side.

Dimensions. The office is the entry's; a line names the account's kind and, where the kind is
kept per capital source or programme, those too (``None`` otherwise). Loan accounts, interest
income and write-off losses are kept per source and programme; cash, capital payable, savings,
fees and commissions per source at most.

Loans are classified in three accounts: in term, overdue and frozen. An event moves principal
with a simple rule (a disbursement goes in term, a repayment comes from overdue first, a
write-off from frozen first); the loan engine then says where the principal really stands, and
:func:`reclassify` moves the difference between the classes. So the loan accounts always equal the
loans' derived balances, whatever the event, including transfers to overdue that only the passage
of time causes.

Interest has two bases, switched by one dated rule (the first closed business date; see
docs/domain/ledger.md). Up to it, interest is recognised when it is collected (cash basis):
collected interest is income at once, the part that settles interest accrued on overdue
principal is overdue-interest income, and interest written off was never income. After it, the
close of day accrues interest receivable day by day (:func:`interest_accrued`); a collection
settles the receivable, a write-off of interest takes it off the receivable as a loss, and an
act that changes what the loan owed for days already closed (a reversal, a new schedule) posts
the difference the engine finds as of today (:func:`interest_adjustment`). Either way the
receivable equals what the engine says the loans owe in interest.

Every function returns a tuple of :class:`Line` that sums to zero; nothing here knows Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LOANS_IN_TERM = "loans_in_term"
LOANS_OVERDUE = "loans_overdue"
LOANS_FROZEN = "loans_frozen"
INTEREST_RECEIVABLE = "interest_receivable"
INTEREST_INCOME = "interest_income"
OVERDUE_INTEREST_INCOME = "overdue_interest_income"
CASH_OFFICE = "cash_office"
CASH_IN_TRANSIT = "cash_in_transit"
CAPITAL_PAYABLE = "capital_payable"
MEMBER_SAVINGS = "member_savings"
FEES_PAYABLE = "fees_payable"
FEES_EXPENSE = "fees_expense"
COMMISSIONS_PAYABLE = "commissions_payable"
COMMISSIONS_EXPENSE = "commissions_expense"
WRITE_OFF_LOSS = "write_off_loss"

LOAN_CLASSES = (LOANS_IN_TERM, LOANS_OVERDUE, LOANS_FROZEN)
CASH = (CASH_OFFICE, CASH_IN_TRANSIT)


class UnbalancedEntry(ValueError):
    """An entry whose debits and credits differ: a programming error, never a user's."""


@dataclass(frozen=True)
class Line:
    kind: str
    amount: int  # debit > 0, credit < 0
    source: int | None = None
    programme: int | None = None


@dataclass(frozen=True)
class Position:
    """Where one loan's principal stands in the books, and how much of the interest collected
    on it was overdue interest."""

    in_term: int = 0
    overdue: int = 0
    frozen: int = 0
    overdue_interest: int = 0

    @property
    def outstanding(self) -> int:
        return self.in_term + self.overdue + self.frozen


ZERO = Position()


def _check(lines: Iterable[Line]) -> tuple[Line, ...]:
    kept = tuple(line for line in lines if line.amount != 0)
    for line in kept:
        if not isinstance(line.amount, int) or isinstance(line.amount, bool):
            raise TypeError(f"amounts are whole đồng, not {type(line.amount).__name__}")
    total = sum(line.amount for line in kept)
    if total:
        raise UnbalancedEntry(f"lines sum to {total:,}, not zero")
    return kept


def net(lines: Iterable[Line]) -> tuple[Line, ...]:
    """One line per account, zero lines dropped, in first-seen order."""
    sums: dict[tuple, int] = {}
    for line in lines:
        key = (line.kind, line.source, line.programme)
        sums[key] = sums.get(key, 0) + line.amount
    return _check(Line(k, a, s, p) for (k, s, p), a in sums.items())


def negate(lines: Iterable[Line]) -> tuple[Line, ...]:
    """The reversal of an entry: every line with its sign turned."""
    return _check(Line(x.kind, -x.amount, x.source, x.programme) for x in lines)


# ---------------------------------------------------------------------------- loans


def disbursement(principal: int, source: int, programme: int, cash: str = CASH_OFFICE):
    return _check(
        [
            Line(LOANS_IN_TERM, principal, source, programme),
            Line(cash, -principal),
        ]
    )


def repayment(
    principal: int,
    interest: int,
    source: int,
    programme: int,
    position: Position,
    cash: str = CASH_OFFICE,
    interest_account: str = INTEREST_INCOME,
):
    """Cash in; principal off overdue first, then in term; interest to income (cash basis) or,
    once the close of day accrues it, off the interest receivable."""
    from_overdue = min(principal, max(position.overdue, 0))
    return _check(
        [
            Line(cash, principal + interest),
            Line(LOANS_OVERDUE, -from_overdue, source, programme),
            Line(LOANS_IN_TERM, -(principal - from_overdue), source, programme),
            Line(interest_account, -interest, source, programme),
        ]
    )


def write_off(
    principal: int,
    source: int,
    programme: int,
    position: Position,
    interest: int = 0,
    interest_account: str = INTEREST_INCOME,
):
    """Xóa nợ: the principal leaves the loan accounts (frozen first, then overdue) as a loss.
    On the cash basis interest written off was never income, so it moves nothing; on the
    accrual basis (``interest_account`` the receivable) it was accrued as income and leaves the
    receivable as a loss too."""
    lines, left = [Line(WRITE_OFF_LOSS, principal, source, programme)], principal
    if interest and interest_account == INTEREST_RECEIVABLE:
        lines += [
            Line(WRITE_OFF_LOSS, interest, source, programme),
            Line(INTEREST_RECEIVABLE, -interest, source, programme),
        ]
    for kind, held in ((LOANS_FROZEN, position.frozen), (LOANS_OVERDUE, position.overdue)):
        take = min(left, max(held, 0))
        lines.append(Line(kind, -take, source, programme))
        left -= take
    lines.append(Line(LOANS_IN_TERM, -left, source, programme))
    return _check(lines)


def reclassify(before: Position, after: Position, source: int, programme: int):
    """Move principal between the loan classes (transfer to overdue, freeze, unfreeze, …) and
    collected interest between ordinary and overdue-interest income. The loan's outstanding
    total must not change: that is what the event lines did."""
    if before.outstanding != after.outstanding:
        raise UnbalancedEntry(
            f"a reclassification cannot change the outstanding "
            f"({before.outstanding:,} → {after.outstanding:,})"
        )
    moved = after.overdue_interest - before.overdue_interest
    return _check(
        [
            Line(LOANS_IN_TERM, after.in_term - before.in_term, source, programme),
            Line(LOANS_OVERDUE, after.overdue - before.overdue, source, programme),
            Line(LOANS_FROZEN, after.frozen - before.frozen, source, programme),
            Line(INTEREST_INCOME, moved, source, programme),
            Line(OVERDUE_INTEREST_INCOME, -moved, source, programme),
        ]
    )


def apply(position: Position, lines: Iterable[Line]) -> Position:
    """The loan's position after its lines (other accounts are ignored)."""
    in_term, overdue, frozen, overdue_interest = (
        position.in_term,
        position.overdue,
        position.frozen,
        position.overdue_interest,
    )
    for line in lines:
        if line.kind == LOANS_IN_TERM:
            in_term += line.amount
        elif line.kind == LOANS_OVERDUE:
            overdue += line.amount
        elif line.kind == LOANS_FROZEN:
            frozen += line.amount
        elif line.kind == OVERDUE_INTEREST_INCOME:
            overdue_interest -= line.amount
    return Position(in_term, overdue, frozen, overdue_interest)


# ---------------------------------------------------------------------------- capital and partners


def entrustment(amount: int, source: int, cash: str = CASH_OFFICE):
    """A budget entrusts money: the office holds the cash and owes it to the source."""
    return _check([Line(cash, amount), Line(CAPITAL_PAYABLE, -amount, source)])


def capital_recalled(amount: int, source: int, cash: str = CASH_OFFICE):
    """Thu hồi: the budget takes money back; the reverse of its entrustment."""
    return negate(entrustment(amount, source, cash))


def capital_handed_over(parts, source: int):
    """An abolished budget's capital becomes its successors' (``parts``: (successor source,
    amount)); no cash moves, the office owes the same money to others."""
    lines = [Line(CAPITAL_PAYABLE, -amount, successor) for successor, amount in parts]
    lines.append(Line(CAPITAL_PAYABLE, sum(amount for _, amount in parts), source))
    return _check(lines)


def savings_deposit(amount: int, cash: str = CASH_OFFICE):
    """Tiền gửi tổ viên: a member's deposit (negative ``amount`` withdraws)."""
    return _check([Line(cash, amount), Line(MEMBER_SAVINGS, -amount)])


def fee_due(amount: int, source: int | None = None):
    """Phí ủy thác earned by a mass organisation for a month: an expense, payable."""
    return _check([Line(FEES_EXPENSE, amount, source), Line(FEES_PAYABLE, -amount, source)])


def commission_due(amount: int, source: int | None = None):
    """Hoa hồng earned by a group's management board for a month."""
    return _check(
        [Line(COMMISSIONS_EXPENSE, amount, source), Line(COMMISSIONS_PAYABLE, -amount, source)]
    )


def payout(payable: str, amount: int, source: int | None = None, cash: str = CASH_OFFICE):
    """A fee or commission paid out in cash (at the transaction day)."""
    return _check([Line(payable, amount, source), Line(cash, -amount)])


def interest_accrued(in_term: int, overdue: int, source: int, programme: int):
    """The close of day's accrual for one dimension: receivable against ordinary and
    overdue-interest income."""
    return _check(
        [
            Line(INTEREST_RECEIVABLE, in_term + overdue, source, programme),
            Line(INTEREST_INCOME, -in_term, source, programme),
            Line(OVERDUE_INTEREST_INCOME, -overdue, source, programme),
        ]
    )


def interest_adjustment(amount: int, source: int, programme: int):
    """On the accrual basis, an act reaching back into closed days (a reversal, a schedule that
    moves past due dates) changes the interest the loan owes for them: the difference the
    engine finds, posted today to the receivable against interest income (negative: less)."""
    return _check(
        [
            Line(INTEREST_RECEIVABLE, amount, source, programme),
            Line(INTEREST_INCOME, -amount, source, programme),
        ]
    )


def cash_handed_in(amount: int):
    """A transaction-day team brings its net takings back to the office's vault (a negative
    ``amount``: it paid out more than it took in, from the cash it carried)."""
    return _check([Line(CASH_OFFICE, amount), Line(CASH_IN_TRANSIT, -amount)])


def debt_group(days_past_due: int, thresholds) -> int:
    """Debt group 1 (current) to 5 by days past due: one more for each threshold reached."""
    return 1 + sum(1 for t in thresholds if days_past_due >= t)
