"""The loan register (HSTD, hồ sơ tín dụng) as the bank's core system exports it: one row per
loan as of a date, with the bank's Vietnamese column names (``columns.HSTD``).

Why the engine and not the loan rows. The current-state row on ``Loan`` is the state at its
last refresh; a register "as of" a past date must say what the loan owed then. Each loan is
replayed by the same engine, from the same log, as `policycredit calc --loan … --as-of`, so a
row and the calculator never disagree. Loans are read in chunks of ``CHUNK`` (two queries for
their logs, two for their extras) and the workbook is written with openpyxl's write-only mode,
which streams rows to disk: memory stays flat whatever the number of loans.

Unpaid interest is split as the bank's columns want it (Lãi tồn TH / QH): the overdue part is
the interest accrued on overdue principal (rounded once) less what payments settled of it
(overdue interest is settled first, as the books split it), never more than all that is due;
the in-term part is the rest. The two always add up to the engine's interest due.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from policycredit.domain.accrual import OVERDUE
from policycredit.domain.dates import add_months
from policycredit.domain.loan import LoanHistory, LoanState, state_at
from policycredit.domain.money import round_half_up
from policycredit.domain.posting import overdue_interest_settled
from policycredit.geo.models import Office
from policycredit.loans.models import LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import histories_of
from policycredit.registers.columns import HSTD, Column
from policycredit.web.excel import DATE, MONEY

CHUNK = 2000

# What the bank's status column says; the state as of the date decides it.
STATUS_TEXT = {
    "active": "Trong hạn",
    "overdue": "Quá hạn",
    "frozen": "Khoanh",
    "settled": "Đã tất toán",
    "written_off": "Đã xóa nợ",
}
SEX = {"M": "Nam", "F": "Nữ"}
# Nguồn vốn as the bank codes it: 1 central, 2 local (the budget is named by Mã nhà đầu tư).
SOURCE_CODE = {"central": "1"}
LOCAL = "2"


def unpaid_interest(history: LoanHistory, state: LoanState) -> tuple[int, int]:
    """(in term, overdue) unpaid interest at the state's date; they sum to ``interest_due``."""
    accrued = sum(
        (s.interest for s in state.segments if s.kind == OVERDUE and s.start < state.as_of),
        Decimal(0),
    )
    settled = overdue_interest_settled(history.payments, state)
    overdue = min(max(round_half_up(accrued) - settled, 0), max(state.interest_due, 0))
    return state.interest_due - overdue, overdue


@dataclass
class Totals:
    """What an export wrote, summed: per office and overall."""

    rows: int = 0
    by_office: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    SUMMED = (
        "outstanding",
        "principal_in_term",
        "principal_overdue",
        "principal_frozen",
        "interest_unpaid",
        "interest_unpaid_overdue",
    )

    def add(self, values: dict) -> None:
        self.rows += 1
        office = self.by_office[values["office_code"]]
        office["loans"] += 1
        for key in self.SUMMED:
            office[key] += values[key]

    def total(self, key: str) -> int:
        return sum(office[key] for office in self.by_office.values())


LOAN_FIELDS = (
    "id",
    "number",
    "office_id",
    "household_id",
    "borrower_id",
    "programme_id",
    "group_id",
    "source_id",
    "monthly_rate",
    "overdue_factor",
    "day_basis",
    "amount",
    "term_months",
    "first_disbursed_on",
)


def loan_values(loans: QuerySet, as_of: datetime.date) -> Iterator[dict]:
    """One dict (column key → value) per loan that owes principal or interest on ``as_of``,
    in office and then loan order, read chunk by chunk."""
    qs = loans.only(*LOAN_FIELDS)
    places = _Places()
    # Office by office (in code order), loans by key within each: a keyset walk, so every
    # chunk is one indexed range read however far into the portfolio it is.
    offices = (
        Office.objects.filter(pk__in=loans.values("office_id"))
        .order_by("code")
        .values_list("pk", flat=True)
    )
    for office_id in list(offices):
        last = 0
        while True:
            chunk = list(qs.filter(office_id=office_id, pk__gt=last).order_by("pk")[:CHUNK])
            if not chunk:
                break
            last = chunk[-1].pk
            yield from _chunk_values(chunk, as_of, places)


