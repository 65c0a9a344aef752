"""Money paid out at the point: an approved loan disbursed from the team's cash, posted with the
day at sign-off."""

import datetime

import pytest

from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.domain import posting as p
from policycredit.ledger.checks import check_books
from policycredit.ledger.selectors import balance
from policycredit.loans.models import Application, Loan
from policycredit.transactiondays import selectors, services
from policycredit.transactiondays.tests.conftest import nothing_from_the_other_groups, seen

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = D(2026, 6, 15)


def test_an_approved_loan_is_disbursed_at_the_point_and_posted_at_sign_off(
    approved,
    teller,
    director,  # noqa: F811
):
    from policycredit.accounts.models import User

    controller = User.objects.get(username="kiemsoat")
    point = approved.group.transaction_point
    central = CapitalSource.objects.get(code="TW")
    office = approved.office_id
    in_term = balance(office_id=office, kinds=[p.LOANS_IN_TERM])
    with replaying(DAY):
        day = services.open_day(actor=teller, point=point, on=DAY, cash_brought=60_000_000)
        services.save_disbursement(actor=teller, day=day, application=approved, source=central)
        assert selectors.expected_cash(day) == 10_000_000
        services.record_cash_count(actor=teller, day=day, counts={500_000: 20})
        nothing_from_the_other_groups(day, teller)
        services.submit(actor=teller, day=day)
        services.sign_off(actor=controller, day=day, seen=seen(day))
        assert check_books().ok
    loan = Loan.objects.get(application=approved)
    assert (loan.amount, loan.first_disbursed_on, loan.source) == (50_000_000, DAY, central)
    assert Application.objects.get(pk=approved.pk).status == "disbursed"
    assert balance(office_id=office, kinds=[p.LOANS_IN_TERM]) - in_term == 50_000_000
    assert balance(office_id=office, kinds=[p.CASH_IN_TRANSIT]) == 0
