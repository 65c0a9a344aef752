"""Loans opened where other books left them (the bank's loan register), many thousands at once.

This is the loans' own way to write a loan whose history began elsewhere: each `OpeningLoan`
names where the loan stands on the export date (`domain.opening.Position`); the history that
leads there and the row's status, overdue date and debt group are the domain's
(`domain.opening`); what is written is that history, as the loans' tables hold any loan's: an
application, the loan row, its instalments, an opening disbursement and freeze. The books get
the opening balance of each loan account against cash, and one entrustment decision per capital
source brings that cash, so `ledger check --deep` holds from the first day.

A register brings a million loans: they are written as plain rows through `common.bulk.Writer`
(PostgreSQL's COPY, overlapping the reading of the next chunk), not model by model. The audit
trail is one event per chunk on the record the loans came from (the import run): how many loans,
which ids, what principal.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from policycredit.audit.models import Action
from policycredit.audit.services import record
from policycredit.capital.models import EntrustmentDecision
from policycredit.capital.services import open_decision
from policycredit.common import bulk
from policycredit.common.selectors import accruing, business_date
from policycredit.domain import opening as rules
from policycredit.domain import posting as p
from policycredit.domain.loan import state_at
from policycredit.domain.overdue_interest import unpaid_interest
from policycredit.ledger.models import EntryKind
from policycredit.ledger.services import accounts_for, post_lines_of_loans
from policycredit.loans.models import (
    Application,
    ApplicationStatus,
    Instalment,
    Loan,
    LoanTransaction,
)
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import histories_of
from policycredit.loans.services.state import refresh_states
from policycredit.loans.signals import balances_opened

APPLICATION_FIELDS = [
    "id", "number", "office_id", "household_id", "borrower_id", "programme_id", "group_id",
    "amount", "term_months", "purpose", "applied_on", "collateral", "business",
    "jobs_new_planned", "jobs_maintained_planned", "status", "terms_id", "rejection_reason",
]  # fmt: skip
LOAN_FIELDS = [
    "id", "number", "office_id", "application_id", "household_id", "borrower_id",
    "programme_id", "group_id", "source_id", "terms_id", "monthly_rate", "overdue_factor",
    "day_basis", "amount", "term_months", "first_disbursed_on", "jobs_new_planned",
    "jobs_maintained_planned", "state_date", "status", "disbursed_total",
    "principal_outstanding", "principal_overdue", "principal_frozen", "principal_repaid_total",
    "principal_written_off", "interest_paid_total", "interest_overdue_paid", "overdue_since",
    "debt_group", "next_due",
]  # fmt: skip
TRANSACTION_FIELDS = [
    "loan_id", "office_id", "kind", "value_date", "principal", "interest", "details", "reason",
    "actor_id", "recorded_at",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class OpeningLoan:
    """One loan to open: who, under which programme and terms, and where it stands."""

    number: str  # the contract number the other books gave it
    household_id: int
    borrower_id: int
    programme_id: int
    group_id: int | None
    source_id: int
    terms: object  # the programme's terms in force (`programmes.ProgrammeTerms`)
    monthly_rate: Decimal
    amount: int  # as contracted; at least what is outstanding
    term_months: int
    first_disbursed_on: datetime.date  # as the other books say; also the application's date
    position: rules.Position
    freeze_months: int = 0
    freeze_decision: str = ""


class Opening:
    """Opens the loans of one office from one source of records, chunk by chunk.

    `prepare` does a chunk's database work (ids, ledger accounts); `write` only builds rows for
    the writer, so it overlaps the writer's previous COPY; `finish` brings the capital, the
    accruing balances and the opening interest in once every chunk is written.
    """

    def __init__(self, *, actor, office, as_of, origin, writer: bulk.Writer, thresholds, purpose):
        self.actor, self.office, self.as_of = actor, office, as_of
        self.opened = as_of - rules.ONE_DAY
        self.origin = origin  # the record the loans come from: named in entries and the audit
        self.writer, self.thresholds, self.purpose = writer, thresholds, purpose
        self.today = business_date()  # read once: a query mid-chunk would wait for the COPY
        self.accounts: dict[tuple, int] = {}
        self.capital: dict[int, list] = defaultdict(lambda: [0, set()])  # source: amount, progs
        self.interest: dict[tuple, list] = defaultdict(lambda: [0, 0])  # (source, programme)
        self.deltas: dict[tuple, int] = defaultdict(int)
        self.late: list[int] = []  # in-term principal already due by today: derived again
        self.ids: list[int] = []

    @property
    def memo(self) -> str:
        return f"HSTD {self.as_of:%d/%m/%Y} – lần nhập {self.origin.pk}"

    def prepare(self, loans: list[OpeningLoan]) -> tuple[list[int], list[int]]:
        """The chunk's application and loan ids, and the ledger accounts its entries post to."""
        office = self.office.pk
        wanted = {(office, p.CASH_OFFICE, None, None)}
        for loan in loans:
            for kind, amount in _classes(loan.position):
                if amount:
                    wanted.add((office, kind, loan.source_id, loan.programme_id))
        self.open_accounts(wanted)
        return bulk.reserve_ids(Application, len(loans)), bulk.reserve_ids(Loan, len(loans))

    def open_accounts(self, keys: set[tuple]) -> None:
        """Ledger accounts (office, kind, source, programme) looked up or opened now, while the
        database is free, and kept for the rest of the run (entries beside the loans' use them:
        the members' savings a register brings)."""
        missing = keys - self.accounts.keys()
        if missing:
            self.accounts.update(accounts_for(missing))

    def write(self, loans: list[OpeningLoan], ids: tuple[list[int], list[int]]) -> None:
        rows = _Rows(self)
        for loan, application_id, loan_id in zip(loans, *ids, strict=True):
            rows.add(loan, application_id, loan_id)
        insert = self.writer.insert
        insert(Application, APPLICATION_FIELDS, rows.applications)
        insert(Loan, LOAN_FIELDS, rows.loans)
        insert(Instalment, ["loan_id", "due", "principal", "office_id"], rows.instalments)
        insert(LoanTransaction, TRANSACTION_FIELDS, rows.transactions)
        self._post(loans, ids[1])
        self.ids += ids[1]
        record(
            actor=self.actor,
            action=Action.LOANS_OPENED,
            instance=self.origin,
            new={
                "loans": len(loans),
                "first": ids[1][0] if loans else None,
                "last": ids[1][-1] if loans else None,
                "principal": sum(x.position.outstanding for x in loans),
            },
        )

    def _post(self, loans: list[OpeningLoan], ids: list[int]) -> None:
        """The chunk's opening position in the books: one entry per capital source and programme
        (the opening balance of their loan accounts against the cash the opening decisions
        bring), each loan's principal on lines naming the loan, so `ledger check` still finds
        every loan's postings equal to its balance."""
        by_dims: dict[tuple, list] = defaultdict(list)
        for loan, loan_id in zip(loans, ids, strict=True):
            by_dims[(loan.source_id, loan.programme_id)].append((loan_id, loan.position))
        for (source, programme), members in by_dims.items():
            lines, cash = [], 0
            for loan_id, position in members:
                for kind, amount in _classes(position):
                    if amount:
                        lines.append((p.Line(kind, amount, source, programme), loan_id))
                cash += position.outstanding
            lines.append((p.Line(p.CASH_OFFICE, -cash), None))
            self._entry(self.opened, "Số dư đầu kỳ", lines, insert=self.writer.insert)

    def finish(self, *, decision_number: str, decision_note: str) -> None:
        """After the last chunk is in the database: the capital that funds the loans, the
        balances the close accrues on, the unpaid interest, the loans already due again."""
        for source_id, (amount, programmes) in self.capital.items():
            if not amount:
                continue
            open_decision(
                actor=self.actor,
                instance=EntrustmentDecision(
                    source_id=source_id,
                    office=self.office,
                    number=decision_number,
                    date=self.opened,
                    amount=amount,
                    note=decision_note,
                ),
                programmes=programmes,
            )
        balances_opened.send(sender=Opening, deltas=dict(self.deltas))
        self._post_interest()
        for start in range(0, len(self.late), 2000):
            late = list(Loan.objects.filter(pk__in=self.late[start : start + 2000]))
            refresh_states(late, actor=self.actor)

    def _post_interest(self) -> None:
        """The unpaid interest in the books, once the close of day accrues interest (until then
        interest is income when collected, and the first close books what the engine says is
        due, this included). Receivable against ordinary and overdue-interest income, dated the
        export date; if days were closed since the export without these loans, what the engine
        accrued on them in those days is added, so the receivable is what they owe."""
        if not accruing() or not self.ids:
            return
        amounts = {key: list(value) for key, value in self.interest.items()}
        today = business_date()
        if today > self.as_of:
            amounts = defaultdict(lambda: [0, 0])
            for start in range(0, len(self.ids), 2000):
                chunk = list(Loan.objects.filter(pk__in=self.ids[start : start + 2000]))
                histories = histories_of(chunk)
                for loan in chunk:
                    history = histories[loan.pk]
                    in_term, overdue = unpaid_interest(history, state_at(history, today))
                    amount = amounts[(loan.source_id, loan.programme_id)]
                    amount[0] += in_term
                    amount[1] += overdue
        lines = []
        for (source, programme), (in_term, overdue) in amounts.items():
            lines += [(x, None) for x in p.interest_accrued(in_term, overdue, source, programme)]
        if lines:
            self._entry(self.as_of, "Lãi tồn đầu kỳ", lines)

    def _entry(self, day, what: str, lines: list, insert=None) -> None:
        """One entry of the opening position, its memo naming where it comes from."""
        post_lines_of_loans(
            office_id=self.office.pk,
            value_date=day,
            kind=EntryKind.LOAN,
            memo=f"{what} theo {self.memo}",
            actor=self.actor,
            lines=lines,
            insert=insert,
            accounts=self.accounts,
        )


