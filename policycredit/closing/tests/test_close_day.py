"""The close of day: order, idempotency, a crash in the middle, the SQL path against the engine,
month-end snapshot and the reconciliation that catches drift."""

import datetime

import pytest
from django.db.models import Sum

from policycredit.closing import buckets, services, steps
from policycredit.closing.models import RateBalance, StepRun
from policycredit.common.selectors import business_date, replaying
from policycredit.domain import posting as p
from policycredit.domain.loan import state_at
from policycredit.domain.posting import debt_group
from policycredit.ledger.checks import check_books
from policycredit.ledger.selectors import balance
from policycredit.loans import services as loans_services
from policycredit.loans.models import Loan, Snapshot
from policycredit.loans.selectors import histories_of

pytestmark = pytest.mark.django_db
D = datetime.date
START = D(2025, 1, 10)


def _engine_agrees(day):
    """Each loan's overdue principal is the engine's at the next morning; the interest
    receivable is the sum of the loans' interest due, within a đồng a loan."""
    loans = list(Loan.objects.all())
    histories = histories_of(loans)
    due = 0
    for loan in loans:
        state = state_at(histories[loan.pk], day + datetime.timedelta(days=1))
        assert loan.principal_overdue == state.principal_overdue, loan.number
        past_due = (day - state.overdue_since).days + 2 if state.overdue_since else 0
        assert loan.debt_group == debt_group(past_due, [10, 91, 181, 361]), loan.number
        due += state.interest_due
    receivable = balance(kinds=[p.INTEREST_RECEIVABLE])
    assert abs(receivable - due) <= len(loans), (receivable, due)
    return due


def test_days_close_in_order_and_agree_with_the_engine(portfolio):
    loans, rng = portfolio
    services.start_at(day=START)
    services.close_until(until=D(2025, 2, 15))
    assert business_date() == D(2025, 2, 16)
    # Half the borrowers pay what is due on a day in February; the rest fall overdue.
    payers = loans[::2]
    with replaying(D(2025, 2, 16)):
        states = histories_of(payers)
        entries = []
        for loan in payers:
            state = state_at(states[loan.pk], D(2025, 2, 16))
            principal = state.principal_overdue + sum(
                i.principal for i in state.remaining_instalments if i.due <= D(2025, 2, 16)
            )
            if principal or state.interest_due:
                entries.append((loan, D(2025, 2, 16), principal, state.interest_due))
        loans_services.collect_many(actor=None, entries=entries)
    services.close_until(until=D(2025, 4, 30))
    assert Loan.objects.filter(principal_overdue__gt=0).exists()
    assert Loan.objects.filter(debt_group=3).exists()  # overdue since February: 91+ days by May
    _engine_agrees(D(2025, 4, 30))
    assert check_books().ok


def test_a_date_closes_once_and_only_in_turn(portfolio):
    services.start_at(day=START)
    services.close_day()
    entries_after_first = StepRun.objects.count()
    with pytest.raises(services.CloseRefused):
        services.close_day(day=START)  # already closed: nothing changes
    with pytest.raises(services.CloseRefused):
        services.close_day(day=START + datetime.timedelta(days=5))  # not the next date
    assert StepRun.objects.count() == entries_after_first
    assert business_date() == START + datetime.timedelta(days=1)


def test_an_open_transaction_day_stops_the_close(portfolio):
    from policycredit.accounts.models import User
    from policycredit.transactiondays.services import open_day

    loans, _rng = portfolio
    services.start_at(day=START)
    point = loans[0].group.transaction_point
    point.day_of_month = START.day  # a day opens only on its point's session
    point.save(update_fields=["day_of_month"])
    with replaying(START):
        open_day(actor=User.objects.get(username="giaodich"), point=point, on=START)
    with pytest.raises(services.CloseRefused, match=str(loans[0].group.transaction_point)):
        services.close_day()
    assert not StepRun.objects.filter(date=START).exists()


