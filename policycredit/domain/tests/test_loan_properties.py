"""Properties of the engine over random but valid loan histories (hypothesis).

Histories are built the way a loan lives: disbursements, a schedule, then dated events each
chosen as a share of what is owed on its day (so every history is valid by construction), with
at most one freeze and some write-offs.
"""

import datetime
import random
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from policycredit.domain.dates import add_months
from policycredit.domain.loan import (
    Disbursement,
    Freeze,
    LoanHistory,
    Payment,
    Terms,
    WriteOff,
    interest_between_exact,
    state_at,
)
from policycredit.domain.schedule import equal_instalments

DAY = datetime.timedelta(days=1)
START = datetime.date(2024, 1, 1)
RATES = [Decimal("0.55"), Decimal("0.66"), Decimal("0.6875"), Decimal("0.75"), Decimal("0.45")]
SHARES = st.sampled_from([Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(7, 10), 1])
EVENT = st.tuples(
    st.integers(0, 900), st.sampled_from(["pay", "pay", "pay", "write_off"]), SHARES, SHARES
)


def share(amount: int, fraction: Fraction) -> int:
    return int(amount * fraction)


@st.composite
def loans(draw, with_freeze=True, with_write_offs=True):
    """(history, as_of) for a random valid loan."""
    terms = Terms(
        monthly_rate=draw(st.sampled_from(RATES)),
        overdue_factor=draw(st.sampled_from([Decimal("1.3"), Decimal("1.5"), Decimal(1)])),
        day_basis=draw(st.sampled_from([30, 365])),
    )
    first = START + draw(st.integers(0, 400)) * DAY
    amounts = draw(st.lists(st.integers(1_000_000, 100_000_000), min_size=1, max_size=3))
    gaps = draw(st.lists(st.integers(0, 90), min_size=len(amounts), max_size=len(amounts)))
    gaps[0] = 0  # the first disbursement is on ``first``; later ones follow
    disbursements, day = [], first
    for amount, gap in zip(amounts, gaps, strict=True):
        day += gap * DAY
        disbursements.append(Disbursement(day, amount))
    months_between = draw(st.sampled_from([1, 3, 6, 12]))
    first_due = add_months(first, draw(st.integers(1, 12)))
    instalments = equal_instalments(
        sum(amounts), first_due, draw(st.integers(1, 12)), months_between
    )
    history = LoanHistory(terms, tuple(disbursements), instalments)

    events = sorted(draw(st.lists(EVENT, max_size=8)))
    freeze_at = draw(st.none() | st.integers(0, 900)) if with_freeze else None
    for offset, kind, first_share, second_share in events:
        when = first + offset * DAY
        if freeze_at is not None and first + freeze_at * DAY < when:
            history = _add_freeze(draw, history, first + freeze_at * DAY)
            freeze_at = None
        state = state_at(history, when)
        interest = share(state.interest_due, first_share)
        principal = share(state.principal_outstanding, second_share)
        if interest == 0 and principal == 0:
            continue
        if kind == "pay" or not with_write_offs:
            history = replace(
                history, payments=(*history.payments, Payment(when, interest, principal))
            )
        else:
            record = WriteOff(when, principal=principal, interest=interest)
            history = replace(history, write_offs=(*history.write_offs, record))
    as_of = first + draw(st.integers(0, 1200)) * DAY
    return history, as_of


def _add_freeze(draw, history, start):
    state = state_at(history, start)
    unfrozen = state.principal_in_term + state.principal_overdue
    if unfrozen == 0:
        return history
    amount = draw(st.none() | st.integers(1, unfrozen))
    end = draw(st.none() | st.integers(1, 500).map(lambda days: start + days * DAY))
    return replace(history, freezes=(Freeze(start, end, amount),))


