"""The loan row's rules live in the domain (`domain.loanrow`); the model and the SQL mirror them."""

import datetime

import pytest

from policycredit.accounts.models import User
from policycredit.accounts.tests.four_eyes import approved as approved_by
from policycredit.common.selectors import replaying
from policycredit.domain import loanrow
from policycredit.domain.loan import Instalment as Planned
from policycredit.loans import services
from policycredit.loans.models import IN_TERM, Loan, LoanStatus

D = datetime.date


def test_the_row_statuses_are_the_domains():
    assert {s.value for s in LoanStatus} == {
        loanrow.ACTIVE,
        loanrow.OVERDUE,
        loanrow.FROZEN,
        loanrow.SETTLED,
        loanrow.WRITTEN_OFF,
    }
    assert set(loanrow.OPEN_STATUSES) == {LoanStatus.ACTIVE, LoanStatus.OVERDUE, LoanStatus.FROZEN}


@pytest.mark.django_db
def test_the_sql_in_term_is_the_domains(approved, central, teller, director):
    """50 million disbursed; 20 million frozen, then 5 million repaid (off the in-term part):
    25 million in term, by the rule and in SQL."""
    with replaying(D(2024, 3, 15)):
        loan = services.disburse(
            actor=teller,
            application=approved,
            source=central,
            on=D(2024, 3, 15),
            instalments=[Planned(D(2025, 3, 15), 25_000_000), Planned(D(2026, 3, 15), 25_000_000)],
        )
    with replaying(D(2024, 4, 2)):
        approved_by(
            services.freeze(
                actor=User.objects.get(username="tindung"),
                loan=loan,
                on=D(2024, 4, 2),
                loss_percent=50,
                months=12,
                decision="QĐ",
                amount=20_000_000,
            ),
            director,
        )
        services.repay(actor=teller, loan=loan, on=D(2024, 4, 2), principal=5_000_000)
    row = Loan.objects.annotate(in_term=IN_TERM).get(pk=loan.pk)
    assert row.in_term == 25_000_000
    assert row.in_term == loanrow.in_term(
        row.principal_outstanding, row.principal_overdue, row.principal_frozen
    )
    assert row.status == loanrow.FROZEN
