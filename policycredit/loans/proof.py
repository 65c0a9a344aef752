"""The deep check: every loan replayed through the engine and compared, field by field, with its
stored row and with what the books hold for it.

The loan row, the loan accounts and the interest receivable are caches of the engine
(`policycredit.domain`). ``ledger check`` proves the books against the rows; this proves the rows
and the books against the engine, so a figure that parted from the definition is named with the
loan, the field and both values. What is replayed: every open loan, every closed loan that still
owes interest (``interest_left``), and every loan with a transaction since the last month end
(one settled this month is proved once more).

What is compared, as of the business date (the state the close left for the morning):

* per loan, the row's derived fields (`domain.loanrow.FIELDS`) with the replay;
* per loan, the principal its own journal lines put in the loan accounts with its outstanding;
* per account (office × source × programme), each loan class with the replayed loans' sum;
* per account, where the books accrue, the interest receivable with the replayed loans' interest
  due. The books accrue per balance at a rate, posting whole đồng and carrying the fraction,
  while the engine rounds each loan once: the two may differ by less than a đồng a loan, so
  that much is allowed, and no more (see docs/domain/ledger.md).

Loans are read and replayed a chunk at a time (two queries a chunk for the histories, one for
their journal lines), so memory stays flat whatever the portfolio.
"""

import datetime
import time
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Sum
from django.utils.translation import gettext as _

from policycredit.common.selectors import accruing, business_date, rule
from policycredit.domain import posting as p
from policycredit.domain.loan import LoanRuleError, state_at
from policycredit.domain.loanrow import FIELDS, OPEN_STATUSES, in_term, row_of
from policycredit.domain.money import format_vnd
from policycredit.ledger.checks import AccountCodes
from policycredit.ledger.models import JournalLine
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.loans.selectors import histories_of

CHUNK = 2_000
_CLASS_OF = dict(
    zip(p.LOAN_CLASSES, ("principal_in_term", "principal_overdue", "principal_frozen"), strict=True)
)


@dataclass(frozen=True)
class Difference:
    loan: str  # contract number, or an account for a difference of the books
    field: str
    stored: object
    engine: object

    def __str__(self):
        return _("%(loan)s: %(field)s is %(stored)s, the engine says %(engine)s.") % {
            "loan": self.loan,
            "field": _label(self.field),
            "stored": _shown(self.stored),
            "engine": _shown(self.engine),
        }


def _label(name: str) -> str:
    """A field as the screens name it, with its name in the code for whoever fixes it."""
    if name == "principal_in_term":
        return f"{_('principal in term')} ({name})"
    try:
        return f"{Loan._meta.get_field(name).verbose_name} ({name})"
    except FieldDoesNotExist:
        return str(name)


def _shown(value):
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int) and not isinstance(value, bool):
        return format_vnd(value)
    return "—" if value is None else str(value)


@dataclass
class DeepReport:
    as_of: datetime.date
    loans: int = 0
    seconds: float = 0.0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "loans": self.loans,
            "seconds": round(self.seconds, 3),
            "differences": len(self.differences),
            "first_differences": [str(d) for d in self.differences[:50]],
        }


def last_month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=1) - datetime.timedelta(days=1)