@settings(max_examples=150, deadline=None)
@given(loans())
def test_principal_is_conserved_and_never_negative(loan):
    history, as_of = loan
    state = state_at(history, as_of)
    assert state.disbursed_total == (
        state.principal_repaid_total + state.principal_outstanding + state.principal_written_off
    )
    assert state.principal_outstanding == (
        state.principal_in_term + state.principal_overdue + state.principal_frozen
    )
    for value in (
        state.principal_in_term,
        state.principal_overdue,
        state.principal_frozen,
        state.interest_due,
        state.interest_accrued_total,
    ):
        assert value >= 0
    assert all(segment.balance > 0 and segment.days > 0 for segment in state.segments)
    assert all(item.principal > 0 for item in state.remaining_instalments)
    assert (state.overdue_since is None) == (state.principal_overdue == 0)
    assert state.interest_due == (
        state.interest_accrued_total - state.interest_paid_total - state.interest_written_off
    )


@settings(max_examples=150, deadline=None)
@given(loans(), st.integers(-30, 1300), st.integers(0, 800), st.integers(0, 800))
def test_interest_over_a_period_is_the_exact_sum_of_its_parts(loan, a, ab, bc):
    history, _ = loan
    first = min(item.date for item in history.disbursements)
    start = first + a * DAY
    middle = start + ab * DAY
    end = middle + bc * DAY
    whole = interest_between_exact(history, start, end)
    assert whole == interest_between_exact(history, start, middle) + interest_between_exact(
        history, middle, end
    )


@settings(max_examples=100, deadline=None)
@given(loans())
def test_accrued_interest_is_the_sum_of_the_segments_rounded_once(loan):
    history, as_of = loan
    state = state_at(history, as_of)
    first = min(item.date for item in history.disbursements)
    exact = interest_between_exact(history, first, as_of)
    assert state.interest_accrued_total == (2 * exact.numerator + exact.denominator) // (
        2 * exact.denominator
    )
    shown = sum((segment.interest for segment in state.segments), Decimal(0))
    assert abs(shown - state.interest_accrued_exact) < Decimal("1e-9")


@settings(max_examples=60, deadline=None)
@given(loans(with_write_offs=False), st.integers(1, 28))
def test_collecting_interest_every_month_never_drifts_from_collecting_once(loan, collection_day):
    history, as_of = loan
    first = min(item.date for item in history.disbursements)
    principal_only = tuple(
        Payment(p.date, principal=p.principal) for p in history.payments if p.principal
    )
    once = replace(history, payments=principal_only)
    monthly = once
    month = 1
    while (day := add_months(first.replace(day=collection_day), month)) <= as_of:
        due = state_at(monthly, day).interest_due
        if due:
            monthly = replace(monthly, payments=(*monthly.payments, Payment(day, interest=due)))
        month += 1
    at_end_once = state_at(once, as_of)
    at_end_monthly = state_at(monthly, as_of)
    assert at_end_monthly.interest_accrued_total == at_end_once.interest_accrued_total
    assert (
        at_end_monthly.interest_paid_total + at_end_monthly.interest_due == at_end_once.interest_due
    )


@settings(max_examples=100, deadline=None)
@given(loans(), st.randoms(use_true_random=False))
def test_the_order_payments_are_listed_in_does_not_matter(loan, rng: random.Random):
    history, as_of = loan
    shuffled = list(history.payments)
    rng.shuffle(shuffled)
    write_offs = list(history.write_offs)
    rng.shuffle(write_offs)
    other = replace(history, payments=tuple(shuffled), write_offs=tuple(write_offs))
    assert state_at(other, as_of) == state_at(history, as_of)


@settings(max_examples=100, deadline=None)
@given(loans(with_freeze=False))
def test_splitting_a_payment_in_two_on_the_same_day_changes_nothing(loan):
    history, as_of = loan
    split = []
    for payment in history.payments:
        half = Payment(payment.date, payment.interest // 2, payment.principal // 2)
        rest = Payment(
            payment.date, payment.interest - half.interest, payment.principal - half.principal
        )
        split.extend(p for p in (half, rest) if p.interest or p.principal)
    assert state_at(replace(history, payments=tuple(split)), as_of) == state_at(history, as_of)


@settings(max_examples=100, deadline=None)
@given(loans(), st.integers(0, 200))
def test_interest_never_decreases_as_time_passes(loan, later):
    history, as_of = loan
    before = state_at(history, as_of)
    after = state_at(history, as_of + later * DAY)
    assert after.interest_accrued_total >= before.interest_accrued_total
