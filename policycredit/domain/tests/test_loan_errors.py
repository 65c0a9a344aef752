"""Histories that break a rule: each raises LoanRuleError with its stable code."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from policycredit.domain.loan import (
    Disbursement,
    Freeze,
    Instalment,
    LoanHistory,
    LoanRuleError,
    Payment,
    Terms,
    WriteOff,
    interest_between,
    state_at,
)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


LOAN = LoanHistory(
    terms=Terms(Decimal("0.55")),
    disbursements=(Disbursement(d("2024-03-15"), 50_000_000),),
    instalments=(Instalment(d("2025-03-15"), 25_000_000), Instalment(d("2026-03-15"), 25_000_000)),
)
AS_OF = d("2026-12-31")


def code_of(history: LoanHistory, as_of: datetime.date = AS_OF) -> str:
    with pytest.raises(LoanRuleError) as caught:
        state_at(history, as_of)
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error) == error.message and "\n" not in error.message
    return error.code


def test_paying_more_interest_than_is_due_names_both_amounts():
    history = replace(LOAN, payments=(Payment(d("2024-04-20"), interest=400_000),))
    with pytest.raises(LoanRuleError) as caught:
        state_at(history, d("2024-05-20"))
    assert caught.value.code == "interest_overpaid"
    assert caught.value.message == (
        "payment on 2024-04-20 pays 400,000 interest but only 330,000 is due"
    )


def test_interest_already_collected_is_not_due_again():
    history = replace(
        LOAN,
        payments=(
            Payment(d("2024-04-20"), interest=330_000),
            Payment(d("2024-04-20"), interest=1),
        ),
    )
    assert code_of(history) == "interest_overpaid"


def test_repaying_more_principal_than_is_owed():
    history = replace(LOAN, payments=(Payment(d("2024-04-20"), principal=50_000_001),))
    assert code_of(history) == "principal_overpaid"


@pytest.mark.parametrize(
    "change",
    [
        {"disbursements": (Disbursement(d("2024-03-15"), 0),)},
        {"disbursements": (Disbursement(d("2024-03-15"), -1),)},
        {"instalments": (Instalment(d("2025-03-15"), 0),)},
        {"payments": (Payment(d("2024-04-20")),)},
        {"payments": (Payment(d("2024-04-20"), interest=-5, principal=10),)},
        {"write_offs": (WriteOff(d("2024-04-20")),)},
        {"freezes": (Freeze(d("2024-04-20"), amount=0),)},
    ],
)
def test_amounts_must_be_positive(change):
    assert code_of(replace(LOAN, **change)) == "amount_not_positive"


@pytest.mark.parametrize(
    "change",
    [
        {"disbursements": (Disbursement(d("2024-03-15"), 50_000_000.0),)},
        {"payments": (Payment(d("2024-04-20"), interest=Decimal("330000")),)},
        {"payments": (Payment(d("2024-04-20"), principal=True),)},
    ],
)
def test_amounts_must_be_whole_dong_integers(change):
    assert code_of(replace(LOAN, **change)) == "amount_not_integer"


@pytest.mark.parametrize(
    "terms",
    [
        Terms(0.55),
        Terms(Decimal("-0.1")),
        Terms(Decimal("0.55"), overdue_factor=1.3),
        Terms(Decimal("0.55"), day_basis=360),
        Terms(Decimal("NaN")),
    ],
)
def test_terms_must_be_decimal_and_a_known_day_basis(terms):
    assert code_of(replace(LOAN, terms=terms)) == "bad_terms"


def test_a_loan_without_disbursement():
    assert code_of(replace(LOAN, disbursements=())) == "no_disbursement"


@pytest.mark.parametrize(
    "change",
    [
        {"payments": (Payment(d("2024-03-14"), principal=1),)},
        {"instalments": (Instalment(d("2024-03-01"), 1),)},
        {"write_offs": (WriteOff(d("2024-01-01"), principal=1),)},
        {"freezes": (Freeze(d("2024-01-01")),)},
    ],
)
def test_nothing_happens_before_the_first_disbursement(change):
    assert code_of(replace(LOAN, **change)) == "before_first_disbursement"


def test_a_state_before_the_first_disbursement_is_refused():
    assert code_of(LOAN, d("2024-03-14")) == "before_first_disbursement"


def test_instalments_cannot_exceed_what_is_disbursed():
    history = replace(LOAN, instalments=(*LOAN.instalments, Instalment(d("2027-03-15"), 1)))
    assert code_of(history) == "schedule_mismatch"


def test_the_schedule_after_a_freeze_cannot_exceed_what_comes_back():
    freeze = Freeze(
        d("2024-04-14"),
        d("2025-04-14"),
        amount=10_000_000,
        instalments=(Instalment(d("2026-01-01"), 10_000_001),),
    )
    assert code_of(replace(LOAN, freezes=(freeze,))) == "schedule_mismatch"


def test_a_schedule_after_a_freeze_needs_the_freeze_to_end():
    freeze = Freeze(d("2024-04-14"), instalments=(Instalment(d("2026-01-01"), 1),))
    assert code_of(replace(LOAN, freezes=(freeze,))) == "schedule_mismatch"


@pytest.mark.parametrize(
    "freeze",
    [
        Freeze(d("2024-04-14"), d("2024-04-14")),
        Freeze(d("2024-04-14"), d("2024-04-01")),
        Freeze(d("2024-04-14"), d("2025-04-14"), instalments=(Instalment(d("2025-04-14"), 1),)),
    ],
)
def test_freeze_dates_must_be_in_order(freeze):
    assert code_of(replace(LOAN, freezes=(freeze,))) == "bad_date_order"


def test_interest_between_needs_start_before_end():
    with pytest.raises(LoanRuleError) as caught:
        interest_between(LOAN, d("2024-05-01"), d("2024-04-01"))
    assert caught.value.code == "bad_date_order"


@pytest.mark.parametrize(
    "change",
    [
        {"payments": (Payment("2024-04-20", principal=1),)},
        {"disbursements": (Disbursement(datetime.datetime(2024, 3, 15, 9, 0), 1),)},
    ],
)
def test_dates_must_be_dates(change):
    assert code_of(replace(LOAN, **change)) == "bad_date"


def test_freezing_more_than_is_outstanding():
    history = replace(LOAN, freezes=(Freeze(d("2024-04-14"), amount=50_000_001),))
    assert code_of(history) == "freeze_exceeds_outstanding"


def test_freezing_a_settled_loan():
    history = replace(
        LOAN,
        payments=(Payment(d("2024-03-15"), principal=50_000_000),),
        freezes=(Freeze(d("2024-04-14")),),
    )
    assert code_of(history) == "freeze_exceeds_outstanding"


def test_writing_off_more_principal_than_is_outstanding():
    history = replace(LOAN, write_offs=(WriteOff(d("2024-04-14"), principal=50_000_001),))
    assert code_of(history) == "write_off_exceeds_outstanding"


def test_writing_off_more_interest_than_is_due():
    # 30 days to 14/04: 275,000 đ due.
    history = replace(LOAN, write_offs=(WriteOff(d("2024-04-14"), interest=275_001),))
    assert code_of(history) == "write_off_exceeds_due"


def test_an_overpayment_after_as_of_is_not_looked_at_yet():
    history = replace(LOAN, payments=(Payment(d("2024-04-20"), interest=400_000),))
    # 35 days × 50,000,000 × 0.55 % ÷ 30 = 320,833.33…
    assert state_at(history, d("2024-04-19")).interest_due == 320_833
    assert code_of(history, d("2024-04-20")) == "interest_overpaid"
