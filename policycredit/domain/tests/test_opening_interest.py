"""Interest a loan brings from earlier books (the bank's register): due from its date, accrual
from that date on, its overdue part settled first.

Worked example, checked by hand: 30,000,000 in term and 10,000,000 overdue (due 30/10/2026,
so overdue from 31/10) at 0.66 %/month on a 30-day basis, overdue at 130 %; the bank says
1,200,000 in-term and 300,000 overdue interest are unpaid on 31/10/2026.

* at 31/10: 1,500,000 due (nothing accrued yet: the bank's figure stands for the time before);
* at 01/11: one day more, 30,000,000 × 0.66 % ÷ 30 = 6,600 and 10,000,000 × 0.66 % × 1.3 ÷ 30
  = 2,860: 1,509,460;
* 1,500,000 interest paid on 31/10: 300,000 of it settles overdue interest, and at 01/11 9,460
  is due.
"""

import datetime
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from policycredit.domain.accrual import round_exact
from policycredit.domain.loan import (
    Disbursement,
    Instalment,
    LoanHistory,
    LoanRuleError,
    OpeningInterest,
    Payment,
    Terms,
    interest_between_exact,
    state_at,
)
from policycredit.domain.overdue_interest import overdue_interest_settled
from policycredit.domain.tests.test_loan_properties import loans

D = datetime.date
DAY = datetime.timedelta(days=1)
OPENED, EXPORT = D(2026, 10, 30), D(2026, 10, 31)


def imported(**opening) -> LoanHistory:
    return LoanHistory(
        terms=Terms(monthly_rate=Decimal("0.66")),
        disbursements=(Disbursement(OPENED, 40_000_000),),
        instalments=(Instalment(OPENED, 10_000_000), Instalment(D(2030, 3, 15), 30_000_000)),
        opening=OpeningInterest(EXPORT, **(opening or {"in_term": 1_200_000, "overdue": 300_000})),
    )


def test_the_banks_unpaid_interest_is_due_from_the_export_date():
    history = imported()
    assert state_at(history, OPENED).interest_due == 0  # the evening before: not yet
    at_export = state_at(history, EXPORT)
    assert (at_export.interest_due, at_export.interest_accrued_total) == (1_500_000, 0)
    assert (at_export.interest_opening, at_export.interest_opening_overdue) == (1_500_000, 300_000)
    assert (at_export.principal_in_term, at_export.principal_overdue) == (30_000_000, 10_000_000)
    assert state_at(history, EXPORT + DAY).interest_due == 1_500_000 + 6_600 + 2_860


def test_a_payment_settles_the_opening_interest_overdue_part_first():
    history = replace(imported(), payments=(Payment(EXPORT, interest=1_500_000),))
    state = state_at(history, EXPORT + DAY)
    assert state.interest_due == 9_460
    assert overdue_interest_settled(history.payments, state) == 300_000
    small = replace(imported(), payments=(Payment(EXPORT, interest=200_000),))
    assert overdue_interest_settled(small.payments, state_at(small, EXPORT)) == 200_000


def test_more_than_the_opening_interest_cannot_be_paid_on_its_day():
    history = replace(imported(), payments=(Payment(EXPORT, interest=1_500_001),))
    try:
        state_at(history, EXPORT)
    except LoanRuleError as error:
        assert error.code == LoanRuleError.INTEREST_OVERPAID
    else:
        raise AssertionError("overpaid interest accepted")


def test_a_negative_opening_interest_is_refused():
    try:
        state_at(imported(in_term=-1), EXPORT)
    except LoanRuleError as error:
        assert error.code == LoanRuleError.AMOUNT_NOT_POSITIVE
    else:
        raise AssertionError("negative opening interest accepted")


AMOUNTS = st.integers(0, 20_000_000)


@settings(max_examples=120, deadline=None)
@given(loans(), AMOUNTS, AMOUNTS)
def test_opening_interest_on_the_first_day_only_adds_to_what_is_due(loan, in_term, overdue):
    """Whatever happens to the loan later, opening interest dated its first disbursement adds
    exactly its amount to the interest due at every date and moves nothing else; its overdue
    part is settled before any overdue interest the engine accrued."""
    history, as_of = loan
    first = min(x.date for x in history.disbursements)
    opened = replace(history, opening=OpeningInterest(first, in_term, overdue))
    plain, carried = state_at(history, as_of), state_at(opened, as_of)
    assert carried.interest_due == plain.interest_due + in_term + overdue
    assert carried.segments == plain.segments
    assert carried.principal_outstanding == plain.principal_outstanding
    assert carried.principal_overdue == plain.principal_overdue
    settled = overdue_interest_settled(history.payments, plain)
    assert overdue_interest_settled(opened.payments, carried) == min(
        plain.interest_paid_total, overdue + settled
    )


@settings(max_examples=120, deadline=None)
@given(
    st.integers(1_000_000, 300_000_000),
    st.integers(0, 100),
    AMOUNTS,
    AMOUNTS,
    st.integers(0, 60),
    st.integers(0, 500),
    st.sampled_from([Decimal("0.55"), Decimal("0.66"), Decimal("0.75")]),
    st.sampled_from([30, 365]),
)
def test_nothing_accrues_before_the_opening_interest_date(
    principal, overdue_percent, in_term, overdue, gap, days, rate, basis
):
    """Due at t ≥ the opening date = the opening interest + the exact interest over
    [opening date, t) rounded once: the earlier books' figure stands for the days before."""
    start = D(2025, 1, 1)
    overdue_principal = principal * overdue_percent // 100
    instalments = tuple(
        x
        for x in (
            Instalment(start, overdue_principal),
            Instalment(start + 2000 * DAY, principal - overdue_principal),
        )
        if x.principal
    )
    plain = LoanHistory(
        Terms(monthly_rate=rate, day_basis=basis), (Disbursement(start, principal),), instalments
    )
    day = start + gap * DAY
    opened = replace(plain, opening=OpeningInterest(day, in_term, overdue))
    later = day + days * DAY
    exact = interest_between_exact(plain, day, later)
    assert state_at(opened, later).interest_due == (
        in_term + overdue + round_exact(exact.numerator, exact.denominator)
    )
    if gap:
        assert state_at(opened, day - DAY).interest_due == 0
