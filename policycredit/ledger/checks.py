"""Proof that the books are right: what ``policycredit ledger check`` runs.

Each check is one grouped query over the lines, compared with what the business records say
the books should hold; a difference names the account (chart code with office, source and
programme) or the entry, so an accountant can go straight to it.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from policycredit.capital.models import EntrustmentDecision
from policycredit.common.selectors import business_date
from policycredit.domain import posting as p
from policycredit.domain.money import format_vnd
from policycredit.ledger.models import Account, ChartAccount, JournalEntry, JournalLine
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.models import TransactionKind as K


@dataclass
class Report:
    as_of: datetime.date
    facts: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def check_books(as_of: datetime.date | None = None) -> Report:
    current = as_of is None or as_of >= business_date()
    report = Report(as_of=as_of or business_date())
    lines = JournalLine.objects.filter(value_date__lte=report.as_of)
    codes = AccountCodes()
    _entries_balance(report, lines, codes)
    _trial_balance(report, lines)
    if current:
        _loan_classes_equal_loans(report, lines, codes)
        _each_loan(report, lines)
    else:
        _loan_totals_equal_transactions(report, lines, codes)
    _capital_equals_decisions(report, lines, codes)
    _savings_equal_members(report, lines, codes)
    return report


class AccountCodes:
    """Account codes as the chart has them, loaded once."""

    def __init__(self):
        self.chart = dict(ChartAccount.objects.values_list("kind", "code"))
        self.accounts = {}

    def of(self, office_id, kind, source_id=None, programme_id=None) -> str:
        key = (office_id, kind, source_id, programme_id)
        if key not in self.accounts:
            # "loans": the three loan classes together (a past date compares totals only).
            kinds = p.LOAN_CLASSES if kind == "loans" else (kind,)
            code = "+".join(self.chart.get(k, k) for k in kinds)
            account = (
                Account.objects.select_related("office", "source", "programme")
                .filter(key=Account.key_of(office_id, kinds[0], source_id, programme_id))
                .first()
            )
            if account is None:
                self.accounts[key] = f"{code} ({kind})"
            else:
                parts = [code, account.office.code]
                parts += [x.code for x in (account.source, account.programme) if x is not None]
                self.accounts[key] = f"{'.'.join(parts)} ({account})"
        return self.accounts[key]


def _entries_balance(report, lines, codes):
    bad = lines.values("entry_id").annotate(total=Sum("amount")).exclude(total=0)
    for row in bad[:50]:
        entry = JournalEntry.objects.filter(key=row["entry_id"]).first()
        accounts = sorted(
            codes.of(a.office_id, a.kind, a.source_id, a.programme_id)
            for a in Account.objects.filter(lines__entry_id=row["entry_id"]).distinct()
        )
        report.differences.append(
            _(
                "Entry %(entry)s does not balance: its lines sum to %(total)s "
                "(accounts %(accounts)s)."
            )
            % {
                "entry": f"#{entry.pk} {entry}" if entry else row["entry_id"],
                "total": format_vnd(row["total"]),
                "accounts": ", ".join(accounts),
            }
        )
    count = lines.aggregate(entries=Count("entry_id", distinct=True), lines=Count("id"))
    report.facts.append(
        _("%(entries)s entries, %(lines)s lines up to %(day)s.")
        % {**count, "day": f"{report.as_of:%d/%m/%Y}"}
    )


def _trial_balance(report, lines):
    totals = lines.aggregate(
        debit=Sum("amount", filter=Q(amount__gt=0)), credit=Sum("amount", filter=Q(amount__lt=0))
    )
    debit, credit = totals["debit"] or 0, -(totals["credit"] or 0)
    report.facts.append(
        _("Trial balance: debits %(debit)s, credits %(credit)s.")
        % {"debit": format_vnd(debit), "credit": format_vnd(credit)}
    )
    if debit != credit:
        report.differences.append(
            _("The trial balance does not sum to zero: debits exceed credits by %(diff)s.")
            % {"diff": format_vnd(debit - credit)}
        )


def _book_classes(lines, codes=None):
    rows = (
        lines.filter(account__kind__in=p.LOAN_CLASSES)
        .values("office_id", "account__kind", "account__source_id", "account__programme_id")
        .annotate(total=Sum("amount"))
    )
    return {
        (
            r["office_id"],
            r["account__kind"],
            r["account__source_id"],
            r["account__programme_id"],
        ): r["total"]
        for r in rows
    }


def _compare(report, books: dict, truth: dict, codes, what: str):
    for key in sorted(set(books) | set(truth), key=str):
        held, owed = books.get(key, 0), truth.get(key, 0)
        if held != owed:
            report.differences.append(
                _("Account %(account)s holds %(held)s but %(what)s is %(owed)s.")
                % {
                    "account": codes.of(*key),
                    "held": format_vnd(held),
                    "what": what,
                    "owed": format_vnd(owed),
                }
            )


def _loan_classes_equal_loans(report, lines, codes):
    rows = Loan.objects.values("office_id", "source_id", "programme_id").annotate(
        in_term=Sum(F("principal_outstanding") - F("principal_overdue") - F("principal_frozen")),
        overdue=Sum("principal_overdue"),
        frozen=Sum("principal_frozen"),
    )
    truth = {}
    for r in rows:
        for kind, name in zip(p.LOAN_CLASSES, ("in_term", "overdue", "frozen"), strict=True):
            if r[name]:
                truth[(r["office_id"], kind, r["source_id"], r["programme_id"])] = r[name]
    books = {k: v for k, v in _book_classes(lines).items() if v}
    _compare(report, books, truth, codes, _("the loans' balance"))
    report.facts.append(
        _("Loans: %(total)s outstanding in the loan accounts.")
        % {"total": format_vnd(sum(books.values()))}
    )


def _each_loan(report, lines):
    """Per loan, the principal its own lines put in the loan accounts equals its outstanding:
    names the loan if one drifts. (Classes are compared per account above: the close of day
    moves principal to overdue in aggregate entries that name no loan.)"""
    books = dict(
        lines.filter(account__kind__in=p.LOAN_CLASSES, loan_id__isnull=False)
        .values_list("loan_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    drifted = [
        number
        for loan_id, number, outstanding in Loan.objects.values_list(
            "pk", "number", "principal_outstanding"
        )
        if books.get(loan_id, 0) != outstanding
    ]
    if drifted:
        report.differences.append(
            _("The postings of %(count)d loans differ from their balances: %(loans)s.")
            % {"count": len(drifted), "loans": ", ".join(drifted[:20])}
        )


def _loan_totals_equal_transactions(report, lines, codes):
    """At a past date: principal in the loan accounts = disbursed − repaid − written off, from
    the loans' own transactions (classes moved with the state, so only totals are compared)."""
    sign = {K.DISBURSEMENT: 1, K.REPAYMENT: -1, K.WRITE_OFF: -1}
    truth: dict[tuple, int] = {}
    rows = (
        LoanTransaction.objects.filter(value_date__lte=report.as_of)
        .values_list(
            "office_id", "loan__source_id", "loan__programme_id", "kind", "details", "principal"
        )
        .exclude(principal=0)
    )
    for office, source, programme, kind, details, principal in rows:
        if kind == K.REVERSAL:
            factor = -sign.get((details or {}).get("kind"), 0)
        else:
            factor = sign.get(kind, 0)
        key = (office, "loans", source, programme)
        truth[key] = truth.get(key, 0) + factor * principal
    books: dict[tuple, int] = {}
    for (office, _kind, source, programme), total in _book_classes(lines).items():
        key = (office, "loans", source, programme)
        books[key] = books.get(key, 0) + total
    books = {k: v for k, v in books.items() if v}
    truth = {k: v for k, v in truth.items() if v}
    _compare(report, books, truth, codes, _("the loans' principal from their transactions"))


