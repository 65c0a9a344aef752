"""Loan stories with hand-checked numbers: each asserts every balance a screen would show.

The arithmetic is written next to each assertion; docs/domain/interest.md repeats the first
three (the poor-household loan, the overdue instalment, the 365-day basis) and names these tests.
"""

import datetime
from decimal import Decimal
from fractions import Fraction

from policycredit.domain.loan import (
    Disbursement,
    Freeze,
    Instalment,
    LoanHistory,
    Payment,
    Terms,
    WriteOff,
    interest_between,
    interest_between_exact,
    state_at,
)

POOR_RATE = Terms(monthly_rate=Decimal("0.55"))


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def poor_household_loan(*payments, freezes=(), write_offs=(), terms=POOR_RATE) -> LoanHistory:
    """50 million for a poor household on 15/03/2024, repaid in two halves a year apart."""
    return LoanHistory(
        terms=terms,
        disbursements=(Disbursement(d("2024-03-15"), 50_000_000),),
        instalments=(
            Instalment(d("2025-03-15"), 25_000_000),
            Instalment(d("2026-03-15"), 25_000_000),
        ),
        payments=tuple(payments),
        freezes=tuple(freezes),
        write_offs=tuple(write_offs),
    )


def test_poor_household_pays_first_interest_and_owes_the_next_30_days():
    # 15/03 -> 20/04 is 36 days: 50,000,000 × 0.55 % × 36 ÷ 30 = 330,000 đ, paid on 20/04.
    # 20/04 -> 20/05 is 30 days: 50,000,000 × 0.55 % × 30 ÷ 30 = 275,000 đ, due on 20/05.
    history = poor_household_loan(Payment(d("2024-04-20"), interest=330_000))
    state = state_at(history, d("2024-05-20"))

    assert interest_between(history, d("2024-03-15"), d("2024-04-20")) == 330_000
    assert interest_between(history, d("2024-04-20"), d("2024-05-20")) == 275_000
    assert state.interest_due == 275_000
    assert state.interest_accrued_total == 605_000
    assert state.interest_accrued_exact == Decimal("605000")
    assert state.interest_paid_total == 330_000
    assert state.principal_outstanding == 50_000_000
    assert state.principal_in_term == 50_000_000
    assert state.principal_overdue == 0
    assert state.overdue_since is None
    assert state.next_due == Instalment(d("2025-03-15"), 25_000_000)
    # Paying interest changes no balance, so the 66 days are one segment.
    [segment] = state.segments
    assert (segment.start, segment.end, segment.days) == (d("2024-03-15"), d("2024-05-20"), 66)
    assert (segment.balance, segment.kind, segment.rate) == (50_000_000, "in_term", Decimal("0.55"))
    assert segment.interest == 605_000


def overdue_loan(*payments, write_offs=(), freezes=()) -> LoanHistory:
    """10 million on 10/01/2024; 4 million due 10/03/2024 (never paid on time), 6 million 10/07."""
    return LoanHistory(
        terms=POOR_RATE,
        disbursements=(Disbursement(d("2024-01-10"), 10_000_000),),
        instalments=(
            Instalment(d("2024-03-10"), 4_000_000),
            Instalment(d("2024-07-10"), 6_000_000),
        ),
        payments=tuple(payments),
        write_offs=tuple(write_offs),
        freezes=tuple(freezes),
    )


def test_an_unpaid_instalment_is_overdue_from_the_day_after_and_accrues_130_percent():
    # 10/01 -> 11/03 (61 days, 2024 is a leap year): 10,000,000 × 0.55 % × 61 ÷ 30 = 111,833.33…
    # 11/03 -> 10/04 (30 days): in term   6,000,000 × 0.55 %  × 30 ÷ 30 = 33,000
    #                           overdue   4,000,000 × 0.715 % × 30 ÷ 30 = 28,600
    # total 173,433.33… -> 173,433 đ
    history = overdue_loan()
    on_due_date = state_at(history, d("2024-03-10"))
    assert on_due_date.principal_overdue == 0
    assert on_due_date.next_due == Instalment(d("2024-03-10"), 4_000_000)

    day_after = state_at(history, d("2024-03-11"))
    assert day_after.principal_overdue == 4_000_000
    assert day_after.principal_in_term == 6_000_000
    assert day_after.overdue_since == d("2024-03-11")
    assert day_after.interest_accrued_total == 111_833

    state = state_at(history, d("2024-04-10"))
    assert state.principal_overdue == 4_000_000
    assert state.principal_in_term == 6_000_000
    assert state.overdue_since == d("2024-03-11")
    assert state.interest_accrued_total == 173_433
    assert state.interest_due == 173_433
    assert [(s.kind, s.start, s.end, s.balance, s.rate, s.interest) for s in state.segments] == [
        ("in_term", d("2024-01-10"), d("2024-03-11"), 10_000_000, Decimal("0.55"),
         Decimal("111833.333333333333")),
        ("in_term", d("2024-03-11"), d("2024-04-10"), 6_000_000, Decimal("0.55"), 33_000),
        ("overdue", d("2024-03-11"), d("2024-04-10"), 4_000_000, Decimal("0.715"), 28_600),
    ]  # fmt: skip
    assert interest_between_exact(history, d("2024-01-10"), d("2024-04-10")) == Fraction(520_300, 3)


