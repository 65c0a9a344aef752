"""Repayment schedules: equal parts, remainder last, calendar months clamped to month end."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policycredit.domain.dates import add_months
from policycredit.domain.loan import Disbursement, Instalment, LoanRuleError
from policycredit.domain.schedule import (
    adjust_terms,
    bullet,
    equal_instalments,
    extend,
    for_disbursements,
    student_loan,
    total,
    with_grace,
)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_months_clamp_to_the_end_of_the_month_and_come_back():
    assert add_months(d("2024-01-31"), 1) == d("2024-02-29")
    assert add_months(d("2023-01-31"), 1) == d("2023-02-28")
    assert add_months(d("2024-01-31"), 2) == d("2024-03-31")
    assert add_months(d("2024-11-15"), 3) == d("2025-02-15")
    assert add_months(d("2024-03-31"), -1) == d("2024-02-29")


def test_equal_instalments_put_the_remainder_on_the_last():
    schedule = equal_instalments(10_000_000, d("2024-02-29"), 3, months_between=3)
    assert schedule == (
        Instalment(d("2024-02-29"), 3_333_333),
        Instalment(d("2024-05-29"), 3_333_333),
        Instalment(d("2024-08-29"), 3_333_334),
    )


def test_a_schedule_from_the_31st_keeps_the_31st_where_the_month_has_one():
    dues = [item.due for item in equal_instalments(4_000_000, d("2024-01-31"), 4)]
    assert dues == [d("2024-01-31"), d("2024-02-29"), d("2024-03-31"), d("2024-04-30")]


@given(st.integers(1, 10**11), st.integers(1, 120), st.sampled_from([1, 3, 6, 12]))
def test_a_schedule_always_adds_up_to_the_amount(amount, count, months_between):
    if amount < count:
        with pytest.raises(LoanRuleError):
            equal_instalments(amount, d("2024-01-31"), count, months_between)
        return
    schedule = equal_instalments(amount, d("2024-01-31"), count, months_between)
    assert total(schedule) == amount
    assert len({item.principal for item in schedule[:-1]}) <= 1
    assert schedule[-1].principal >= schedule[0].principal
    assert [item.due for item in schedule] == sorted(item.due for item in schedule)


def test_bullet_is_one_instalment():
    assert bullet(5_000_000, d("2026-01-01")) == (Instalment(d("2026-01-01"), 5_000_000),)


def test_grace_period_delays_the_first_instalment():
    # 12 months of grace, then quarterly: first due 15/03/2024 + 12 + 3 months.
    schedule = with_grace(12_000_000, d("2024-03-15"), 12, 4, months_between=3)
    assert [item.due for item in schedule] == [
        d("2025-06-15"),
        d("2025-09-15"),
        d("2025-12-15"),
        d("2026-03-15"),
    ]
    assert total(schedule) == 12_000_000


def test_several_disbursements_are_covered_by_one_schedule():
    schedule = for_disbursements(
        [Disbursement(d("2024-01-01"), 20_000_000), Disbursement(d("2024-02-01"), 30_000_000)],
        d("2025-01-01"),
        2,
        months_between=12,
    )
    assert schedule == (
        Instalment(d("2025-01-01"), 25_000_000),
        Instalment(d("2026-01-01"), 25_000_000),
    )
    with pytest.raises(LoanRuleError) as caught:
        for_disbursements([Disbursement(d("2024-02-01"), 1)], d("2024-02-01"), 1)
    assert caught.value.code == "bad_date_order"


def test_a_student_repays_from_twelve_months_after_graduation():
    # Four semesters of 4 million a month × 5 months; graduation 30/06/2026; 24 months of study,
    # repaid over 24 months every 6 months: 4 instalments from 30/06/2027.
    semesters = [
        Disbursement(d(day), 20_000_000)
        for day in ("2024-09-05", "2025-02-05", "2025-09-05", "2026-02-05")
    ]
    schedule = student_loan(semesters, d("2026-06-30"), study_months=24, months_between=6)
    assert schedule == (
        Instalment(d("2027-06-30"), 20_000_000),
        Instalment(d("2027-12-30"), 20_000_000),
        Instalment(d("2028-06-30"), 20_000_000),
        Instalment(d("2028-12-30"), 20_000_000),
    )


def test_a_student_repayment_period_cannot_exceed_the_study_period():
    with pytest.raises(LoanRuleError) as caught:
        student_loan(
            [Disbursement(d("2024-09-05"), 1_000_000)],
            d("2026-06-30"),
            study_months=24,
            repayment_months=25,
        )
    assert caught.value.code == "bad_schedule"


def test_an_extension_moves_an_instalment_later():
    schedule = equal_instalments(50_000_000, d("2025-03-15"), 2, months_between=12)
    extended = extend(schedule, d("2025-03-15"), d("2025-09-15"))
    assert extended == (
        Instalment(d("2025-09-15"), 25_000_000),
        Instalment(d("2026-03-15"), 25_000_000),
    )
    part = extend(schedule, d("2025-03-15"), d("2026-03-15"), amount=10_000_000)
    assert part == (
        Instalment(d("2025-03-15"), 15_000_000),
        Instalment(d("2026-03-15"), 35_000_000),
    )


@pytest.mark.parametrize(
    ("due", "new_due", "amount", "code"),
    [
        ("2025-03-15", "2025-03-15", None, "bad_date_order"),
        ("2025-03-16", "2025-09-15", None, "no_such_instalment"),
        ("2025-03-15", "2025-09-15", 25_000_001, "bad_schedule"),
        ("2025-03-15", "2025-09-15", 0, "amount_not_positive"),
    ],
)
def test_bad_extensions(due, new_due, amount, code):
    schedule = equal_instalments(50_000_000, d("2025-03-15"), 2, months_between=12)
    with pytest.raises(LoanRuleError) as caught:
        extend(schedule, d(due), d(new_due), amount=amount)
    assert caught.value.code == code


def test_a_term_adjustment_respreads_what_is_due_from_a_date():
    schedule = equal_instalments(50_000_000, d("2025-03-15"), 2, months_between=12)
    adjusted = adjust_terms(schedule, d("2026-01-01"), d("2026-03-15"), 4, months_between=6)
    assert adjusted == (
        Instalment(d("2025-03-15"), 25_000_000),
        Instalment(d("2026-03-15"), 6_250_000),
        Instalment(d("2026-09-15"), 6_250_000),
        Instalment(d("2027-03-15"), 6_250_000),
        Instalment(d("2027-09-15"), 6_250_000),
    )
    with pytest.raises(LoanRuleError) as caught:
        adjust_terms(schedule, d("2027-01-01"), d("2027-03-15"), 2)
    assert caught.value.code == "no_such_instalment"
