"""Reads of the books: balances, trial balance, account statements, capital by source and year.

Every read a user reaches is scoped to the offices they may see. Balances are signed as posted
(debit +, credit −); screens turn liabilities and income round to show positive amounts.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from policycredit.accounts.selectors import scope_of
from policycredit.domain import posting as p
from policycredit.ledger.models import Account, ChartAccount, JournalEntry, JournalLine

LOAN_CLASSES = list(p.LOAN_CLASSES)


def _offices(user, qs: QuerySet, field: str = "office_id") -> QuerySet:
    scope = scope_of(user)
    return qs if scope.everything else qs.filter(**{f"{field}__in": scope.office_ids})


def accounts_for(user) -> QuerySet:
    return _offices(user, Account.objects.select_related("office", "source", "programme"))


def entries_for(user) -> QuerySet:
    return _offices(user, JournalEntry.objects.select_related("loan", "actor"))


def lines_for(user) -> QuerySet:
    return _offices(user, JournalLine.objects.all())


def chart() -> dict[str, ChartAccount]:
    return {c.kind: c for c in ChartAccount.objects.all()}


def balance(
    *,
    office_id=None,
    kinds,
    source_id=None,
    programme_id=None,
    as_of: datetime.date | None = None,
) -> int:
    """The signed balance of the accounts of the given kinds (and dimensions) at a date."""
    # The accounts first (a small table), then their lines by (account, value date): a join
    # let SQLite walk every line of the office instead.
    accounts = Account.objects.filter(kind__in=list(kinds))
    if office_id is not None:
        accounts = accounts.filter(office_id=office_id)
    if source_id is not None:
        accounts = accounts.filter(source_id=source_id)
    if programme_id is not None:
        accounts = accounts.filter(programme_id=programme_id)
    ids = list(accounts.values_list("id", flat=True))
    if not ids:
        return 0
    qs = JournalLine.objects.filter(account_id__in=ids)
    if as_of is not None:
        qs = qs.filter(value_date__lte=as_of)
    return qs.aggregate(total=Sum("amount"))["total"] or 0


def capital_room(source_id: int, office_id: int, on: datetime.date) -> int:
    """What a source can still lend at an office: capital it had entrusted by ``on`` less the
    principal its loans owe now. Repayments free room, and so does a write-off: the loss is
    met from the risk reserve, not from the source's capital."""
    return entrusted_by(source_id, office_id, on) - lent_by(source_id, office_id)


def lent_by(source_id: int, office_id: int) -> int:
    """Principal the loans of a source at an office owe now, as the books hold it."""
    return balance(office_id=office_id, kinds=LOAN_CLASSES, source_id=source_id)


def entrusted_by(source_id: int, office_id: int, on: datetime.date) -> int:
    """Capital a source had entrusted to an office by a date, as the books hold it."""
    return -balance(office_id=office_id, kinds=[p.CAPITAL_PAYABLE], source_id=source_id, as_of=on)


def trial_balance(user, as_of: datetime.date | None = None, office_id=None) -> list[dict]:
    """One row per account with a balance: its chart line, dimensions, debit and credit sums."""
    qs = lines_for(user)
    if as_of is not None:
        qs = qs.filter(value_date__lte=as_of)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    rows = qs.values("account_id").annotate(
        debit=Sum("amount", filter=Q(amount__gt=0)),
        credit=Sum("amount", filter=Q(amount__lt=0)),
        balance=Sum("amount"),
    )
    accounts = Account.objects.select_related("office", "source", "programme").in_bulk(
        [r["account_id"] for r in rows]
    )
    codes = chart()
    out = []
    for r in rows:
        account = accounts[r["account_id"]]
        chart_line = codes.get(account.kind)
        out.append(
            {
                "account": account,
                "code": account_code(account, chart_line),
                "name": chart_line.name if chart_line else account.get_kind_display(),
                "debit": r["debit"] or 0,
                "credit": -(r["credit"] or 0),
                "balance": r["balance"] or 0,
            }
        )
    out.sort(key=lambda row: row["code"])
    return out


