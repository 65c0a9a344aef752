"""One row of the loan register, read and checked on its own (no database).

Each problem names the row (as numbered in the file), the column (as headed in the file) and a
stable code; `messages.py` words it. Checks that need the database (a programme not configured,
a ward closed by the 2025 reform) are the import's (see `importer.py`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from policycredit.domain.bankfile import (
    CellError,
    read_date,
    read_id_number,
    read_int,
    read_money,
    read_rate,
    read_sex,
    read_text,
)
from policycredit.domain.money import MAX_VND
from policycredit.registers.columns import BY_KEY


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    code: str
    value: str = ""
    blocking: bool = True


@dataclass(slots=True)
class Row:
    number: int
    office_code: str
    office_name: str
    ward_code: str
    ward_name: str
    village: str
    point_code: str
    point_name: str
    point_day: int | None
    group_code: str
    group_name: str
    group_leader: str
    org_code: str
    org_name: str
    customer_code: str
    customer_name: str
    sex: str
    birth_date: datetime.date | None
    id_number: str
    phone: str
    address: str
    contract: str
    programme_code: str
    source: str
    investor_code: str
    investor_name: str
    fund_class: str
    decision: str
    loan_date: datetime.date | None
    amount: int
    term_months: int | None
    rate: Decimal | None
    due_date: datetime.date | None
    extended_due_date: datetime.date | None
    disbursed_total: int
    principal_in_term: int
    principal_overdue: int
    principal_frozen: int
    principal_repaid: int
    interest_repaid: int
    interest_unpaid: int
    interest_unpaid_overdue: int
    extensions: int
    freeze_expiry: datetime.date | None
    status: str
    savings: int
    as_of: datetime.date | None = None  # "Ngày số liệu": the export date, on every row

    @property
    def outstanding(self) -> int:
        return self.principal_in_term + self.principal_overdue + self.principal_frozen

    @property
    def due(self) -> datetime.date | None:
        return self.extended_due_date or self.due_date


# Columns without which a row cannot become a loan.
REQUIRED = ("contract", "customer_name", "ward_code", "programme_code", "loan_date", "amount")
BALANCES = ("principal_in_term", "principal_overdue", "principal_frozen")
NOT_NEGATIVE = (
    "amount",
    "disbursed_total",
    "principal_in_term",
    "principal_overdue",
    "principal_frozen",
    "outstanding",
    "principal_repaid",
    "interest_repaid",
    "interest_unpaid",
    "interest_unpaid_overdue",
    "savings",
    "extensions",
    "term_months",
)

# The largest figure each kind of cell may hold. Beyond it a cell is refused by the check, not
# left for the import to fail on: 10^30 đ passed the check and overflowed the database's
# integer in the import. Money as everywhere (`domain.money`); a count (a term in months, a
# number of extensions, a day of the month) is small; a rate is % per month, and the bank's
# yearly figures were already turned monthly by `read_rate`.
MOST = {"money": MAX_VND, "int": 100_000, "rate": Decimal(10)}


def _bounded(reader, most):
    def read(raw):
        try:
            value = reader(raw)
        except ArithmeticError as error:  # a rate of 1e30 overflows the reader's rounding
            raise CellError("too_large", raw) from error
        if value is not None and abs(value) > most:
            raise CellError("too_large", raw)
        return value

    return read


_READERS = {
    "text": read_text,
    "money": _bounded(read_money, MOST["money"]),
    "date": read_date,
    "int": _bounded(read_int, MOST["int"]),
    "rate": _bounded(read_rate, MOST["rate"]),
}


def missing_columns(columns: dict[str, int]) -> list[str]:
    """Required columns the header lacks (the balance split may come as a total)."""
    missing = [key for key in REQUIRED if key not in columns]
    if "outstanding" not in columns and "principal_in_term" not in columns:
        missing.append("principal_in_term")
    return missing


def is_empty(cells: tuple, columns: dict[str, int]) -> bool:
    return all(
        cells[i] is None or (isinstance(cells[i], str) and not cells[i].strip())
        for i in columns.values()
        if i < len(cells)
    )


_PLANS: dict[tuple, list] = {}


def _plan(columns: dict) -> list[tuple]:
    """(key, index, reader) of each column, worked out once per header."""
    shape = tuple(columns.items())
    plan = _PLANS.get(shape)
    if plan is None:
        special = {"id_number": read_id_number, "sex": read_sex}
        plan = [(k, i, special.get(k) or _READERS[BY_KEY[k].kind]) for k, i in shape]
        _PLANS[shape] = plan
    return plan


def read_row(number: int, cells: tuple, columns: dict, headers: list[str], out: list) -> Row:
    """The row's values; each cell that cannot be read adds a problem and reads as empty."""
    values: dict = {}
    width = len(cells)
    for key, index, reader in _plan(columns):
        raw = cells[index] if index < width else None
        try:
            values[key] = reader(raw)
        except CellError as error:
            out.append(Problem(number, headers[index], error.code, read_text(raw)))
            values[key] = None
    get = values.get
    money = {k: get(k) or 0 for k in (*BALANCES, "outstanding")}
    if "principal_in_term" not in columns and "outstanding" in columns:
        # Only a total: what is not overdue or frozen is in term.
        money["principal_in_term"] = (
            money["outstanding"] - money["principal_overdue"] - money["principal_frozen"]
        )
    row = Row(
        number=number,
        office_code=get("office_code") or "",
        office_name=get("office_name") or "",
        ward_code=get("ward_code") or "",
        ward_name=get("ward_name") or "",
        village=get("village_name") or get("village_code") or "",
        point_code=get("point_code") or "",
        point_name=get("point_name") or "",
        point_day=get("point_day"),
        group_code=get("group_code") or "",
        group_name=get("group_name") or "",
        group_leader=get("group_leader") or "",
        org_code=get("org_code") or "",
        org_name=get("org_name") or "",
        customer_code=get("customer_code") or "",
        customer_name=get("customer_name") or "",
        sex=get("sex") or "",
        birth_date=get("birth_date"),
        id_number=get("id_number") or "",
        phone=get("phone") or "",
        address=get("address") or "",
        contract=get("contract") or "",
        programme_code=get("programme_code") or "",
        source=get("source") or "",
        investor_code=get("investor_code") or "",
        investor_name=get("investor_name") or "",
        fund_class=get("fund_class") or "",
        decision=get("decision") or "",
        loan_date=get("loan_date"),
        amount=get("amount") or 0,
        term_months=get("term_months"),
        rate=get("rate"),
        due_date=get("due_date"),
        extended_due_date=get("extended_due_date"),
        disbursed_total=get("disbursed_total") or 0,
        principal_in_term=money["principal_in_term"],
        principal_overdue=money["principal_overdue"],
        principal_frozen=money["principal_frozen"],
        principal_repaid=get("principal_repaid") or 0,
        interest_repaid=get("interest_repaid") or 0,
        interest_unpaid=get("interest_unpaid") or 0,
        interest_unpaid_overdue=get("interest_unpaid_overdue") or 0,
        extensions=get("extensions") or 0,
        freeze_expiry=get("freeze_expiry"),
        status=get("status") or "",
        savings=get("savings") or 0,
        as_of=get("as_of"),
    )
    _check(row, columns, headers, values, money, out)
    return row


def _header(key: str, columns: dict, headers: list[str]) -> str:
    index = columns.get(key)
    return headers[index] if index is not None else BY_KEY[key].title


def _check(row: Row, columns, headers, values, money, out: list) -> None:
    number = row.number

    def problem(key, code, value="", blocking=True):
        out.append(Problem(number, _header(key, columns, headers), code, str(value), blocking))

    for key in REQUIRED:
        if key in columns and values.get(key) in (None, ""):
            if not any(p.row == number and p.column == _header(key, columns, headers) for p in out):
                problem(key, "required")
    for key in NOT_NEGATIVE:
        value = money.get(key, values.get(key)) if key in money else values.get(key)
        if isinstance(value, int) and value < 0:
            problem(key if key in columns else "outstanding", "negative", value)
    if "outstanding" in columns and "principal_in_term" in columns:
        if values.get("outstanding") is not None and money["outstanding"] != row.outstanding:
            problem("outstanding", "total_mismatch", money["outstanding"])
    if row.amount and row.outstanding > max(row.amount, row.disbursed_total):
        problem("outstanding", "above_amount", row.outstanding)
    if row.term_months is not None and row.term_months <= 0 and "term_months" in columns:
        problem("term_months", "not_positive", row.term_months)
