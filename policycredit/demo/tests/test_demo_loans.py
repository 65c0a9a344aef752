"""The demo's loan history, replayed through the services over a short window."""

import datetime

import pytest

from policycredit.capital.models import CapitalSource
from policycredit.capital.selectors import entrusted_total
from policycredit.common.selectors import replaying
from policycredit.demo import loans as demo_loans
from policycredit.demo.district import Context
from policycredit.geo.models import Office, TransactionPoint
from policycredit.loans.models import Loan
from policycredit.loans.selectors import loan_state, outstanding_from_source

pytestmark = pytest.mark.django_db
END = datetime.date(2015, 9, 30)


@pytest.fixture
def history():
    import random

    from policycredit.accounts.models import User
    from policycredit.borrowers.models import Household
    from policycredit.network.models import SavingsGroup

    ctx = Context(rng=random.Random(7), actor=User.objects.get(username="admin"))
    ctx.office = Office.objects.get()
    ctx.points = {p.pk: p for p in TransactionPoint.objects.all()}
    ctx.groups = list(SavingsGroup.objects.all())
    ctx.households = list(Household.objects.all())
    ctx.sources = {
        "central": CapitalSource.objects.get(code="TW"),
        "city": CapitalSource.objects.get(code="NS-HN"),
        "district": CapitalSource.objects.get(code="NS-HBT"),
    }
    with replaying(END):
        return demo_loans.build(ctx, END, progress=lambda message: None)


def test_the_history_makes_loans_of_every_source(history):
    assert Loan.objects.count() > 50
    assert set(Loan.objects.values_list("source__code", flat=True)) == {"TW", "NS-HN", "NS-HBT"}


def test_every_loan_state_is_what_the_engine_says_at_the_end(history):
    for loan in Loan.objects.all():
        state = loan_state(loan, END)
        assert loan.principal_outstanding == state.principal_outstanding
        assert loan.principal_overdue == state.principal_overdue
        assert loan.interest_paid_total == state.interest_paid_total
        # Principal is conserved: what was lent is repaid, owed or written off.
        assert state.disbursed_total == (
            state.principal_repaid_total + state.principal_outstanding + state.principal_written_off
        )


def test_no_source_lent_more_than_it_was_given(history):
    office = Office.objects.get()
    for source in CapitalSource.objects.all():
        assert outstanding_from_source(source, office.pk) <= entrusted_total(
            source, END, office_id=office.pk
        )


def test_interest_was_collected_to_the_last_transaction_day(history):
    paid = sum(Loan.objects.values_list("interest_paid_total", flat=True))
    assert paid > 0
    # Borrowers who pay monthly owe at most about a month of interest at the end.
    owed = [loan_state(loan, END).interest_due for loan in Loan.objects.filter(status="active")]
    assert sorted(owed)[len(owed) // 2] < 1_000_000


def test_district_job_loans_record_their_jobs(history):
    job_loans = Loan.objects.filter(programme__code="GQVL", source__code="NS-HBT")
    assert job_loans.exists()
    assert all(loan.jobs_new_verified is not None for loan in job_loans)


def test_nothing_is_collected_or_lent_on_or_after_today(history):
    """Today's transaction day is still to be held: its sheets have something to collect."""
    from policycredit.loans.models import LoanTransaction

    assert not LoanTransaction.objects.filter(value_date__gte=END).exists()


def test_one_replay_gives_the_interest_the_engine_gives_at_each_day(history):
    from policycredit.domain.loan import interest_between
    from policycredit.domain.money import round_half_up
    from policycredit.loans.selectors import histories_of

    loans = list(Loan.objects.order_by("pk")[:40])
    for loan in loans:
        history = histories_of([loan])[loan.pk]
        start = loan.first_disbursed_on
        days = [start + datetime.timedelta(days=n) for n in (1, 29, 30, 31, 95, 200, 366)]
        days = [day for day in days if day <= END]
        expected = [round_half_up(interest_between(history, start, day)) for day in days]
        assert demo_loans._interest_owed(history, start, days) == expected


def test_the_books_of_the_generated_history_are_right(history):
    """The acceptance check of the ledger, on the generator's history: `ledger check` passes."""
    from django.core.management import call_command

    with replaying(END):
        call_command("ledger", "check", "--lang", "en")  # raises CommandError on a difference
        call_command("ledger", "check", "--as-of", "31/12/2014", "--lang", "en")