def test_paying_the_overdue_instalment_stops_overdue_interest_that_same_day():
    history = overdue_loan(Payment(d("2024-04-10"), interest=173_433, principal=4_000_000))
    state = state_at(history, d("2024-05-10"))
    # 10/04 -> 10/05: 6,000,000 × 0.55 % × 30 ÷ 30 = 33,000; exact total 206,433.33… -> 206,433.
    assert state.principal_overdue == 0
    assert state.overdue_since is None
    assert state.principal_outstanding == 6_000_000
    assert state.interest_accrued_total == 206_433
    assert state.interest_due == 33_000
    assert state.remaining_instalments == (Instalment(d("2024-07-10"), 6_000_000),)


def test_a_repayment_goes_to_overdue_principal_before_the_next_instalment():
    history = overdue_loan(Payment(d("2024-04-10"), principal=5_000_000))
    state = state_at(history, d("2024-04-10"))
    assert state.principal_overdue == 0
    assert state.principal_in_term == 5_000_000
    assert state.remaining_instalments == (Instalment(d("2024-07-10"), 5_000_000),)


def test_a_prepayment_brings_the_nearest_instalment_down():
    # Interest to 15/09 (184 days): 50,000,000 × 0.55 % × 184 ÷ 30 = 1,686,666.67 -> 1,686,667.
    # Then 40,000,000 for 30 days: 220,000 đ due on 15/10.
    history = poor_household_loan(
        Payment(d("2024-09-15"), interest=1_686_667, principal=10_000_000)
    )
    state = state_at(history, d("2024-10-15"))
    assert state.remaining_instalments == (
        Instalment(d("2025-03-15"), 15_000_000),
        Instalment(d("2026-03-15"), 25_000_000),
    )
    assert state.next_due == Instalment(d("2025-03-15"), 15_000_000)
    assert state.principal_outstanding == 40_000_000
    assert state.principal_repaid_total == 10_000_000
    assert state.interest_accrued_total == 1_906_667  # 1,906,666.67
    assert state.interest_due == 220_000


def test_day_basis_365_uses_the_annual_rate_per_calendar_day():
    # 0.55 %/month = 6.6 %/year. 36 days: 50,000,000 × 6.6 % × 36 ÷ 365 = 325,479.45… -> 325,479.
    # A whole year of 365 days gives exactly 6.6 %: 3,300,000; on the 30-day basis the same
    # year is 365 × 50,000,000 × 0.55 % ÷ 30 = 3,345,833.33… -> 3,345,833.
    history = poor_household_loan(terms=Terms(Decimal("0.55"), day_basis=365))
    assert state_at(history, d("2024-04-20")).interest_accrued_total == 325_479
    assert state_at(history, d("2025-03-15")).interest_accrued_total == 3_300_000
    assert state_at(poor_household_loan(), d("2025-03-15")).interest_accrued_total == 3_345_833


def test_day_basis_365_overdue_uses_the_factor_on_the_annual_rate():
    history = LoanHistory(
        terms=Terms(Decimal("0.55"), day_basis=365),
        disbursements=(Disbursement(d("2024-01-01"), 36_500_000),),
        instalments=(Instalment(d("2024-01-31"), 36_500_000),),
    )
    # 01/01 -> 01/02, 31 days in term (due 31/01 is still in term): 36,500,000 × 6.6 % × 31
    # ÷ 365 = 204,600; 01/02 -> 11/02, 10 days overdue: 36,500,000 × 6.6 % × 1.3 × 10 ÷ 365
    # = 85,800.
    state = state_at(history, d("2024-02-11"))
    assert state.interest_accrued_total == 204_600 + 85_800
    assert state.segments[-1].rate == Decimal("0.715")


def test_two_disbursements_each_accrue_from_their_own_day():
    # Student-style: 20 million on 01/01, 30 million on 01/02/2024.
    # 31 days × 20,000,000 × 0.55 % ÷ 30 = 113,666.67; 29 days × 50,000,000 = 265,833.33.
    history = LoanHistory(
        terms=POOR_RATE,
        disbursements=(
            Disbursement(d("2024-01-01"), 20_000_000),
            Disbursement(d("2024-02-01"), 30_000_000),
        ),
        instalments=(Instalment(d("2025-06-01"), 50_000_000),),
    )
    state = state_at(history, d("2024-03-01"))
    assert state.disbursed_total == 50_000_000
    assert state.interest_accrued_total == 379_500
    assert [(s.start, s.end, s.balance) for s in state.segments] == [
        (d("2024-01-01"), d("2024-02-01"), 20_000_000),
        (d("2024-02-01"), d("2024-03-01"), 50_000_000),
    ]
    assert state_at(history, d("2024-01-15")).disbursed_total == 20_000_000


