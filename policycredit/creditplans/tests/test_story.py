"""The office's plan of 2024 through its year: set, allocated to two wards, an over-allocation
refused, revised mid-year, and measured against what the loans did (the conftest's loans:
70 million lent, 15 million collected, outstanding up 55 million by 30/06/2024)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policycredit.accounts.models import User
from policycredit.accounts.services import save_user
from policycredit.audit.models import Action, AuditEvent
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import replaying
from policycredit.creditplans import selectors, services
from policycredit.creditplans.models import Allocation, PlanVersion
from policycredit.creditplans.tests.conftest import PROGRAMME, SOURCE
from policycredit.domain.credit_plan import Amounts
from policycredit.loans.models import LoanTransaction
from policycredit.programmes.models import Programme

pytestmark = pytest.mark.django_db
D = datetime.date
M = 1_000_000


@pytest.fixture
def director():
    return User.objects.get(username="giamdoc")


def _line():
    return Programme.objects.get(code=PROGRAMME), CapitalSource.objects.get(code=SOURCE)


def _key():
    programme, source = _line()
    return programme.pk, source.pk


def _set_2024(director, office):
    programme, source = _line()
    with replaying(D(2024, 1, 10)):
        return services.set_plan(
            actor=director,
            office=office,
            year=2024,
            decision_number="01/KH-TD",
            decision_date=D(2024, 1, 10),
            lines=[(programme, source, Amounts(1_000 * M, 300 * M, 700 * M))],
        )


ALLOCATED_ON = D(2024, 1, 15)


def _allocate(director, plan, ward, amounts):
    return services.allocate(
        actor=director, plan=plan, target=ward, valid_from=ALLOCATED_ON, amounts={_key(): amounts}
    )


def test_a_year_of_the_plan(lent, director):
    version = _set_2024(director, lent.office)
    plan = version.plan
    _allocate(director, plan, lent.ward_a, Amounts(400 * M, 100 * M, 300 * M))
    _allocate(director, plan, lent.ward_b, Amounts(500 * M, 150 * M, 350 * M))

    # Ward B asks for 700 million of lending: 400 + 700 is past the 1,000 million planned.
    rows = Allocation.objects.count()
    with pytest.raises(ValidationError) as refused:
        _allocate(director, plan, lent.ward_b, Amounts(700 * M, 150 * M, 350 * M))
    assert "1.100.000.000" not in str(refused.value)
    assert "100.000.000" in str(refused.value)  # by how much: 400 + 700 − 1,000
    assert Allocation.objects.count() == rows

    (line,) = selectors.allocation_summary(plan, D(2024, 3, 1))
    assert line.left["ward"] == Amounts(100 * M, 50 * M, 50 * M)
    assert line.left["organisation"] == Amounts(1_000 * M, 300 * M, 700 * M)

    # A mid-year cut below what the wards hold is refused; the revision that raises it stands.
    programme, source = _line()
    with replaying(D(2024, 7, 1)), pytest.raises(ValidationError):
        services.revise_plan(
            actor=director,
            plan=plan,
            decision_number="15/KH-TD",
            decision_date=D(2024, 7, 1),
            lines=[(programme, source, Amounts(800 * M, 300 * M, 700 * M))],
        )
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    with replaying(D(2024, 7, 1)):
        services.revise_plan(
            actor=director,
            plan=plan,
            decision_number="15/KH-TD",
            decision_date=D(2024, 7, 1),
            lines=[(programme, source, Amounts(1_200 * M, 300 * M, 900 * M))],
        )
    assert AuditEvent.objects.filter(action=Action.CREDIT_PLAN_REVISED).count() == 1
    assert AuditEvent.objects.filter(action=Action.CREDIT_PLAN_ALLOCATED).count() == 2

    # As of 30/06/2024 the first version is in force; the loans: 70 lent, 15 collected, +55.
    june = selectors.plan_vs_actual(director, 2024, D(2024, 6, 30))
    (row,) = june.rows
    assert row.label == programme.name
    assert (row.lending_plan, row.lending_actual) == (1_000 * M, 70 * M)
    assert (row.collection_plan, row.collection_actual) == (300 * M, 15 * M)
    assert (row.growth_plan, row.growth_actual) == (700 * M, 55 * M)
    assert june.total.lending_actual == 70 * M
    july = selectors.plan_vs_actual(director, 2024, D(2024, 7, 10))
    assert july.rows[0].lending_plan == 1_200 * M

    targets = {
        t.target: t.row for t in selectors.allocations_vs_actual(director, plan, D(2024, 6, 30))
    }
    a, b = targets[lent.ward_a], targets[lent.ward_b]
    assert (a.lending_plan, a.lending_actual, a.collection_actual, a.growth_actual) == (
        400 * M,
        40 * M,
        10 * M,
        30 * M,
    )
    assert (b.lending_plan, b.lending_actual, b.collection_actual, b.growth_actual) == (
        500 * M,
        30 * M,
        5 * M,
        25 * M,
    )


def test_the_actual_is_the_sum_of_the_loans_transactions(lent, director):
    """The engine is the truth: lending and collection are the loans' own transactions."""
    _set_2024(director, lent.office)
    figures = selectors.plan_vs_actual(director, 2024, D(2024, 6, 30))
    moves = LoanTransaction.objects.filter(
        loan__in=lent.loans, value_date__year=2024, value_date__lte=D(2024, 6, 30)
    )
    lent_sum = sum(t.principal for t in moves.filter(kind="disbursement"))
    repaid = sum(t.principal for t in moves.filter(kind="repayment"))
    assert figures.total.lending_actual == lent_sum == 70 * M
    assert figures.total.collection_actual == repaid == 15 * M
    balances = sum(loan.principal_outstanding for loan in lent.loans)
    assert balances == 105 * M  # nothing else moved after June: the rows hold the same sum
    assert figures.total.growth_actual == balances - 50 * M


