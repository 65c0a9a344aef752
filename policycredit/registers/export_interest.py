"""What a register row says of interest beyond the engine's single figure.

The bank's register splits unpaid interest in two columns (Lãi tồn TH / QH), as the domain
splits it (``domain.overdue_interest.unpaid_interest``).

A loan the import opened from the bank's file starts in the engine with its balances and the
bank's unpaid interest (an opening record, ``domain.history.OpeningInterest``), whose overdue
part counts as overdue interest here; ``as_the_bank_had_it`` adds the rest of the past the
bank's register knew.
"""

import datetime

from policycredit.domain.loan import LoanHistory, LoanState, state_at
from policycredit.domain.overdue_interest import unpaid_interest
from policycredit.registers.models import BankLoan

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


def openings_of(chunk: list, as_of: datetime.date) -> dict[int, dict]:
    """Loans opened from the bank's register (the import) by ``as_of``, with what the bank's
    register said of them (``registers.BankLoan``)."""

    rows = BankLoan.objects.filter(
        loan_id__in=[loan.pk for loan in chunk],
        opening_as_of__isnull=False,
        opening_as_of__lte=as_of,
    ).values("loan_id", *_BANK)
    return {row["loan_id"]: row for row in rows}


def as_the_bank_had_it(values: dict, history: LoanHistory, state: LoanState, bank: dict):
    """A loan opened from the bank's register starts in the engine with its balances only; the
    bank's register knew its past. Unpaid interest is the engine's plus what the bank said was
    unpaid at the opening less what the engine counted by then (as the import compares them),
    split as the bank split it while its figures are still the opening's. Totals paid and
    disbursed are the bank's at its latest register plus what PolicyCredit recorded since; the
    contract's dates, extensions and freeze expiry are the bank's unless PolicyCredit changed
    them."""
    opened, seen = bank["opening_as_of"], bank["as_of"]
    at_opening = state_at(history, opened)
    # Loans imported since the engine has an opening record carry the bank's unpaid interest
    # themselves; older imports kept it beside the loan only.
    if history.opening is None and seen == opened:
        in_term, overdue = unpaid_interest(history, at_opening)
        values["interest_unpaid"] += bank["interest_unpaid"] - in_term
        values["interest_unpaid_overdue"] += bank["interest_unpaid_overdue"] - overdue
    elif history.opening is None:
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