def loans_to_prove(*, office=None, since: datetime.date | None = None) -> set[int]:
    """Every open loan, every closed loan still owing interest, and every loan with a
    transaction dated after ``since``: three index reads, not one join over the log."""
    loans = Loan.objects.order_by()
    transactions = LoanTransaction.objects.order_by()
    if office is not None:
        loans, transactions = loans.filter(office=office), transactions.filter(office=office)
    ids = set(loans.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    ids.update(loans.exclude(interest_left=0).values_list("pk", flat=True))
    if since is not None:
        ids.update(transactions.filter(value_date__gt=since).values_list("loan_id", flat=True))
    return ids


# What the proof reads of a loan row: its keys, its terms and the fields it compares.
_COLUMNS = (
    "pk",
    "number",
    "office_id",
    "source_id",
    "programme_id",
    "monthly_rate",
    "overdue_factor",
    "day_basis",
    *(name for name in FIELDS if name != "principal_in_term"),
)
_Row = namedtuple("_Row", _COLUMNS)


def deep_check(*, office=None, loan_ids=None, progress=None) -> DeepReport:
    """Replay and compare (``loan_ids``: only those, with no account-level comparison, as the
    month-end close does for the loans that changed in the month)."""
    started = time.perf_counter()
    today = business_date()
    report = DeepReport(as_of=today)
    thresholds = rule("closing.debt_group_days", today)
    whole = loan_ids is None
    if whole:
        loan_ids = loans_to_prove(office=office, since=last_month_end(today))
    ids = sorted(set(loan_ids))
    del loan_ids
    classes: dict[tuple, int] = defaultdict(int)
    due: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])  # interest due, loans
    for start in range(0, len(ids), CHUNK):
        rows = Loan.objects.filter(pk__in=ids[start : start + CHUNK]).order_by("pk")
        chunk = [_Row(*row) for row in rows.values_list(*_COLUMNS)]
        _prove_chunk(chunk, today, thresholds, report, classes, due)
        report.loans += len(chunk)
        if progress:
            progress(report.loans, len(ids))
    if whole:
        _prove_accounts(report, office, classes, due, today)
    report.seconds = time.perf_counter() - started
    return report


def _prove_chunk(chunk, today, thresholds, report, classes, due) -> None:
    histories = histories_of(chunk)
    booked = dict(
        JournalLine.objects.filter(
            loan_id__in=[loan.pk for loan in chunk], account__kind__in=p.LOAN_CLASSES
        )
        .values_list("loan_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for loan in chunk:
        history = histories[loan.pk]
        try:
            state = state_at(history, today)
        except LoanRuleError as error:
            report.differences.append(Difference(loan.number, _("history"), "", error.args[-1]))
            continue
        engine = row_of(state, history.payments, thresholds)
        stored = {name: getattr(loan, name, None) for name in FIELDS}
        stored["principal_in_term"] = in_term(
            loan.principal_outstanding, loan.principal_overdue, loan.principal_frozen
        )
        for name in FIELDS:
            if stored[name] != engine[name]:
                report.differences.append(Difference(loan.number, name, stored[name], engine[name]))
        if booked.get(loan.pk, 0) != state.principal_outstanding:
            report.differences.append(
                Difference(
                    loan.number,
                    _("principal in the loan accounts"),
                    booked.get(loan.pk, 0),
                    state.principal_outstanding,
                )
            )
        key = (loan.office_id, loan.source_id, loan.programme_id)
        for kind, name in _CLASS_OF.items():
            classes[(*key, kind)] += engine[name]
        due[key][0] += state.interest_due
        due[key][1] += 1


def _prove_accounts(report, office, classes, due, today) -> None:
    lines = JournalLine.objects.filter(value_date__lte=today)
    if office is not None:
        lines = lines.filter(office=office)
    codes = AccountCodes()
    books = defaultdict(int)
    for office_id, kind, source, programme, total in (
        lines.filter(account__kind__in=[*p.LOAN_CLASSES, p.INTEREST_RECEIVABLE])
        .values_list("office_id", "account__kind", "account__source_id", "account__programme_id")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        books[(office_id, source, programme, kind)] += total
    for key in sorted(set(classes) | {k for k in books if k[3] in p.LOAN_CLASSES}, key=str):
        held, owed = books.get(key, 0), classes.get(key, 0)
        if held != owed:
            office_id, source, programme, kind = key
            report.differences.append(
                Difference(codes.of(office_id, kind, source, programme), kind, held, owed)
            )
    if not accruing():
        return
    receivable = {k[:3]: v for k, v in books.items() if k[3] == p.INTEREST_RECEIVABLE}
    for key in sorted(set(receivable) | set(due), key=str):
        held = receivable.get(key, 0)
        owed, loans = due.get(key, (0, 0))
        # Under a đồng a loan: the books round per balance at a rate, the engine per loan.
        if abs(held - owed) > max(loans, 1):
            report.differences.append(
                Difference(
                    codes.of(*key[:1], p.INTEREST_RECEIVABLE, *key[1:]),
                    p.INTEREST_RECEIVABLE,
                    held,
                    owed,
                )
            )