class _Places:
    """The columns a loan shares with many others (office, programme, source, group with its
    point, ward and organisation), read once per export and kept by id: a million loans sit
    in a few thousand groups, so this saves building a dozen related objects per row."""

    def __init__(self):
        from policycredit.capital.models import CapitalSource
        from policycredit.programmes.models import Programme

        self.offices = {
            o.pk: {"office_code": o.code, "office_name": o.name} for o in Office.objects.all()
        }
        self.programmes = {
            p.pk: {"programme_code": p.code, "programme_name": p.name}
            for p in Programme.objects.all()
        }
        self.sources = {
            s.pk: {
                "source": SOURCE_CODE.get(s.level, LOCAL),
                "investor_code": s.code,
                "investor_name": s.name,
            }
            for s in CapitalSource.objects.all()
        }
        self.groups: dict[int, dict] = {}

    def load_groups(self, ids) -> None:
        from policycredit.network.models import SavingsGroup

        missing = set(ids) - set(self.groups) - {None}
        if not missing:
            return
        rows = SavingsGroup.objects.filter(pk__in=missing).select_related(
            "leader", "organisation__unit", "transaction_point__ward"
        )
        for group in rows:
            point, organisation = group.transaction_point, group.organisation
            self.groups[group.pk] = {
                "ward_code": point.ward.code,
                "ward_name": point.ward.name,
                "point_code": point.code,
                "point_name": point.name,
                "point_day": point.day_of_month,
                "group_code": group.code,
                "group_name": group.name,
                "group_leader": group.leader.full_name if group.leader else "",
                "org_code": f"{organisation.kind}-{organisation.unit.code}",
                "org_name": organisation.name,
            }


def _people_of(chunk: list) -> tuple[dict, dict]:
    """The chunk's households and borrowers as plain tuples (one query each)."""
    from policycredit.borrowers.models import Household, Person

    households = {
        row[0]: row[1:]
        for row in Household.objects.filter(pk__in={x.household_id for x in chunk}).values_list(
            "pk", "code", "village", "address", "phone", "ward__code", "ward__name"
        )
    }
    persons = {
        row[0]: row[1:]
        for row in Person.objects.filter(pk__in={x.borrower_id for x in chunk}).values_list(
            "pk", "full_name", "gender", "birth_date", "cccd"
        )
    }
    return households, persons


def _chunk_values(chunk: list, as_of: datetime.date, places: _Places) -> Iterator[dict]:
    histories = histories_of(chunk)
    events = _events_of([loan.pk for loan in chunk])
    savings = _savings_of(chunk, as_of)
    households, persons = _people_of(chunk)
    places.load_groups(loan.group_id for loan in chunk)
    openings = _openings_of(chunk, as_of)
    for loan in chunk:
        history = histories[loan.pk]
        state = state_at(history, as_of)
        in_term_interest, overdue_interest = unpaid_interest(history, state)
        if loan.pk not in openings and not state.principal_outstanding and not state.interest_due:
            continue
        extensions, contract_due, freeze_expiry = _schedule_facts(
            events.get(loan.pk, ()), history, as_of
        )
        last_due = max((i.due for i in history.instalments), default=None)
        code, village, address, phone, ward_code, ward_name = households[loan.household_id]
        name, gender, born, cccd = persons[loan.borrower_id]
        values = {"ward_code": ward_code or "", "ward_name": ward_name or ""}
        if loan.group_id is not None:
            values.update(places.groups[loan.group_id])
        values.update(places.offices[loan.office_id])
        values.update(places.programmes[loan.programme_id])
        values.update(places.sources[loan.source_id])
        values.update(
            {
                "village_name": village,
                "customer_code": code,
                "customer_name": name,
                "sex": SEX.get(gender, ""),
                "birth_date": born,
                "id_number": cccd or "",
                "phone": phone,
                "address": address,
                "contract": loan.number,
                "loan_date": loan.first_disbursed_on,
                "amount": loan.amount,
                "term_months": loan.term_months,
                "rate": loan.monthly_rate,
                "due_date": contract_due or last_due,
                "extended_due_date": last_due if extensions else None,
                "disbursed_total": state.disbursed_total,
                "principal_in_term": state.principal_in_term,
                "principal_overdue": state.principal_overdue,
                "principal_frozen": state.principal_frozen,
                "outstanding": state.principal_outstanding,
                "principal_repaid": state.principal_repaid_total,
                "interest_repaid": state.interest_paid_total,
                "interest_unpaid": in_term_interest,
                "interest_unpaid_overdue": overdue_interest,
                "extensions": extensions,
                "freeze_expiry": freeze_expiry if state.principal_frozen else None,
                "status": STATUS_TEXT[_status(state)],
                "savings": savings.get((loan.household_id, loan.group_id), 0),
            }
        )
        if loan.pk in openings:
            _as_the_bank_had_it(values, history, state, openings[loan.pk])
            if not state.principal_outstanding and not (
                values["interest_unpaid"] or values["interest_unpaid_overdue"]
            ):
                continue
        yield values


