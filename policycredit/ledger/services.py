"""Every write to the books. Callers are other apps' services, inside their own transaction:
a loan transaction and its journal entry commit together or not at all.

Lines are written before their entry (see the design overview in ``models``); many entries are
written with two bulk inserts, so a batch of thousands of loan events costs a handful of
statements, not one per line.
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from policycredit.domain import posting as p
from policycredit.ledger.models import Account, EntryKind, JournalEntry, JournalLine


@dataclass
class EntrySpec:
    """An entry to write: its lines (pure :class:`~policycredit.domain.posting.Line`) and what
    caused it."""

    office_id: int
    value_date: datetime.date
    kind: str
    lines: tuple
    memo: str = ""
    actor: object = None
    loan_id: int | None = None
    loan_transaction_id: int | None = None
    decision_id: int | None = None
    reverses_id: int | None = None
    extra: dict = field(default_factory=dict)


def accounts_for(keys: Iterable[tuple]) -> dict[tuple, int]:
    """Account ids for (office, kind, source, programme) tuples, opening the missing ones."""
    wanted = {Account.key_of(*k): k for k in set(keys)}
    found = dict(Account.objects.filter(key__in=wanted).values_list("key", "id"))
    missing = [k for k in wanted if k not in found]
    if missing:
        Account.objects.bulk_create(
            [
                Account(
                    key=k,
                    office_id=wanted[k][0],
                    kind=wanted[k][1],
                    source_id=wanted[k][2],
                    programme_id=wanted[k][3],
                )
                for k in missing
            ],
            ignore_conflicts=True,
        )
        found.update(Account.objects.filter(key__in=missing).values_list("key", "id"))
    return {k: found[key] for key, k in wanted.items()}


@transaction.atomic
def post_many(specs: list[EntrySpec]) -> list[JournalEntry]:
    """Write many balanced entries: all lines first, then the entries that seal them."""
    if not specs:
        return []
    for spec in specs:
        spec.lines = p.net(spec.lines)  # refuses an unbalanced entry before the database does
    accounts = accounts_for(
        (s.office_id, x.kind, x.source, x.programme) for s in specs for x in s.lines
    )
    entries, lines = [], []
    for spec in specs:
        entry = JournalEntry(
            key=uuid.uuid4(),
            office_id=spec.office_id,
            value_date=spec.value_date,
            kind=spec.kind,
            memo=spec.memo[:255],
            actor=spec.actor,
            loan_id=spec.loan_id,
            loan_transaction_id=spec.loan_transaction_id,
            decision_id=spec.decision_id,
            reverses_id=spec.reverses_id,
        )
        entries.append(entry)
        lines += [
            JournalLine(
                entry_id=entry.key,
                account_id=accounts[(spec.office_id, x.kind, x.source, x.programme)],
                amount=x.amount,
                office_id=spec.office_id,
                value_date=spec.value_date,
                loan_id=spec.loan_id,
            )
            for x in spec.lines
        ]
    JournalLine.objects.bulk_create(lines, batch_size=2000)
    return JournalEntry.objects.bulk_create(entries, batch_size=2000)


def post(spec: EntrySpec) -> JournalEntry:
    return post_many([spec])[0]


@transaction.atomic
def post_lines_of_loans(
    *, office_id, value_date, kind, memo, actor, lines: list[tuple], insert=None, accounts=None
) -> uuid.UUID:
    """One balanced entry for many loans at once: ``lines`` are (Line, loan id or None).

    For an opening position taken from earlier books (the bank's register): the opening balance
    of each account is one entry, while each loan's own lines still name it, so the check that
    every loan's postings equal its balance holds. ``insert(model, fields, rows)`` writes plain
    tuples (the importer's COPY); without it the ORM writes them. Lines are written before the
    entry that seals them, as in :func:`post_many`. ``accounts`` may give the account ids
    already looked up (:func:`accounts_for`), so that nothing here needs the database.
    """
    from django.utils import timezone

    p.net(line for line, _loan in lines)  # refuses an unbalanced entry before the database does
    keys = {(office_id, x.kind, x.source, x.programme) for x, _loan in lines}
    if accounts is None or not keys <= accounts.keys():
        accounts = accounts_for(keys)
    key = uuid.uuid4()
    rows = [
        (
            key,
            accounts[(office_id, x.kind, x.source, x.programme)],
            x.amount,
            office_id,
            value_date,
            loan_id,
        )
        for x, loan_id in lines
        if x.amount
    ]
    fields = ["entry_id", "account_id", "amount", "office_id", "value_date", "loan_id"]
    entry = (key, office_id, value_date, kind, memo[:255], getattr(actor, "pk", None))
    entry_fields = ["key", "office_id", "value_date", "kind", "memo", "actor_id", "recorded_at"]
    if insert is not None:
        insert(JournalLine, fields, rows)
        insert(JournalEntry, entry_fields, [(*entry, timezone.now())])
        return key
    JournalLine.objects.bulk_create(
        [JournalLine(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=2000
    )
    JournalEntry.objects.create(**dict(zip(entry_fields[:-1], entry, strict=True)))
    return key


@transaction.atomic
def reverse_entry(*, actor, entry: JournalEntry, on: datetime.date, memo: str) -> JournalEntry:
    """Undo an entry that no loan caused (a savings movement, a fee, a decision) by its mirror."""
    return post(
        EntrySpec(
            office_id=entry.office_id,
            value_date=on,
            kind=EntryKind.REVERSAL,
            lines=p.negate(lines_of(entry)),
            memo=memo,
            actor=actor,
            reverses_id=entry.pk,
        )
    )


def lines_of(entry: JournalEntry) -> tuple:
    return tuple(
        p.Line(kind, amount, source, programme)
        for kind, amount, source, programme in JournalLine.objects.filter(
            entry_id=entry.key
        ).values_list("account__kind", "amount", "account__source_id", "account__programme_id")
    )


# ---------------------------------------------------------------------------- capital


def post_decision(*, actor, decision) -> JournalEntry:
    """An entrustment decision puts its money in the office's books, owed to its source."""
    return post(
        EntrySpec(
            office_id=decision.office_id,
            value_date=decision.date,
            kind=EntryKind.ENTRUSTMENT,
            lines=p.entrustment(decision.amount, decision.source_id),
            memo=str(decision)[:255],
            actor=actor,
            decision_id=decision.pk,
        )
    )


# ---------------------------------------------------------------------------- loans


def position_of(loan) -> p.Position:
    """Where a loan's principal stands according to its current-state row."""
    return p.Position(
        in_term=loan.principal_outstanding - loan.principal_overdue - loan.principal_frozen,
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
    from dataclasses import replace

    from policycredit.closing import buckets
    from policycredit.closing.selectors import accruing
    from policycredit.loans.models import TransactionKind as K

    buckets.apply_deltas(buckets.loan_deltas(loans, before))
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
                    memo=f"{tx.get_kind_display()} – {loan.number}",
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
    from policycredit.loans.models import TransactionKind as K

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


def load_chart() -> int:
    """Put the default chart of accounts in place where a kind has no line yet (a fresh
    database gets it from its migration; a flushed test database from here)."""
    from policycredit.ledger.chart import DEFAULT_CHART
    from policycredit.ledger.models import ChartAccount

    have = set(ChartAccount.objects.values_list("kind", flat=True))
    missing = [ChartAccount(kind=k, code=c, name=n) for k, c, n in DEFAULT_CHART if k not in have]
    ChartAccount.objects.bulk_create(missing)
    return len(missing)


def save_chart_account(*, actor, instance):
    """An accountant changes a chart line's code or name (never its kind)."""
    from policycredit.common.services import save_record

    return save_record(actor=actor, instance=instance)
