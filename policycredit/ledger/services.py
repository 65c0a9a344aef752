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
from django.utils import timezone

from policycredit.common import bulk
from policycredit.common.services import save_record
from policycredit.domain import posting as p
from policycredit.ledger.chart import DEFAULT_CHART
from policycredit.ledger.models import Account, ChartAccount, EntryKind, JournalEntry, JournalLine


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


LINE_FIELDS = ["entry_id", "account_id", "amount", "office_id", "value_date", "loan_id"]
ENTRY_FIELDS = [
    "id",
    "key",
    "office_id",
    "value_date",
    "kind",
    "memo",
    "actor_id",
    "loan_id",
    "loan_transaction_id",
    "decision_id",
    "reverses_id",
    "recorded_at",
]


@transaction.atomic
def post_many(specs: list[EntrySpec]) -> list[JournalEntry]:
    """Write many balanced entries: all lines first, then the entries that seal them.

    As plain rows (`common.bulk`): a day's sign-off or a month's fees make thousands of lines,
    and the ORM's per-field preparation of each would cost more than the database's work."""
    if not specs:
        return []
    for spec in specs:
        spec.lines = p.net(spec.lines)  # refuses an unbalanced entry before the database does
    accounts = accounts_for(
        (s.office_id, x.kind, x.source, x.programme) for s in specs for x in s.lines
    )
    keys = [uuid.uuid4() for _spec in specs]
    bulk.insert(
        JournalLine,
        LINE_FIELDS,
        [
            (
                key,
                accounts[(spec.office_id, x.kind, x.source, x.programme)],
                x.amount,
                spec.office_id,
                spec.value_date,
                spec.loan_id,
            )
            for spec, key in zip(specs, keys, strict=True)
            for x in spec.lines
        ],
    )
    # Numbered after the lines are written: on SQLite this transaction then holds the write
    # lock, so nobody else can take the same numbers.
    ids = bulk.reserve_ids(JournalEntry, len(specs))
    now = timezone.now()
    rows = [
        (
            pk,
            key,
            spec.office_id,
            spec.value_date,
            str(spec.kind),
            spec.memo[:255],
            getattr(spec.actor, "pk", None),
            spec.loan_id,
            spec.loan_transaction_id,
            spec.decision_id,
            spec.reverses_id,
            now,
        )
        for pk, key, spec in zip(ids, keys, specs, strict=True)
    ]
    bulk.insert(JournalEntry, ENTRY_FIELDS, rows)
    entries = [JournalEntry(**dict(zip(ENTRY_FIELDS, row, strict=True))) for row in rows]
    for entry in entries:
        entry._state.adding = False
    return entries


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
    fields = LINE_FIELDS
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


def load_chart() -> int:
    """Put the default chart of accounts in place where a kind has no line yet (a fresh
    database gets it from its migration; a flushed test database from here)."""

    have = set(ChartAccount.objects.values_list("kind", flat=True))
    missing = [ChartAccount(kind=k, code=c, name=n) for k, c, n in DEFAULT_CHART if k not in have]
    ChartAccount.objects.bulk_create(missing)
    return len(missing)


def save_chart_account(*, actor, instance):
    """An accountant changes a chart line's code or name (never its kind)."""

    return save_record(actor=actor, instance=instance)
