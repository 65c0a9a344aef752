"""Stories of one loan through the services, with hand-checked numbers."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from policycredit.accounts.tests.four_eyes import approved as approved_by
from policycredit.domain.loan import Instalment as Planned
from policycredit.loans import services
from policycredit.loans.models import Application, Loan, LoanTransaction
from policycredit.loans.selectors import loan_state
from policycredit.programmes.models import Programme

pytestmark = pytest.mark.django_db
D = datetime.date


def disburse_worked_example(approved, central, teller):
    return services.disburse(
        actor=teller,
        application=approved,
        source=central,
        on=D(2024, 3, 15),
        instalments=[Planned(D(2025, 3, 15), 25_000_000), Planned(D(2026, 3, 15), 25_000_000)],
    )


def test_the_worked_example_of_the_issue(approved, central, teller):
    """50 million at 0.55 %/month from 15/03/2024; 330,000 interest paid on 20/04/2024:
    36 days × 50,000,000 × 0.55 % ÷ 30 = 330,000; then 30 days = 275,000 due on 20/05/2024."""
    loan = disburse_worked_example(approved, central, teller)
    services.repay(actor=teller, loan=loan, on=D(2024, 4, 20), interest=330_000)
    state = loan_state(loan, D(2024, 5, 20))
    assert state.interest_accrued_total == 605_000
    assert state.interest_paid_total == 330_000
    assert state.interest_due == 275_000
    assert state.principal_outstanding == 50_000_000
    assert [(s.start, s.end, s.days, s.balance, s.kind) for s in state.segments] == [
        (D(2024, 3, 15), D(2024, 5, 20), 66, 50_000_000, "in_term")
    ]


def test_the_loan_keeps_the_terms_it_was_given(approved, central, teller):
    loan = disburse_worked_example(approved, central, teller)
    assert loan.monthly_rate == approved.terms.monthly_rate
    assert loan.terms == approved.terms
    assert approved.terms.valid_from <= D(2024, 3, 10)
    assert Application.objects.get(pk=approved.pk).status == "disbursed"


def test_overpaying_interest_is_refused_and_nothing_is_written(approved, central, teller):
    loan = disburse_worked_example(approved, central, teller)
    before = LoanTransaction.objects.count()
    with pytest.raises(ValidationError):
        services.repay(actor=teller, loan=loan, on=D(2024, 4, 20), interest=330_001)
    assert LoanTransaction.objects.count() == before
    assert Loan.objects.get(pk=loan.pk).interest_paid_total == 0


def test_repaying_more_principal_than_owed_is_refused(approved, central, teller):
    loan = disburse_worked_example(approved, central, teller)
    with pytest.raises(ValidationError):
        # Beyond the teller's limit: the controller's approval runs it, and the engine refuses.
        approved_by(
            services.repay(actor=teller, loan=loan, on=D(2024, 4, 20), principal=50_000_001),
            "kiemsoat",
        )


def test_a_missed_instalment_falls_overdue_the_day_after(approved, central, teller):
    loan = disburse_worked_example(approved, central, teller)
    on_due = loan_state(loan, D(2025, 3, 15))
    after = loan_state(loan, D(2025, 3, 16))
    assert on_due.principal_overdue == 0
    assert after.principal_overdue == 25_000_000
    assert after.overdue_since == D(2025, 3, 16)


def test_a_prepayment_reduces_the_nearest_instalment(approved, central, teller):
    loan = disburse_worked_example(approved, central, teller)
    interest = loan_state(loan, D(2024, 6, 1)).interest_due
    services.repay(
        actor=teller, loan=loan, on=D(2024, 6, 1), principal=10_000_000, interest=interest
    )
    state = loan_state(loan, D(2025, 3, 16))
    assert state.principal_overdue == 15_000_000
    assert state.principal_outstanding == 40_000_000


def test_a_reversal_undoes_a_repayment_and_the_state_follows(approved, central, teller, director):
    loan = disburse_worked_example(approved, central, teller)
    tx = services.repay(
        actor=teller, loan=loan, on=D(2024, 4, 20), principal=5_000_000, interest=330_000
    )
    assert Loan.objects.get(pk=loan.pk).principal_outstanding == 45_000_000
    approved_by(
        services.reverse(
            actor=director, transaction_to_reverse=tx, reason="Nhập nhầm số tiền", on=D(2024, 4, 20)
        ),
        "kiemsoat",
    )
    loan.refresh_from_db()
    assert loan.principal_outstanding == 50_000_000 and loan.interest_paid_total == 0
    with pytest.raises(ValidationError):
        services.reverse(actor=director, transaction_to_reverse=tx, reason="lần hai")
    with pytest.raises(ValueError):
        tx.save()


def test_the_same_idempotency_key_posts_once(approved, central, teller):
    loan = disburse_worked_example(approved, central, teller)
    first = services.repay(
        actor=teller,
        loan=loan,
        on=D(2024, 4, 20),
        interest=330_000,
        idempotency_key="day-2024-04-20-entry-1",
    )
    again = services.repay(
        actor=teller,
        loan=loan,
        on=D(2024, 4, 20),
        interest=330_000,
        idempotency_key="day-2024-04-20-entry-1",
    )
    assert first.pk == again.pk
    assert loan.transactions.filter(kind="repayment").count() == 1


def test_an_extension_moves_the_due_date_and_must_come_before_it(
    approved, central, teller, director, officer
):
    loan = disburse_worked_example(approved, central, teller)
    with pytest.raises(ValidationError):
        services.extend(
            actor=director,
            loan=loan,
            due=D(2025, 3, 15),
            new_due=D(2025, 9, 15),
            on=D(2025, 3, 20),
            reason="Thiên tai",
        )
    approved_by(
        services.extend(
            actor=officer,
            loan=loan,
            due=D(2025, 3, 15),
            new_due=D(2025, 9, 15),
            on=D(2025, 3, 1),
            reason="Thiên tai",
        ),
        director,
    )
    assert loan_state(loan, D(2025, 3, 16)).principal_overdue == 0
    assert loan_state(loan, D(2025, 9, 16)).principal_overdue == 25_000_000


def test_a_freeze_stops_interest_and_is_bounded_by_the_loss_band(
    approved, central, teller, director, officer
):
    loan = disburse_worked_example(approved, central, teller)
    with pytest.raises(ValidationError):  # a loss of 30 % calls for an extension, not a freeze
        services.freeze(
            actor=director, loan=loan, on=D(2024, 6, 1), loss_percent=30, months=12, decision="QĐ 1"
        )
    with pytest.raises(ValidationError):  # 40–80 % allows 36 months at most
        services.freeze(
            actor=director, loan=loan, on=D(2024, 6, 1), loss_percent=50, months=48, decision="QĐ 1"
        )
    approved_by(
        services.freeze(
            actor=officer,
            loan=loan,
            on=D(2024, 6, 1),
            loss_percent=50,
            months=36,
            decision="QĐ 12/2024",
        ),
        director,
    )
    before = loan_state(loan, D(2024, 6, 1)).interest_accrued_total
    later = loan_state(loan, D(2025, 6, 1))
    assert later.interest_accrued_total == before
    assert later.principal_frozen == 50_000_000 and later.principal_overdue == 0
    assert Loan.objects.get(pk=loan.pk).status == "frozen"


def test_a_write_off_closes_the_loan(approved, central, teller, director, officer):
    loan = disburse_worked_example(approved, central, teller)
    approved_by(
        services.write_off(
            actor=officer,
            loan=loan,
            on=D(2024, 4, 20),
            principal=50_000_000,
            interest=0,
            decision="QĐ xóa nợ 01",
        ),
        director,
    )
    loan.refresh_from_db()
    assert loan.status == "written_off" and loan.principal_written_off == 50_000_000


def test_disbursement_needs_room_in_the_source(approved, central, teller):
    from policycredit.capital.models import CapitalSource

    district = CapitalSource.objects.get(code="NS-HBT")
    with pytest.raises(ValidationError):  # the district budget funds job creation only
        services.disburse(actor=teller, application=approved, source=district, on=D(2024, 3, 15))
    room = services.source_room(central, approved.office, D(2024, 3, 15))
    approved.amount = room + 1
    Application.objects.filter(pk=approved.pk).update(amount=room + 1)
    approved.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.disburse(actor=teller, application=approved, source=central, on=D(2024, 3, 15))
    assert "Nguồn vốn Trung ương" in str(refused.value)
    assert not Loan.objects.exists()


def test_programme_rules_are_all_listed_at_once(poor_household, officer):
    with pytest.raises(ValidationError) as refused:
        services.submit_application(
            actor=officer,
            household=poor_household,
            borrower=poor_household.head,
            programme=Programme.objects.get(code="HCN"),
            group=None,
            amount=150_000_000,
            term_months=200,
            purpose="x",
            applied_on=D(2024, 3, 1),
        )
    messages = refused.value.messages
    assert len(messages) >= 4  # not near-poor, above maximum, term too long, no group
    assert not Application.objects.exists()


def test_a_rejection_needs_a_reason_and_the_steps_go_in_order(poor_household, officer, director):
    application = services.submit_application(
        actor=officer,
        household=poor_household,
        borrower=poor_household.head,
        programme=Programme.objects.get(code="HN"),
        group=poor_household.memberships.get(left__isnull=True).group,
        amount=30_000_000,
        term_months=36,
        purpose="Mua bò giống",
        applied_on=D(2024, 3, 1),
    )
    with pytest.raises(ValidationError):
        services.advance_application(
            actor=director, application=application, to="approved", on=D(2024, 3, 2)
        )
    with pytest.raises(ValidationError):
        services.advance_application(
            actor=director, application=application, to="rejected", on=D(2024, 3, 2), note=" "
        )
    services.advance_application(
        actor=director,
        application=application,
        to="rejected",
        on=D(2024, 3, 2),
        note="Hộ đã chuyển khỏi địa bàn",
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.rejection_reason == "Hộ đã chuyển khỏi địa bàn"


def test_a_teller_records_a_repayment_on_the_loan_page_once(approved, central, teller, client):
    loan = disburse_worked_example(approved, central, teller)
    client.force_login(teller)
    data = {
        "action": "repay",
        "on": "20/04/2024",
        "principal": "0",
        "interest": "330000",
        "idempotency_key": "page-1",
    }
    assert client.post(f"/credit/loans/{loan.pk}/", data).status_code == 302
    assert client.post(f"/credit/loans/{loan.pk}/", data).status_code == 302  # a double click
    assert loan.transactions.filter(kind="repayment").count() == 1
    too_much = {**data, "interest": "999999", "idempotency_key": "page-2"}
    page = client.post(f"/credit/loans/{loan.pk}/", too_much)
    assert page.status_code == 200 and "pc-errors" in page.content.decode()
    assert loan.transactions.filter(kind="repayment").count() == 1


def test_a_ward_officer_cannot_post_money(approved, central, teller, client):
    from policycredit.accounts.models import User

    loan = disburse_worked_example(approved, central, teller)
    officer = User.objects.get(username="phuong.bachmai")
    client.force_login(officer)
    response = client.post(
        f"/credit/loans/{loan.pk}/", {"action": "repay", "on": "20/04/2024", "interest": "1"}
    )
    assert response.status_code in (403, 404)


def test_the_04td_notice_prints_as_a_pdf_with_vietnamese_intact(approved, director, client):
    import os
    import shutil
    import subprocess

    client.force_login(director)
    response = client.get(f"/credit/applications/{approved.pk}/04td/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: .ci/run installs poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "PHÊ DUYỆT CHO VAY" in text
    assert "Hai Bà Trưng" in text
    assert approved.borrower.full_name in text
    assert "10 tháng 03 năm 2024" in text.replace("\n", " ")


def test_money_dated_after_today_or_before_approval_is_refused(approved, central, teller):
    with pytest.raises(ValidationError):  # approved on 10/03/2024
        services.disburse(actor=teller, application=approved, source=central, on=D(2024, 3, 9))
    loan = disburse_worked_example(approved, central, teller)
    with pytest.raises(ValidationError):
        services.repay(actor=teller, loan=loan, on=D(2099, 1, 1), interest=1)


def test_the_default_schedule_ends_with_the_term():
    plan = services.default_schedule(50_000_001, D(2024, 3, 15), 30)
    assert [(i.due, i.principal) for i in plan] == [
        (D(2025, 3, 15), 16_666_667),
        (D(2026, 3, 15), 16_666_667),
        (D(2026, 9, 15), 16_666_667),
    ]


def test_a_controller_reverses_a_repayment_from_the_loan_page(approved, central, teller, client):
    from policycredit.accounts.models import Proposal, User

    loan = disburse_worked_example(approved, central, teller)
    tx = services.repay(actor=teller, loan=loan, on=D(2024, 4, 20), interest=330_000)
    client.force_login(User.objects.get(username="kiemsoat"))
    page = client.get(f"/credit/loans/{loan.pk}/")
    assert 'value="reverse"' in page.content.decode()
    without_reason = {"action": "reverse", "transaction": tx.pk, "reason": " "}
    client.post(f"/credit/loans/{loan.pk}/", without_reason)
    assert not loan.transactions.filter(kind="reversal").exists()
    client.post(f"/credit/loans/{loan.pk}/", {**without_reason, "reason": "Ghi nhầm khoản vay"})
    # A reversal waits for a second person: the director approves it on the approvals page.
    assert not loan.transactions.filter(kind="reversal").exists()
    proposal = Proposal.objects.get(act="loan.reverse", status="pending")
    client.force_login(User.objects.get(username="giamdoc"))
    client.post("/approvals/", {"proposal": proposal.pk, "action": "approve"})
    loan.refresh_from_db()
    assert loan.transactions.get(kind="reversal").reverses == tx
    assert loan.interest_paid_total == 0
    client.force_login(teller)  # a teller may not reverse
    assert 'value="reverse"' not in client.get(f"/credit/loans/{loan.pk}/").content.decode()
