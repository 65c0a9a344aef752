"""A household's loan told as the books see it, every account after every step.

The household borrows 50,000,000 đ from the district budget (job creation, 0.66 %/month, days
÷ 30, overdue × 1.3) on 15/03/2024, repayable 25 million on 15/03/2025 and 15/03/2026. Interest
per in-term day on 50 million: 50,000,000 × 0.66 % ÷ 30 = 11,000 đ.
"""

import datetime

import pytest

from policycredit.accounts.tests.four_eyes import approved, decided
from policycredit.common.selectors import replaying
from policycredit.domain import posting as p
from policycredit.domain.loan import Instalment as Planned
from policycredit.ledger.checks import check_books
from policycredit.ledger.selectors import balance, capital_room
from policycredit.loans import services
from policycredit.loans.models import Loan

pytestmark = pytest.mark.django_db
D = datetime.date
KINDS = [
    p.CASH_OFFICE,
    p.LOANS_IN_TERM,
    p.LOANS_OVERDUE,
    p.LOANS_FROZEN,
    p.INTEREST_INCOME,
    p.OVERDUE_INTEREST_INCOME,
    p.CAPITAL_PAYABLE,
    p.WRITE_OFF_LOSS,
]


class Books:
    """Every account of the office, as a change since the story began."""

    def __init__(self, office_id):
        self.office_id = office_id
        self.start = self._now()

    def _now(self):
        return {k: balance(office_id=self.office_id, kinds=[k]) for k in KINDS}

    def moved(self):
        now = self._now()
        return {k: now[k] - self.start[k] for k in KINDS if now[k] != self.start[k]}


def test_a_household_borrows_pays_falls_overdue_is_frozen_and_repays(
    approved_job_loan, district, teller, director
):
    office = approved_job_loan.office
    books = Books(office.pk)
    room_before = capital_room(district.pk, office.pk, D(2024, 3, 15))

    # 1. Disbursed: cash goes out, the loan is in term.
    with replaying(D(2024, 3, 15)):
        loan = services.disburse(
            actor=teller,
            application=approved_job_loan,
            source=district,
            on=D(2024, 3, 15),
            instalments=[
                Planned(D(2025, 3, 15), 25_000_000),
                Planned(D(2026, 3, 15), 25_000_000),
            ],
        )
    assert books.moved() == {p.CASH_OFFICE: -50_000_000, p.LOANS_IN_TERM: 50_000_000}
    assert capital_room(district.pk, office.pk, D(2024, 3, 15)) == room_before - 50_000_000

    # 2. Interest for three months: 31, 30 and 31 days × 11,000 đ.
    paid = 0
    for day, interest in [
        (D(2024, 4, 15), 341_000),
        (D(2024, 5, 15), 330_000),
        (D(2024, 6, 15), 341_000),
    ]:
        with replaying(day):
            services.repay(actor=teller, loan=loan, on=day, interest=interest)
        paid += interest
        assert books.moved() == {
            p.CASH_OFFICE: -50_000_000 + paid,
            p.LOANS_IN_TERM: 50_000_000,
            p.INTEREST_INCOME: -paid,
        }
    assert paid == 1_012_000

    # 3. The first instalment is not paid: on 16/03/2025 it is overdue, the rest in term.
    with replaying(D(2025, 3, 16)):
        services.refresh_states([loan], as_of=D(2025, 3, 16), actor=director)
    assert books.moved() == {
        p.CASH_OFFICE: -48_988_000,
        p.LOANS_IN_TERM: 25_000_000,
        p.LOANS_OVERDUE: 25_000_000,
        p.INTEREST_INCOME: -1_012_000,
    }

    # 4. A flood destroys 55 % of the workshop: the whole debt is frozen on 20/04/2025.
    with replaying(D(2025, 4, 20)):
        decided(
            services.freeze,
            loan=loan,
            on=D(2025, 4, 20),
            loss_percent=55,
            months=12,
            decision="QĐ khoanh nợ 01",
        )
    assert books.moved() == {
        p.CASH_OFFICE: -48_988_000,
        p.LOANS_FROZEN: 50_000_000,
        p.INTEREST_INCOME: -1_012_000,
    }

    # 5. A year later the freeze ends, all 50 million due on 20/05/2026.
    with replaying(D(2026, 4, 20)):
        decided(
            services.unfreeze,
            loan=loan,
            on=D(2026, 4, 20),
            instalments=[Planned(D(2026, 5, 20), 50_000_000)],
            reason="QĐ chấm dứt khoanh nợ 01",
        )
    assert books.moved() == {
        p.CASH_OFFICE: -48_988_000,
        p.LOANS_IN_TERM: 50_000_000,
        p.INTEREST_INCOME: -1_012_000,
    }

    # 6. Repaid on 20/05/2026 with all interest due:
    #    274 days in term on 50 M (15/06/2024–16/03/2025)   274 × 11,000 = 3,014,000
    #    35 days on 25 M in term                             35 ×  5,500 =   192,500
    #    35 days on 25 M overdue at 0.858 %/month            35 ×  7,150 =   250,250
    #    a year frozen                                                    0
    #    30 days on 50 M in term (20/04–20/05/2026)          30 × 11,000 =   330,000
    #                                                                   = 3,786,750
    with replaying(D(2026, 5, 20)):
        approved(  # above the teller's limit: the controller approves
            services.repay(
                actor=teller, loan=loan, on=D(2026, 5, 20), principal=50_000_000, interest=3_786_750
            ),
            "kiemsoat",
        )
    assert books.moved() == {
        p.CASH_OFFICE: -48_988_000 + 50_000_000 + 3_786_750,
        p.INTEREST_INCOME: -1_012_000 - 3_536_500,
        p.OVERDUE_INTEREST_INCOME: -250_250,
    }
    assert Loan.objects.get(pk=loan.pk).status == "settled"
    # The district's capital is back where it was: the loan revolved.
    assert capital_room(district.pk, office.pk, D(2026, 5, 20)) >= room_before
    with replaying(D(2026, 5, 20)):
        assert check_books().ok