def account_code(account: Account, chart_line: ChartAccount | None = None) -> str:
    """The chart code followed by the office, source and programme codes the account is kept
    for, e.g. ``2111.HBT.NSH-Q.GQVL``."""
    chart_line = chart_line or ChartAccount.objects.filter(kind=account.kind).first()
    parts = [chart_line.code if chart_line else account.kind, account.office.code]
    if account.source_id:
        parts.append(account.source.code)
    if account.programme_id:
        parts.append(account.programme.code)
    return ".".join(parts)


@dataclass
class StatementLine:
    value_date: datetime.date
    entry: JournalEntry
    amount: int
    running: int


def account_statement(
    user, account: Account, start: datetime.date, end: datetime.date
) -> tuple[int, list[StatementLine], int]:
    """Opening balance, the lines between two dates (inclusive), closing balance."""
    lines = lines_for(user).filter(account=account)
    opening = lines.filter(value_date__lt=start).aggregate(t=Sum("amount"))["t"] or 0
    running, out = opening, []
    period = (
        lines.filter(value_date__gte=start, value_date__lte=end)
        .select_related("entry", "entry__loan")
        .order_by("value_date", "id")
    )
    for line in period:
        running += line.amount
        out.append(StatementLine(line.value_date, line.entry, line.amount, running))
    return opening, out, running


@dataclass
class CapitalYear:
    year: int
    entrusted: int  # in the year
    entrusted_to_date: int
    disbursed: int
    repaid: int
    written_off: int
    outstanding: int  # at the year's end (or the date asked for)
    available: int


def capital_by_year(user, source, as_of: datetime.date, office_id=None) -> list[CapitalYear]:
    """Capital that revolves, year by year, from the books: what the source entrusted, what
    its loans took out and brought back, what they owe at the year's end and the room left."""
    lines = lines_for(user).filter(account__source=source, value_date__lte=as_of)
    if office_id is not None:
        lines = lines.filter(office_id=office_id)
    by_year: dict[int, dict] = {}

    def add(rows, name, sign=1):
        for row in rows:
            by_year.setdefault(row["year"], {})[name] = sign * (row["total"] or 0)

    yearly = lines.annotate(year=ExtractYear("value_date")).values("year")
    add(
        yearly.filter(account__kind=p.CAPITAL_PAYABLE).annotate(total=Sum("amount")),
        "entrusted",
        -1,
    )
    loan_lines = yearly.filter(account__kind__in=LOAN_CLASSES)
    add(loan_lines.annotate(total=Sum("amount")), "net")
    add(yearly.filter(account__kind=p.WRITE_OFF_LOSS).annotate(total=Sum("amount")), "off")
    # Disbursed and repaid are the loan transactions' own amounts (a reversal nets out).
    add(_loan_flows(lines, "disbursement"), "disbursed")
    add(_loan_flows(lines, "repayment"), "repaid", -1)
    out, entrusted, outstanding, off = [], 0, 0, 0
    for year in sorted(by_year):
        row = by_year[year]
        entrusted += row.get("entrusted", 0)
        outstanding += row.get("net", 0)
        off += row.get("off", 0)
        out.append(
            CapitalYear(
                year=year,
                entrusted=row.get("entrusted", 0),
                entrusted_to_date=entrusted,
                disbursed=row.get("disbursed", 0),
                repaid=row.get("repaid", 0),
                written_off=row.get("off", 0),
                outstanding=outstanding,
                available=entrusted - outstanding,
            )
        )
    return out


def _loan_flows(lines: QuerySet, kind: str):
    """Principal moved on the loan accounts by one kind of loan transaction (its reversals
    netted), per year."""
    qs = lines.filter(account__kind__in=LOAN_CLASSES).filter(
        Q(entry__loan_transaction__kind=kind) | Q(entry__reverses__loan_transaction__kind=kind)
    )
    # A repayment's entry also moves principal between classes; those moves sum to zero, so
    # the sum over the loan accounts is the repayment itself.
    return qs.annotate(year=ExtractYear("value_date")).values("year").annotate(total=Sum("amount"))


def capital_sources() -> QuerySet:
    """The capital sources the books can hold capital of: the model behind the accounts' source
    (the ledger sits below the capital app and reads its sources through its own accounts)."""
    return Account._meta.get_field("source").related_model.objects.select_related("unit")
