"""Proof that the books are right: what ``policycredit ledger check`` runs.

Each check is one grouped query over the lines, compared with what the business records say
the books should hold; a difference names the account (chart code with office, source and
programme) or the entry, so an accountant can go straight to it.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from policycredit.common.selectors import business_date
from policycredit.domain import posting as p
from policycredit.domain.money import format_vnd
from policycredit.ledger.models import Account, ChartAccount, JournalEntry, JournalLine


@dataclass
class Report:
    as_of: datetime.date
    facts: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


# The checks of what other apps keep against their accounts (loans, capital, savings). Those
# apps sit above the books, so each registers its own here (`register`) from its `ready()`.
CHECKS: list = []


def register(check) -> None:
    """``check(report, lines, codes, current)`` adds facts and differences to the report;
    ``current`` is whether the books are read as of the business date (else a past date)."""
    if check not in CHECKS:
        CHECKS.append(check)


# The deep checks: the apps that keep figures the engine defines replay them and compare
# (`loans.proof.deep_check`), for ``ledger check --deep``.
DEEP: list = []


def register_deep(check) -> None:
    """``check(office=None, progress=None)`` returns a report with ``ok``, ``loans``,
    ``seconds``, ``differences`` and ``as_json()``."""
    if check not in DEEP:
        DEEP.append(check)


def check_books(as_of: datetime.date | None = None) -> Report:
    current = as_of is None or as_of >= business_date()
    report = Report(as_of=as_of or business_date())
    lines = JournalLine.objects.filter(value_date__lte=report.as_of)
    codes = AccountCodes()
    _entries_balance(report, lines, codes)
    _trial_balance(report, lines)
    for check in CHECKS:
        check(report, lines, codes, current)
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


def book_classes(lines, codes=None):
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


def compare(report, books: dict, truth: dict, codes, what: str):
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