def test_a_reversed_repayment_puts_the_books_back(approved_job_loan, district, teller, director):
    office = approved_job_loan.office
    books = Books(office.pk)
    with replaying(D(2024, 4, 15)):
        loan = services.disburse(
            actor=teller, application=approved_job_loan, source=district, on=D(2024, 3, 15)
        )
        tx = services.repay(
            actor=teller, loan=loan, on=D(2024, 4, 15), principal=1_000_000, interest=341_000
        )
        assert books.moved() == {
            p.CASH_OFFICE: -50_000_000 + 1_341_000,
            p.LOANS_IN_TERM: 49_000_000,
            p.INTEREST_INCOME: -341_000,
        }
        decided(
            services.reverse, proposer="kiemsoat", transaction_to_reverse=tx, reason="Nhập nhầm"
        )
        assert books.moved() == {p.CASH_OFFICE: -50_000_000, p.LOANS_IN_TERM: 50_000_000}
        assert check_books().ok


def test_a_write_off_moves_the_frozen_debt_to_the_loss_account(
    approved_job_loan, district, teller, director
):
    office = approved_job_loan.office
    books = Books(office.pk)
    with replaying(D(2024, 3, 15)):
        loan = services.disburse(
            actor=teller, application=approved_job_loan, source=district, on=D(2024, 3, 15)
        )
    with replaying(D(2024, 9, 20)):
        decided(
            services.freeze,
            loan=loan,
            on=D(2024, 9, 20),
            loss_percent=90,
            months=60,
            decision="QĐ khoanh nợ 02",
        )
    with replaying(D(2025, 9, 20)):
        decided(
            services.write_off,
            loan=loan,
            on=D(2025, 9, 20),
            principal=50_000_000,
            interest=0,
            decision="QĐ xóa nợ 01",
        )
        assert books.moved() == {p.CASH_OFFICE: -50_000_000, p.WRITE_OFF_LOSS: 50_000_000}
        assert check_books().ok