_BANK = (
    "opening_as_of",
    "opening_interest",
    "as_of",
    "interest_unpaid",
    "interest_unpaid_overdue",
    "disbursed_total",
    "principal_repaid",
    "interest_repaid",
    "due_date",
    "extended_due_date",
    "extensions",
    "freeze_expiry",
)


def _openings_of(chunk: list, as_of: datetime.date) -> dict[int, dict]:
    """Loans opened from the bank's register (the import) by ``as_of``, with what the bank's
    register said of them (``registers.BankLoan``)."""
    from policycredit.registers.models import BankLoan

    rows = BankLoan.objects.filter(
        loan_id__in=[loan.pk for loan in chunk],
        opening_as_of__isnull=False,
        opening_as_of__lte=as_of,
    ).values("loan_id", *_BANK)
    return {row["loan_id"]: row for row in rows}


def _as_the_bank_had_it(values: dict, history: LoanHistory, state: LoanState, bank: dict):
    """A loan opened from the bank's register starts in the engine with its balances only; the
    bank's register knew its past. Unpaid interest is the engine's plus what the bank said was
    unpaid at the opening less what the engine counted by then (as the import compares them),
    split as the bank split it while its figures are still the opening's. Totals paid and
    disbursed are the bank's at its latest register plus what PolicyCredit recorded since; the
    contract's dates, extensions and freeze expiry are the bank's unless PolicyCredit changed
    them."""
    opened, seen = bank["opening_as_of"], bank["as_of"]
    at_opening = state_at(history, opened)
    if seen == opened:
        in_term, overdue = unpaid_interest(history, at_opening)
        values["interest_unpaid"] += bank["interest_unpaid"] - in_term
        values["interest_unpaid_overdue"] += bank["interest_unpaid_overdue"] - overdue
    else:
        values["interest_unpaid"] += bank["opening_interest"] - at_opening.interest_due
    at_seen = at_opening if seen == opened else state_at(history, max(seen, opened))
    for key, engine in (
        ("disbursed_total", "disbursed_total"),
        ("principal_repaid", "principal_repaid_total"),
        ("interest_repaid", "interest_paid_total"),
    ):
        values[key] += bank[key] - getattr(at_seen, engine)
    if not values["extensions"]:
        values["due_date"] = bank["due_date"] or values["due_date"]
        values["extended_due_date"] = bank["extended_due_date"]
    values["extensions"] += bank["extensions"]
    if state.principal_frozen and values["freeze_expiry"] is None:
        values["freeze_expiry"] = bank["freeze_expiry"]


def _status(state: LoanState) -> str:
    if state.principal_outstanding == 0:
        return "written_off" if state.principal_written_off else "settled"
    if state.principal_frozen:
        return "frozen"
    if state.principal_overdue:
        return "overdue"
    return "active"


def _events_of(ids: list[int]) -> dict[int, list]:
    """Schedule changes and freezes that stand (not reversed), per loan, in date order."""
    rows = (
        LoanTransaction.objects.filter(
            loan_id__in=ids,
            kind__in=[K.EXTENSION, K.TERM_ADJUSTMENT, K.FREEZE],
            reversed_by__isnull=True,
        )
        .order_by("value_date", "id")
        .values_list("loan_id", "kind", "value_date", "details")
    )
    out: dict[int, list] = defaultdict(list)
    for loan_id, *rest in rows:
        out[loan_id].append(rest)
    return out


def _schedule_facts(events, history: LoanHistory, as_of: datetime.date):
    """Extensions granted by ``as_of``, the contract's own maturity (the last due date before
    the first reschedule) and when the last freeze runs out."""
    extensions, contract_due, freeze_expiry = 0, None, None
    for kind, day, details in events:
        if kind in (K.EXTENSION, K.TERM_ADJUSTMENT) and contract_due is None:
            previous = details.get("previous_schedule") or []
            if previous:
                contract_due = max(datetime.date.fromisoformat(r["due"]) for r in previous)
        if day > as_of:
            continue
        if kind == K.EXTENSION:
            extensions += 1
        elif kind == K.FREEZE and details.get("months"):
            freeze_expiry = add_months(day, int(details["months"]))
    return extensions, contract_due, freeze_expiry