def test_a_crash_in_a_step_leaves_it_undone_and_the_next_run_finishes(portfolio, monkeypatch):
    services.start_at(day=START)
    services.close_day()  # the opening, out of the way
    day = business_date()
    real = steps.STEPS["transfer_overdue"]

    def crash(day, actor):
        real(day, actor)  # its writes are made …
        raise SystemExit("killed")  # … and the process dies before the step's record

    monkeypatch.setitem(steps.STEPS, "transfer_overdue", crash)
    receivable = balance(kinds=[p.INTEREST_RECEIVABLE])
    with pytest.raises(SystemExit):
        services.close_day()
    assert set(StepRun.objects.filter(date=day).values_list("step", flat=True)) == {
        "accrue_interest"
    }
    accrued_once = balance(kinds=[p.INTEREST_RECEIVABLE]) - receivable
    monkeypatch.setitem(steps.STEPS, "transfer_overdue", real)
    services.close_day()  # continues: the accrual is not posted twice
    assert balance(kinds=[p.INTEREST_RECEIVABLE]) - receivable == accrued_once
    assert business_date() == day + datetime.timedelta(days=1)
    assert check_books().ok


def test_the_month_end_snapshot_equals_the_live_portfolio(portfolio):
    services.start_at(day=START)
    services.close_until(until=D(2025, 3, 31))
    snap = Snapshot.objects.filter(month_end=D(2025, 3, 31)).aggregate(
        outstanding=Sum("outstanding"), overdue=Sum("overdue"), loans=Sum("loans")
    )
    live = Loan.objects.aggregate(
        outstanding=Sum("principal_outstanding"), overdue=Sum("principal_overdue")
    )
    assert snap["outstanding"] == live["outstanding"] > 0
    assert snap["overdue"] == live["overdue"] > 0
    assert snap["loans"] == Loan.objects.count()
    # The reports' roll-up follows each month end the close takes.
    from policycredit.reporting.models import RollupMonth, WardMonth

    months = set(RollupMonth.objects.values_list("month_end", flat=True))
    assert months == {D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31)}
    rolled = WardMonth.objects.filter(month_end=D(2025, 3, 31)).aggregate(Sum("outstanding"))
    assert rolled["outstanding__sum"] == live["outstanding"]


def test_drift_in_the_maintained_balances_stops_the_month_end_naming_the_account(portfolio):
    services.start_at(day=START)
    services.close_until(until=D(2025, 1, 30))
    bucket = RateBalance.objects.filter(balance__gt=0).first()
    RateBalance.objects.filter(pk=bucket.pk).update(balance=bucket.balance + 1)
    with pytest.raises(steps.CloseError, match="2111"):
        services.close_day()  # 31/01/2025, a month end
    assert buckets.differences()


def test_the_fees_of_a_month_are_computed_when_it_closes(portfolio):
    from policycredit.fees.models import FeeStatement

    services.start_at(day=START)
    services.close_until(until=D(2025, 1, 31))
    assert FeeStatement.objects.filter(month=D(2025, 1, 1)).exists()
    assert StepRun.objects.get(date=D(2025, 1, 31), step="month_fees").details["offices"] == 1


def test_the_month_end_fees_read_from_the_snapshot_what_the_loans_say(portfolio):
    """The close computes a month's fees from its snapshot; summed from every loan instead,
    the figures are the same to the đồng (interest was collected from half the groups' loans,
    and some instalments fell due unpaid)."""
    from policycredit.fees import figures

    loans, _rng = portfolio
    services.start_at(day=START)
    services.close_until(until=D(2025, 2, 15))
    with replaying(D(2025, 2, 16)):
        states = histories_of(loans[::2])
        entries = [
            (loan, D(2025, 2, 16), 0, state_at(states[loan.pk], D(2025, 2, 16)).interest_due)
            for loan in loans[::2]
        ]
        loans_services.collect_many(actor=None, entries=entries)
    services.close_until(until=D(2025, 2, 28))
    office = loans[0].office_id
    kept = figures.from_snapshot(office, D(2025, 2, 28))
    assert kept == figures.from_loans(office, D(2025, 2, 1), D(2025, 2, 28))
    assert sum(x.base_balance for x in kept) > 0
    assert sum(x.overdue for x in kept) > 0
    assert 0 < sum(x.base_balance for x in kept) < sum(x.outstanding for x in kept)
