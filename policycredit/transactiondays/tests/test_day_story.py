"""A transaction day told from the counter: the sheet, the teller's entries, the cash count,
the controller's sign-off, and what the loans and the books say afterwards."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import approved as approved_by
from policycredit.accounts.tests.four_eyes import step_taker
from policycredit.common.selectors import replaying
from policycredit.domain import posting as p
from policycredit.ledger.checks import check_books
from policycredit.ledger.selectors import balance
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.savings.selectors import balance_of
from policycredit.transactiondays import selectors, services
from policycredit.transactiondays.models import DayEntry, DayStatus
from policycredit.transactiondays.tests.conftest import nothing_from_the_other_groups, seen

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)
# 92 days (15/03–15/06/2026) × 50,000,000 × 0.55 % ÷ 30 = 843,333.33 → 843,333 đ.
INTEREST_DUE = 843_333
# What the household brings: interest rounded down to what notes can pay, and its savings.
PAID, SAVED = 843_300, 50_000
NOTES = {
    500_000: 1,
    200_000: 1,
    100_000: 1,
    50_000: 1,
    20_000: 2,
    2_000: 1,
    1_000: 1,
    200: 1,
    100: 1,
}


def _line(sheet, loan):
    return next(x for m in sheet.members for x in m.loans if x.loan.pk == loan.pk)


def _member(sheet, loan):
    return next(m for m in sheet.members if m.household.pk == loan.household_id)


def test_the_sheet_says_what_the_calculator_says(day, loan_at_point, teller):
    sheet = selectors.group_sheet(teller, loan_at_point.group, DAY)
    line = _line(sheet, loan_at_point)
    out = StringIO()
    call_command("calc", "--loan", loan_at_point.number, "--as-of", "15/06/2026", stdout=out)
    calc = json.loads(out.getvalue())
    assert line.interest_due == calc["interest_due"] == INTEREST_DUE
    assert line.outstanding == calc["principal_outstanding"] == 50_000_000
    assert line.principal_due == 0  # the first instalment falls due on 15/03/2027
    assert sheet.totals["interest_due"] >= INTEREST_DUE


def test_a_day_from_entry_to_sign_off(day, loan_at_point, teller, controller):
    group = loan_at_point.group
    sheet = selectors.group_sheet(teller, group, DAY)
    member = _member(sheet, loan_at_point)
    office = day.office_id
    cash_before = balance(office_id=office, kinds=[p.CASH_OFFICE])
    with replaying(DAY):
        rows = [
            services.Collected(loan_id=loan_at_point.pk, principal=0, interest=PAID),
            services.Collected(membership_id=member.membership.pk, deposit=SAVED),
        ]
        services.save_group(actor=teller, day=day, group=group, rows=rows)
        services.save_group(actor=teller, day=day, group=group, rows=rows)  # a double click
        assert DayEntry.objects.filter(day=day).count() == 2
        assert selectors.expected_cash(day) == PAID + SAVED
        assert services.record_cash_count(actor=teller, day=day, counts=NOTES) == PAID + SAVED
        nothing_from_the_other_groups(day, teller)
        services.submit(actor=teller, day=day)
        # Nothing is in the loans or the books until the controller signs off.
        assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == 0
        with pytest.raises(ValidationError) as refused:
            services.sign_off(actor=teller, day=day, seen=seen(day))
        assert refused.value.error_list[0].code == "role"
        services.sign_off(actor=controller, day=day, seen=seen(day))
        transactions = LoanTransaction.objects.count()
        services.sign_off(
            actor=controller, day=day, seen=seen(day)
        )  # a repeated sign-off posts nothing more
        assert LoanTransaction.objects.count() == transactions
    day.refresh_from_db()
    assert day.status == DayStatus.POSTED
    loan = Loan.objects.get(pk=loan_at_point.pk)
    assert loan.interest_paid_total == PAID
    assert balance_of(member.membership) == SAVED
    # The takings went through cash in transit and are back in the office's vault.
    assert balance(office_id=office, kinds=[p.CASH_IN_TRANSIT]) == 0
    assert balance(office_id=office, kinds=[p.CASH_OFFICE]) - cash_before == PAID + SAVED
    with replaying(DAY):
        assert check_books().ok
    lines = selectors.receipt_lines(day, loan.household)
    assert sum(e.cash_in for e in lines) == PAID + SAVED


def test_interest_above_what_is_due_is_refused_and_nothing_is_kept(day, loan_at_point, teller):
    with replaying(DAY), pytest.raises(ValidationError, match="843.333"):
        services.save_group(
            actor=teller,
            day=day,
            group=loan_at_point.group,
            rows=[services.Collected(loan_id=loan_at_point.pk, interest=INTEREST_DUE + 1)],
        )
    assert not DayEntry.objects.filter(day=day).exists()


def test_principal_above_what_is_owed_is_refused(day, loan_at_point, teller):
    with replaying(DAY), pytest.raises(ValidationError, match="50.000.000"):
        services.save_group(
            actor=teller,
            day=day,
            group=loan_at_point.group,
            rows=[services.Collected(loan_id=loan_at_point.pk, principal=50_000_001)],
        )


def test_a_negative_cash_count_is_refused(day, teller):
    with pytest.raises(ValidationError):
        services.record_cash_count(actor=teller, day=day, counts={100_000: -1})
    day.refresh_from_db()
    assert day.cash_counted is None


def test_a_cash_difference_needs_an_explanation(day, teller):
    with replaying(DAY):
        services.record_cash_count(actor=teller, day=day, counts={10_000: 1})
        nothing_from_the_other_groups(day, teller)
        with pytest.raises(ValidationError, match="10.000"):
            services.submit(actor=teller, day=day)
        services.record_cash_count(
            actor=teller, day=day, counts={10_000: 1}, note="Tiền thừa của khách, trả lại sau"
        )
        assert services.submit(actor=teller, day=day).status == DayStatus.SUBMITTED


def test_a_disbursement_beyond_the_sources_room_is_refused(
    day,
    approved,
    teller,
    director,  # noqa: F811
):
    from policycredit.capital.models import CapitalSource, EntrustmentDecision
    from policycredit.capital.services import save_decision, save_source

    small = save_source(
        actor=director,
        instance=CapitalSource(code="TEST", name="Nguồn thử", level="other"),
    )
    decision = approved_by(  # entered by the accountant, approved by the director
        save_decision(
            actor=User.objects.get(username="ketoan"),
            instance=EntrustmentDecision(
                source=small,
                office=day.office,
                number="1/TEST",
                date=D(2026, 1, 1),
                amount=10_000_000,
            ),
        ),
        director,
    )
    decision.programmes.add(approved.programme)
    from policycredit.loans.services import advance_application, submit_application

    second = submit_application(
        actor=User.objects.get(username="tindung"),
        household=approved.household,
        borrower=approved.borrower,
        programme=approved.programme.__class__.objects.get(code="NSVS"),
        group=approved.group,
        amount=20_000_000,
        term_months=24,
        purpose="Bể nước",
        applied_on=D(2026, 5, 1),
    )
    for step in ["reviewed", "appraised", "confirmed"]:
        advance_application(actor=step_taker(step), application=second, to=step, on=D(2026, 5, 5))
    second = advance_application(
        actor=director, application=second, to="approved", on=D(2026, 5, 10)
    )
    decision.programmes.add(second.programme)
    with replaying(DAY), pytest.raises(ValidationError, match="10.000.000"):
        services.save_disbursement(actor=teller, day=day, application=second, source=small)
    assert not DayEntry.objects.filter(day=day).exists()


def test_whoever_entered_the_day_cannot_sign_it_off(day, loan_at_point):
    """Maker-checker: even a user allowed both (an administrator) cannot check their own day."""
    from policycredit.accounts.models import User

    admin = User.objects.get(username="admin")
    with replaying(DAY):
        services.save_group(
            actor=admin,
            day=day,
            group=loan_at_point.group,
            rows=[services.Collected(loan_id=loan_at_point.pk, interest=100_000)],
        )
        services.record_cash_count(actor=admin, day=day, counts={100_000: 1})
        nothing_from_the_other_groups(day, admin)
        services.submit(actor=admin, day=day)
        with pytest.raises(ValidationError) as refused:
            services.sign_off(actor=admin, day=day, seen=seen(day))
        assert refused.value.error_list[0].code == "maker_checker"
        assert "bốn mắt" in refused.value.messages[0]
    assert Loan.objects.get(pk=loan_at_point.pk).interest_paid_total == 0