def _savings_of(chunk: list, as_of: datetime.date) -> dict[tuple, int]:
    """Each borrower's savings balance in the loan's group on ``as_of`` (account 105): a
    member's balance, repeated on each of their loans in that group as the bank prints it."""
    from policycredit.savings.models import SavingsTransaction
    from policycredit.savings.selectors import signed_amount

    households = {loan.household_id for loan in chunk if loan.group_id}
    if not households:
        return {}
    rows = (
        SavingsTransaction.objects.filter(
            membership__household_id__in=households, value_date__lte=as_of
        )
        .values_list("membership__household_id", "membership__group_id")
        .annotate(total=Sum(signed_amount()))
        .order_by()
    )
    return {(household, group): total or 0 for household, group, total in rows}


# The columns this export can fill; the others of HSTD (e.g. Mã CN, Mã thôn) stay out.
KNOWN = frozenset(
    {
        "office_code",
        "office_name",
        "ward_code",
        "ward_name",
        "village_name",
        "point_code",
        "point_name",
        "point_day",
        "group_code",
        "group_name",
        "group_leader",
        "org_code",
        "org_name",
        "customer_code",
        "customer_name",
        "sex",
        "birth_date",
        "id_number",
        "phone",
        "address",
        "contract",
        "programme_code",
        "programme_name",
        "source",
        "investor_code",
        "investor_name",
        "loan_date",
        "amount",
        "term_months",
        "rate",
        "due_date",
        "extended_due_date",
        "disbursed_total",
        "principal_in_term",
        "principal_overdue",
        "principal_frozen",
        "outstanding",
        "principal_repaid",
        "interest_repaid",
        "interest_unpaid",
        "interest_unpaid_overdue",
        "extensions",
        "freeze_expiry",
        "status",
        "savings",
    }
)
RATE = "0.00##"


def columns() -> list[Column]:
    return [c for c in HSTD if c.key in KNOWN]


def title(as_of: datetime.date) -> str:
    """The first row, as the bank's files open: the register's name and its date (which the
    import reads when it is not told the date)."""
    return f"HỒ SƠ TÍN DỤNG ngày {as_of:%d/%m/%Y}"


def write_hstd_csv(target, loans: QuerySet, as_of: datetime.date) -> Totals:
    """The same register as CSV (UTF-8 with the byte-order mark Excel needs to show Vietnamese
    letters; dates dd/mm/yyyy, amounts plain digits): several times faster to write than an
    .xlsx for a whole branch, and the import reads it as well."""
    import csv

    cols = columns()
    totals = Totals()
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([title(as_of)])
        writer.writerow([])
        writer.writerow([c.title for c in cols])
        keys = [c.key for c in cols]
        for values in loan_values(loans, as_of):
            totals.add(values)
            writer.writerow([_csv_cell(values.get(key)) for key in keys])
    return totals


def _csv_cell(value):
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else value


def write_hstd(target, loans: QuerySet, as_of: datetime.date) -> Totals:
    """Write the register of ``loans`` as of ``as_of`` to ``target`` (a path or a binary file):
    a title with the date, a blank row, the header, one row per loan, as the bank's files
    have them."""
    if isinstance(target, str) and target.lower().endswith(".csv"):
        return write_hstd_csv(target, loans, as_of)
    cols = columns()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"HSTD {as_of:%d-%m-%Y}")
    for index, column in enumerate(cols, 1):
        width = 14 if column.kind != "text" else max(12, min(40, len(column.title) + 4))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    heading = WriteOnlyCell(sheet, value=title(as_of))
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    sheet.append([])
    header = []
    for column in cols:
        cell = WriteOnlyCell(sheet, value=column.title)
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    sheet.append(header)
    # One styled cell per number or date column, refilled for every row: write-only mode
    # serialises a row as it is appended, so the cells can be reused. Text goes in plain and
    # blanks as None (not written at all): a million rows cost no extra objects.
    formats = {"money": MONEY, "date": DATE, "rate": RATE, "int": "0"}
    templates = []
    for column in cols:
        cell = None
        if column.kind in formats:
            cell = WriteOnlyCell(sheet)
            cell.number_format = formats[column.kind]
        templates.append((column.key, cell))
    totals = Totals()
    for values in loan_values(loans, as_of):
        totals.add(values)
        row = []
        for key, cell in templates:
            value = values.get(key)
            if value is None or value == "":
                row.append(None)
            elif cell is None:
                row.append(value)
            else:
                cell.value = value
                row.append(cell)
        sheet.append(row)
    book.save(target)
    return totals