def test_a_disbursement_accrues_on_its_own_day_and_a_repayment_stops_on_its_own_day():
    history = poor_household_loan(Payment(d("2024-03-16"), principal=50_000_000))
    # One day: 50,000,000 × 0.55 % ÷ 30 = 9,166.67 -> 9,167; nothing after the repayment.
    assert state_at(history, d("2024-03-16")).interest_accrued_total == 9_167
    settled = state_at(history, d("2024-12-31"))
    assert settled.interest_accrued_total == 9_167
    assert settled.principal_outstanding == 0
    assert settled.remaining_instalments == ()
    assert settled.next_due is None


def test_half_a_dong_rounds_up_only_at_the_end():
    # 1,500 × 1 % × 1 ÷ 30 = 0.5 đ exactly -> 1 đ.
    history = LoanHistory(
        terms=Terms(Decimal("1")),
        disbursements=(Disbursement(d("2024-01-01"), 1_500),),
        instalments=(),
    )
    assert state_at(history, d("2024-01-02")).interest_accrued_total == 1
    assert state_at(history, d("2024-01-02")).interest_accrued_exact == Decimal("0.5")


def test_freezing_all_debt_stops_accrual_and_suspends_the_instalments():
    # 30 days in term (275,000), frozen a year, back with a new schedule after the freeze.
    new_schedule = (
        Instalment(d("2026-04-14"), 25_000_000),
        Instalment(d("2027-04-14"), 25_000_000),
    )
    history = poor_household_loan(
        freezes=[Freeze(d("2024-04-14"), d("2025-04-14"), instalments=new_schedule)]
    )
    frozen = state_at(history, d("2024-10-01"))
    assert frozen.principal_frozen == 50_000_000
    assert frozen.principal_in_term == 0
    assert frozen.interest_accrued_total == 275_000
    assert frozen.remaining_instalments == ()
    # The instalment of 15/03/2025 falls in the freeze: suspended, never overdue.
    assert state_at(history, d("2025-03-16")).principal_overdue == 0
    back = state_at(history, d("2025-05-14"))
    assert back.principal_frozen == 0
    assert back.principal_in_term == 50_000_000
    assert back.interest_accrued_total == 550_000  # + 30 days × 9,166.67 from 14/04/2025
    assert back.remaining_instalments == new_schedule


def test_a_partial_freeze_takes_the_latest_instalments_first():
    history = poor_household_loan(freezes=[Freeze(d("2024-04-14"), amount=20_000_000)])
    state = state_at(history, d("2024-05-14"))
    assert state.principal_frozen == 20_000_000
    assert state.principal_in_term == 30_000_000
    assert state.remaining_instalments == (
        Instalment(d("2025-03-15"), 25_000_000),
        Instalment(d("2026-03-15"), 5_000_000),
    )
    # 275,000 to 14/04, then 30,000,000 × 0.55 % × 30 ÷ 30 = 165,000.
    assert state.interest_accrued_total == 440_000


def test_freezing_overdue_debt_ends_the_overdue_and_its_interest():
    history = overdue_loan(freezes=[Freeze(d("2024-04-10"))])
    state = state_at(history, d("2024-12-31"))
    assert state.principal_frozen == 10_000_000
    assert state.principal_overdue == 0
    assert state.overdue_since is None
    assert state.interest_accrued_total == 173_433  # nothing after 10/04
    assert state.remaining_instalments == ()


def test_frozen_then_written_off_leaves_nothing_owed():
    history = poor_household_loan(
        freezes=[Freeze(d("2024-04-14"))],
        write_offs=[WriteOff(d("2025-01-01"), principal=50_000_000, interest=275_000)],
    )
    state = state_at(history, d("2025-06-01"))
    assert state.principal_outstanding == 0
    assert state.principal_written_off == 50_000_000
    assert state.interest_written_off == 275_000
    assert state.interest_due == 0
    assert state.disbursed_total == (
        state.principal_repaid_total + state.principal_outstanding + state.principal_written_off
    )


def test_a_partial_write_off_takes_overdue_then_the_latest_instalment():
    history = overdue_loan(
        write_offs=[WriteOff(d("2024-04-10"), principal=5_000_000, interest=100_000)]
    )
    state = state_at(history, d("2024-04-10"))
    assert state.principal_overdue == 0
    assert state.principal_in_term == 5_000_000
    assert state.remaining_instalments == (Instalment(d("2024-07-10"), 5_000_000),)
    assert state.interest_due == 173_433 - 100_000


def test_events_after_as_of_are_ignored():
    history = poor_household_loan(Payment(d("2024-04-20"), interest=330_000, principal=1))
    before = state_at(history, d("2024-04-19"))
    assert before.interest_paid_total == 0
    assert before.principal_repaid_total == 0
    on_the_day = state_at(history, d("2024-04-20"))
    assert on_the_day.interest_paid_total == 330_000
    assert on_the_day.principal_repaid_total == 1