def _capital_equals_decisions(report, lines, codes):
    truth = {
        (r["office_id"], p.CAPITAL_PAYABLE, r["source_id"], None): -r["total"]
        for r in EntrustmentDecision.objects.filter(date__lte=report.as_of)
        .values("office_id", "source_id")
        .annotate(total=Sum("amount"))
    }
    books = {
        (r["office_id"], p.CAPITAL_PAYABLE, r["account__source_id"], None): r["total"]
        for r in lines.filter(account__kind=p.CAPITAL_PAYABLE)
        .values("office_id", "account__source_id")
        .annotate(total=Sum("amount"))
        if r["total"]
    }
    _compare(report, books, truth, codes, _("what the entrustment decisions entrusted"))
    report.facts.append(
        _("Capital payable to the sources: %(total)s.")
        % {"total": format_vnd(-sum(books.values()))}
    )


def _savings_equal_members(report, lines, codes):
    """Members' savings in the books = the members' balances from their own movements."""
    from policycredit.savings.models import SavingsTransaction
    from policycredit.savings.selectors import signed_amount

    truth = {
        (r["office_id"], p.MEMBER_SAVINGS, None, None): -r["total"]
        for r in SavingsTransaction.objects.filter(value_date__lte=report.as_of)
        .values("office_id")
        .annotate(total=Sum(signed_amount()))
        .order_by()
        if r["total"]
    }
    books = {
        (r["office_id"], p.MEMBER_SAVINGS, None, None): r["total"]
        for r in lines.filter(account__kind=p.MEMBER_SAVINGS)
        .values("office_id")
        .annotate(total=Sum("amount"))
        .order_by()
        if r["total"]
    }
    _compare(report, books, truth, codes, _("what the members' savings add up to"))
    report.facts.append(
        _("Members' savings: %(total)s.") % {"total": format_vnd(-sum(books.values()))}
    )
