"""How a loan's events reach the books: each transaction's journal entry from the posting rules
(`domain.posting`), and the move between loan classes the engine's derived state asks for, so
the loan accounts always equal the loans' balances. Called by the loans' services inside their
transaction; written through the ledger's `post_many`.
"""

from dataclasses import replace

from policycredit.common.selectors import accruing
from policycredit.domain import posting as p
from policycredit.domain.loanrow import in_term
from policycredit.ledger.models import EntryKind, JournalEntry, JournalLine
from policycredit.ledger.services import EntrySpec, post_many
from policycredit.loans.models import Loan
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.signals import loans_moved


def position_of(loan) -> p.Position:
    """Where a loan's principal stands according to its current-state row."""
    return p.Position(
        in_term=in_term(loan.principal_outstanding, loan.principal_overdue, loan.principal_frozen),
        overdue=loan.principal_overdue,
        frozen=loan.principal_frozen,
        overdue_interest=loan.interest_overdue_paid,
    )


def post_loan_changes(
    *, actor, loans, before: dict, transactions=(), due_changes: dict | None = None
) -> list[JournalEntry]:
    """Post the loans' new transactions and bring their loan accounts to the derived state.

    ``before`` holds each loan's position as last posted (its state row before the refresh).
    Each transaction gets its entry from the posting rules; the last entry of a loan also
    carries the move between classes that the engine found (principal fallen overdue, frozen,
    back in term); a loan whose class changed with no transaction (a new day) gets a
    reclassification entry of its own.

    ``due_changes`` gives, for loans whose act may reach into closed days (a reversal, a new
    schedule), how much the interest the engine says they owe changed; on the accrual basis
    whatever of it the event lines did not move on the receivable is posted with them
    (:func:`~policycredit.domain.posting.interest_adjustment`).
    """
    # The close of day keeps balances at a rate from these moves (it listens: it sits above).
    loans_moved.send(sender=Loan, loans=loans, before=before)
    due_changes = due_changes or {}
    by_loan: dict[int, list] = {}
    for tx in sorted(transactions, key=lambda t: t.pk):
        by_loan.setdefault(tx.loan_id, []).append(tx)
    reversed_lines = _lines_of_transactions(
        [tx.reverses_id for tx in transactions if tx.kind == K.REVERSAL]
    )
    specs = []
    for loan in loans:
        position = before[loan.pk]
        after = position_of(loan)
        accrual = accruing(loan.state_date)
        interest_account = p.INTEREST_RECEIVABLE if accrual else p.INTEREST_INCOME
        if accrual:  # the accrual splits ordinary and overdue interest, not the collection
            position, after = (
                replace(position, overdue_interest=0),
                replace(after, overdue_interest=0),
            )
        dims = (loan.source_id, loan.programme_id)
        loan_specs = []
        for tx in by_loan.get(loan.pk, []):
            lines = _event_lines(tx, dims, position, reversed_lines, interest_account)
            position = p.apply(position, lines)
            loan_specs.append(
                EntrySpec(
                    office_id=loan.office_id,
                    value_date=tx.value_date,
                    kind=EntryKind.REVERSAL if tx.kind == K.REVERSAL else EntryKind.LOAN,
                    lines=lines,
                    memo=f"{K(tx.kind).label} – {loan.number}",
                    actor=actor,
                    loan_id=loan.pk,
                    loan_transaction_id=tx.pk,
                    reverses_id=_entry_of(tx.reverses_id) if tx.kind == K.REVERSAL else None,
                )
            )
        moves = p.reclassify(position, after, *dims)
        if accrual and loan.pk in due_changes:
            booked = sum(
                x.amount
                for spec in loan_specs
                for x in spec.lines
                if x.kind == p.INTEREST_RECEIVABLE
            )
            moves += p.interest_adjustment(due_changes[loan.pk] - booked, *dims)
        if loan_specs:
            loan_specs[-1].lines = p.net(loan_specs[-1].lines + moves)
        elif moves:
            loan_specs.append(
                EntrySpec(
                    office_id=loan.office_id,
                    value_date=loan.state_date,
                    kind=EntryKind.RECLASSIFICATION,
                    lines=moves,
                    memo=f"{EntryKind.RECLASSIFICATION.label} – {loan.number}",
                    actor=actor,
                    loan_id=loan.pk,
                )
            )
        specs += loan_specs
    return post_many(specs)


def _event_lines(tx, dims, position, reversed_lines, interest_account=p.INTEREST_INCOME) -> tuple:
    cash = tx.details.get("cash", p.CASH_OFFICE) if tx.details else p.CASH_OFFICE
    if tx.kind == K.DISBURSEMENT:
        return p.disbursement(tx.principal, *dims, cash=cash)
    if tx.kind == K.REPAYMENT:
        return p.repayment(
            tx.principal, tx.interest, *dims, position, cash=cash, interest_account=interest_account
        )
    if tx.kind == K.WRITE_OFF:
        return p.write_off(tx.principal, *dims, position, tx.interest, interest_account)
    if tx.kind == K.REVERSAL:
        return p.negate(reversed_lines.get(tx.reverses_id, ()))
    return ()  # schedule and status events move principal between classes only


def _lines_of_transactions(transaction_ids: list[int]) -> dict[int, tuple]:
    out: dict[int, list] = {}
    if not transaction_ids:
        return {}
    rows = JournalLine.objects.filter(entry__loan_transaction_id__in=transaction_ids).values_list(
        "entry__loan_transaction_id",
        "account__kind",
        "amount",
        "account__source_id",
        "account__programme_id",
    )
    for tx_id, kind, amount, source, programme in rows:
        out.setdefault(tx_id, []).append(p.Line(kind, amount, source, programme))
    return {k: tuple(v) for k, v in out.items()}


def _entry_of(transaction_id):
    return (
        JournalEntry.objects.filter(loan_transaction_id=transaction_id)
        .values_list("pk", flat=True)
        .first()
    )
