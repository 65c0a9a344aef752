"""Three stories in which the stored loan and the books once parted from the engine after the
close of day had started, told with hand-checked figures.

The household borrows 50,000,000 đ from the district budget (job creation, 0.66 %/month, days
÷ 30, overdue × 1.3) on 15/03/2024, the first business date the office closes. A day's interest
is 11,000 đ on 50 million in term, 6,600 đ on 30 million, 8,800 đ on 40 million, 2,200 đ on
10 million, and 5,720 đ on 20 million overdue (20,000,000 × 0.66 % × 1.3 ÷ 30).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from policycredit.accounts.tests.four_eyes import decided
from policycredit.closing import services as closing
from policycredit.domain import posting as p
from policycredit.domain.loan import Instalment as Planned
from policycredit.ledger.checks import check_books
from policycredit.ledger.selectors import balance
from policycredit.loans import services
from policycredit.loans.models import Loan, LoanStatus, LoanTransaction
from policycredit.loans.proof import deep_check
from policycredit.loans.selectors import loan_state

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def _business_date_becomes(day):
    closing.close_until(until=day - ONE_DAY)


@pytest.fixture
def loan(approved_job_loan, district, teller):
    closing.start_at(day=D(2024, 3, 15))
    return services.disburse(
        actor=teller,
        application=approved_job_loan,
        source=district,
        on=D(2024, 3, 15),
        instalments=[Planned(D(2024, 9, 15), 25_000_000), Planned(D(2025, 3, 15), 25_000_000)],
    )


def _receivable(loan):
    return balance(office_id=loan.office_id, kinds=[p.INTEREST_RECEIVABLE])


def _agrees_with_the_engine(loan, day):
    loan.refresh_from_db()
    state = loan_state(loan, day)
    assert _receivable(loan) == state.interest_due
    report = deep_check()
    assert report.ok, report.differences
    assert check_books().ok
    return state


def test_a_loan_once_frozen_falls_overdue_on_its_unfreeze_schedule(loan, teller, director):
    """Frozen 20 million on 01/04 (taken off the last instalment), unfrozen on 15/04 with the
    20 million due 30/04; unpaid, it is overdue from 01/05."""
    _business_date_becomes(D(2024, 4, 1))
    decided(
        services.freeze,
        loan=loan,
        on=D(2024, 4, 1),
        loss_percent=50,
        months=12,
        decision="QĐ 12/2024",
        amount=20_000_000,
    )
    _business_date_becomes(D(2024, 4, 15))
    decided(
        services.unfreeze,
        loan=loan,
        on=D(2024, 4, 15),
        instalments=[Planned(D(2024, 4, 30), 20_000_000)],
        reason="QĐ 15/2024",
    )
    _business_date_becomes(D(2024, 5, 6))
    loan.refresh_from_db()
    assert loan.principal_overdue == 20_000_000
    assert loan.overdue_since == D(2024, 5, 1)
    assert loan.status == LoanStatus.OVERDUE
    assert loan.debt_group == 1  # 6 days past due on 06/05
    assert balance(office_id=loan.office_id, kinds=[p.LOANS_OVERDUE]) == 20_000_000
    state = _agrees_with_the_engine(loan, D(2024, 5, 6))
    # 17 days on 50 M, 14 on 30 M, 16 on 50 M, then 5 days on 30 M in term and 20 M overdue.
    assert state.interest_due == 187_000 + 92_400 + 176_000 + 33_000 + 28_600 == 517_000


def test_interest_written_off_after_the_first_close_leaves_the_receivable(loan, director):
    _business_date_becomes(D(2024, 4, 15))
    assert _receivable(loan) == 31 * 11_000 == 341_000
    decided(
        services.write_off,
        loan=loan,
        on=D(2024, 4, 15),
        principal=0,
        interest=341_000,
        decision="QĐ xóa lãi 03/2024",
    )
    assert _receivable(loan) == 0
    assert balance(office_id=loan.office_id, kinds=[p.WRITE_OFF_LOSS]) == 341_000
    _business_date_becomes(D(2024, 4, 20))
    assert _agrees_with_the_engine(loan, D(2024, 4, 20)).interest_due == 5 * 11_000


def test_money_cannot_land_in_a_closed_day_and_a_late_reversal_recomputes_the_interest(
    loan, teller, director
):
    from policycredit.transactiondays.services import open_day

    _business_date_becomes(D(2024, 4, 15))
    repayment = services.repay(
        actor=teller, loan=loan, on=D(2024, 4, 15), principal=10_000_000, interest=341_000
    )
    _business_date_becomes(D(2024, 5, 15))
    assert _receivable(loan) == 30 * 8_800 == 264_000

    # A counter repayment dated ten months back, and a transaction day in 1900: refused whole.
    count = LoanTransaction.objects.count()
    for on in (D(2023, 7, 15), D(2024, 5, 14)):
        with pytest.raises(ValidationError) as refused:
            services.repay(actor=teller, loan=loan, on=on, interest=1_000)
        assert refused.value.error_list[0].code == "closed_day"
        assert "14/05/2024" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="14/05/2024"):
        open_day(actor=teller, point=loan.group.transaction_point, on=D(1900, 1, 1))
    with pytest.raises(ValidationError, match="14/05/2024"):
        decided(
            services.reverse,
            proposer="kiemsoat",
            transaction_to_reverse=repayment,
            reason="nhầm",
            on=D(2024, 4, 15),
        )
    assert LoanTransaction.objects.count() == count

    # The repayment was a mistake: reversed today, the 10 million owed interest all along.
    decided(
        services.reverse,
        proposer="kiemsoat",
        transaction_to_reverse=repayment,
        reason="Nhập nhầm khoản",
    )
    state = _agrees_with_the_engine(loan, D(2024, 5, 15))
    assert state.interest_due == 61 * 11_000 == 671_000  # = 264,000 + 341,000 + 30 × 2,200
    assert Loan.objects.get(pk=loan.pk).principal_outstanding == 50_000_000


def test_the_audit_log_names_each_act_as_the_office_does(loan, teller, director):
    from policycredit.audit.models import Action, AuditEvent

    _business_date_becomes(D(2024, 4, 15))
    services.repay(actor=teller, loan=loan, on=D(2024, 4, 15), interest=341_000)
    frozen = decided(
        services.freeze,
        loan=loan,
        on=D(2024, 4, 15),
        loss_percent=50,
        months=12,
        decision="QĐ 12/2024",
        amount=20_000_000,
    )
    decided(
        services.reverse,
        proposer="kiemsoat",
        transaction_to_reverse=frozen,
        reason="Nhầm quyết định",
    )
    events = list(
        AuditEvent.objects.filter(model="loans.loantransaction")
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert events == [
        (Action.LOAN_DISBURSED, "giaodich"),
        (Action.REPAYMENT_POSTED, "giaodich"),
        # Each proposed by one person; the director's approval is in the event's details.
        (Action.LOAN_FROZEN, "tindung"),
        (Action.TRANSACTION_REVERSED, "kiemsoat"),
    ]
    closed = AuditEvent.objects.filter(action=Action.BUSINESS_DAY_CLOSED)
    assert closed.count() == 31  # 15/03 to 14/04