class _Rows:
    """A chunk's rows as the tables hold them, built without the database."""

    def __init__(self, opening: Opening):
        self.opening = opening
        self.office = opening.office.pk
        self.origin = opening.origin.pk
        self.now, self.actor = timezone.now(), opening.actor.pk
        self.number = len(opening.ids)
        self.applications, self.loans, self.instalments, self.transactions = [], [], [], []

    def add(self, loan: OpeningLoan, application_id: int, loan_id: int) -> None:
        opening, position, terms = self.opening, loan.position, loan.terms
        office, as_of = self.office, position.as_of
        self.number += 1
        self.applications.append(
            (
                application_id, f"HSTD-{self.origin}-{self.number:07d}", office,
                loan.household_id, loan.borrower_id, loan.programme_id, loan.group_id,
                loan.amount, loan.term_months, opening.purpose, loan.first_disbursed_on, "", False,
                0, 0,
                ApplicationStatus.DISBURSED.value, terms.id, "",
            )
        )  # fmt: skip
        status, overdue_since, debt_group = rules.row(position, opening.thresholds)
        due = position.in_term_due if position.in_term else None
        self.loans.append(
            (
                loan_id, loan.number, office, application_id, loan.household_id,
                loan.borrower_id, loan.programme_id, loan.group_id, loan.source_id, terms.id,
                loan.monthly_rate, terms.overdue_factor, terms.day_basis, loan.amount,
                loan.term_months, loan.first_disbursed_on, 0, 0, as_of, status,
                position.outstanding, position.outstanding, position.overdue, position.frozen, 0,
                0, 0, 0, overdue_since, debt_group, due,
            )
        )  # fmt: skip
        self._history(loan, loan_id, due)
        self._books(loan)

    def _history(self, loan: OpeningLoan, loan_id: int, due) -> None:
        """The rows of `domain.opening.history`."""
        position, office, opened = loan.position, self.office, self.opening.opened
        if position.overdue:
            self.instalments.append((loan_id, opened, position.overdue, office))
        if position.in_term:
            self.instalments.append((loan_id, due, position.in_term, office))
            if due < self.opening.today:
                self.opening.late.append(loan_id)
        tail = (self.opening.purpose, self.actor, self.now)
        details = {
            "opening": self.origin,
            "opening_interest": {
                "from": position.as_of.isoformat(),
                "in_term": position.interest_in_term,
                "overdue": position.interest_overdue,
            },
        }
        self.transactions.append(
            (loan_id, office, K.DISBURSEMENT.value, opened, position.outstanding, 0, details, *tail)
        )
        if position.frozen:
            details = {
                "amount": position.frozen,
                "months": loan.freeze_months,
                "decision": loan.freeze_decision,
                "loss_percent": None,
                "opening": self.origin,
            }
            self.transactions.append(
                (loan_id, office, K.FREEZE.value, opened, 0, 0, details, *tail)
            )

    def _books(self, loan: OpeningLoan) -> None:
        """What the chunk adds to the capital lent, the accruing balances and the interest."""
        opening, position = self.opening, loan.position
        key = (self.office, loan.source_id, loan.programme_id)
        rate = (loan.monthly_rate, loan.terms.overdue_factor, loan.terms.day_basis)
        for overdue, balance in ((False, position.in_term), (True, position.overdue)):
            if balance:
                opening.deltas[(*key, overdue, *rate)] += balance
        capital = opening.capital[loan.source_id]
        capital[0] += position.outstanding
        capital[1].add(loan.programme_id)
        interest = opening.interest[(loan.source_id, loan.programme_id)]
        interest[0] += position.interest_in_term
        interest[1] += position.interest_overdue


def _classes(position: rules.Position) -> tuple:
    """The loan accounts a position's principal opens in, with the amount in each."""
    return (
        (p.LOANS_IN_TERM, position.in_term),
        (p.LOANS_OVERDUE, position.overdue),
        (p.LOANS_FROZEN, position.frozen),
    )