def test_no_plan_gives_no_rows_and_a_zero_total(director):
    figures = selectors.plan_vs_actual(director, 2019, D(2019, 6, 30))
    assert figures.rows == []
    assert figures.total.lending_plan == figures.total.lending_actual == 0


def test_a_ward_officer_sees_his_wards_allocation(lent, director):
    plan = _set_2024(director, lent.office).plan
    _allocate(director, plan, lent.ward_a, Amounts(400 * M, 100 * M, 300 * M))
    _allocate(director, plan, lent.ward_b, Amounts(500 * M, 150 * M, 350 * M))
    officer = User(username="kh.ward", role="ward_officer", unit=lent.ward_a)
    officer.set_unusable_password()
    officer = save_user(actor=None, instance=officer)
    (row,) = selectors.plan_vs_actual(officer, 2024, D(2024, 6, 30)).rows
    assert (row.lending_plan, row.lending_actual) == (400 * M, 40 * M)
    assert (row.growth_plan, row.growth_actual) == (300 * M, 30 * M)
    seen = selectors.allocations_vs_actual(officer, plan, D(2024, 6, 30))
    assert [t.target for t in seen] == [lent.ward_a]


def test_only_the_planners_of_the_office_set_it(lent):
    ward_officer = User.objects.get(username="phuong.vinhtuy")
    with pytest.raises(PermissionDenied):
        _set_2024(ward_officer, lent.office)
    assert not PlanVersion.objects.exists()


def test_a_plan_is_set_once_then_revised(lent, director):
    _set_2024(director, lent.office)
    with pytest.raises(ValidationError) as refused:
        _set_2024(director, lent.office)
    assert refused.value.error_list[0].code == "already_set"


def test_a_decision_after_today_is_refused(lent, director):
    programme, source = _line()
    with replaying(D(2024, 1, 5)), pytest.raises(ValidationError) as refused:
        services.set_plan(
            actor=director,
            office=lent.office,
            year=2024,
            decision_number="01/KH-TD",
            decision_date=D(2024, 1, 10),
            lines=[(programme, source, Amounts(1 * M, 0, 0))],
        )
    assert refused.value.error_list[0].code == "future"
