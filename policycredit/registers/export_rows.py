"""The rows of the loan register (HSTD) as of a date: one dict (column key → value) per loan
that owes principal or interest on that date.

Why the engine and not the loan rows. The current-state row on ``Loan`` is the state at its
last refresh; a register "as of" a past date must say what the loan owed then. Each loan is
replayed by the same engine, from the same log, as `policycredit calc --loan … --as-of`, so a
row and the calculator never disagree. Loans are read in chunks of ``CHUNK`` by key, office by
office; the columns many loans share are read once per export (``_Places``).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet, Sum

from policycredit.borrowers.models import Household, Person
from policycredit.capital.models import CapitalSource
from policycredit.domain.dates import add_months
from policycredit.domain.loan import LoanHistory, state_at
from policycredit.domain.loanrow import status_of
from policycredit.domain.overdue_interest import unpaid_interest
from policycredit.geo.models import Office
from policycredit.loans.models import LoanTransaction
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import histories_of
from policycredit.network.models import BANK_ABBREVIATION, SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.registers.export_interest import as_the_bank_had_it, openings_of
from policycredit.savings.models import SavingsTransaction
from policycredit.savings.selectors import signed_amount

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
                "org_code": organisation.bank_code or BANK_ABBREVIATION[organisation.kind],
                "org_name": organisation.name,
            }


def _people_of(chunk: list) -> tuple[dict, dict]:
    """The chunk's households and borrowers as plain tuples (one query each)."""

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
    openings = openings_of(chunk, as_of)
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
                "status": STATUS_TEXT[status_of(state)],
                "savings": savings.get((loan.household_id, loan.group_id), 0),
            }
        )
        if loan.pk in openings:
            as_the_bank_had_it(values, history, state, openings[loan.pk])
            if not state.principal_outstanding and not (
                values["interest_unpaid"] or values["interest_unpaid_overdue"]
            ):
                continue
        yield values


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
