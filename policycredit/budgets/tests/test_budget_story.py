"""A ward's budget entrusts money for 2024: the estimate, the People's Committee's decision, two
transfers (each a four-eyes entrustment decision approved by the director), a loan from it, a
recall refused beyond the idle capital and one within it, the interest's use split to the
đồng, the statement back to the government, and the hand-over when the ward is abolished."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal, User
from policycredit.accounts.selectors import scope_of
from policycredit.accounts.tests.four_eyes import approved
from policycredit.budgets import selectors, services
from policycredit.budgets.models import BudgetPlan, Transfer
from policycredit.capital.models import CapitalSource
from policycredit.capital.services import save_source
from policycredit.common.selectors import replaying
from policycredit.ledger import checks as ledger_checks
from policycredit.loans.models import Loan
from policycredit.loans.services import (
    advance_application,
    disburse,
    repay,
    reverse,
    submit_application,
)
from policycredit.network.models import SavingsGroup
from policycredit.programmes.models import Programme
from tests.helpers import vi

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user):
    accountant, director = user("ketoan"), user("giamdoc")
    office = accountant.office
    group = SavingsGroup.objects.filter(office=office, closed__isnull=True).order_by("code").first()
    ward = group.transaction_point.ward
    source = save_source(
        actor=user("admin"),
        instance=CapitalSource(
            code="NS-TEST", name="Ngân sách phường thử", level="commune", unit=ward
        ),
    )
    city = CapitalSource.objects.get(code="NS-HN")
    return dict(
        accountant=accountant, director=director, office=office, group=group, ward=ward,
        source=source, city=city,
    )  # fmt: skip


def _plan(w, year=2024, planned=3_000_000_000):
    return services.save_plan(
        actor=w["accountant"],
        instance=BudgetPlan(
            source=w["source"],
            office=w["office"],
            year=year,
            planned=planned,
            estimate_document="Nghị quyết 15/NQ-HĐND",
            estimate_date=D(year - 1, 12, 20),
        ),
    )


def _transfer(w, plan, number, day, amount):
    result = services.receive_transfer(
        actor=w["accountant"],
        plan=plan,
        number=number,
        date=day,
        amount=amount,
        programmes=[Programme.objects.get(code="HN")],
    )
    assert isinstance(result, Proposal)  # the accountant never enters money alone
    decision = policy.approve(actor=w["director"], proposal=result)
    return Transfer.objects.get(decision=decision)


def _loan(w, amount, on):
    household = next(
        m.household
        for m in w["group"]
        .memberships.filter(left__isnull=True, household__head__isnull=False)
        .select_related("household")
        .order_by("household__code")
        if _poor_in_2024(m.household)
    )
    application = submit_application(
        actor=User.objects.get(username="tindung"),
        household=household,
        borrower=household.head,
        programme=Programme.objects.get(code="HN"),
        group=w["group"],
        amount=amount,
        term_months=24,
        purpose="Chăn nuôi",
        applied_on=on - datetime.timedelta(days=10),
    )
    for step, who in [
        ("reviewed", "totruong"),
        ("appraised", "hoiphunu"),
        ("confirmed", "phuong.vinhtuy"),
    ]:
        advance_application(
            actor=User.objects.get(username=who),
            application=application,
            to=step,
            on=on - datetime.timedelta(days=8),
        )
    advance_application(
        actor=w["director"],
        application=application,
        to="approved",
        on=on - datetime.timedelta(days=5),
    )
    with replaying(on):
        teller = User.objects.get(username="giaodich")
        return approved(
            disburse(actor=teller, application=application, source=w["source"], on=on),
            "kiemsoat",
        )


def _poor_in_2024(household) -> bool:
    latest = household.poverty_records.filter(year__lte=2024).order_by("-year").first()
    return latest is not None and latest.status == "poor"


def test_a_year_from_estimate_to_use(world):
    w = world
    plan = _plan(w)
    with pytest.raises(ValidationError, match=vi("Record the decision before its transfers.")):
        services.receive_transfer(
            actor=w["accountant"], plan=plan, number="X", date=D(2024, 3, 1), amount=1
        )

    plan = services.record_decision(
        actor=w["accountant"],
        plan=plan,
        number="45/QĐ-UBND",
        date=D(2024, 2, 1),
        amount=2_500_000_000,
    )
    first = _transfer(w, plan, "45/QĐ-UBND-1", D(2024, 3, 1), 1_500_000_000)
    assert first.plan == plan and first.decision.amount == 1_500_000_000

    # A pending second part counts against the decision: a third beyond it is refused.
    pending = services.receive_transfer(
        actor=w["accountant"], plan=plan, number="45/QĐ-UBND-2", date=D(2024, 5, 2),
        amount=1_000_000_000, programmes=[Programme.objects.get(code="HN")],
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.receive_transfer(
            actor=w["accountant"], plan=plan, number="45/QĐ-UBND-3", date=D(2024, 5, 3), amount=1
        )
    assert refused.value.error_dict["amount"][0].code == "beyond_decided"
    assert "45/QĐ-UBND" in str(refused.value)
    second = Transfer.objects.get(decision=policy.approve(actor=w["director"], proposal=pending))
    assert second.plan == plan

    [row] = [
        r
        for r in selectors.year_summary(w["director"], 2024, D(2024, 12, 31))
        if r.source_id == w["source"].pk
    ]
    assert (row.planned, row.decided, row.transferred, row.recalled) == (
        3_000_000_000, 2_500_000_000, 2_500_000_000, 0,
    )  # fmt: skip
    assert row.decision_number == "45/QĐ-UBND" and row.level == "commune"
    # As of a day between the two transfers, only the first has arrived.
    [early] = [
        r
        for r in selectors.year_summary(w["director"], 2024, D(2024, 4, 1))
        if r.source_id == w["source"].pk
    ]
    assert early.transferred == 1_500_000_000

    # Lent: 2.3 billion of the 2.5 is out; 200 million idle.
    loans = [_loan(w, 100_000_000, D(2024, 6, 10)) for _ in range(1)]
    loan = loans[0]
    assert selectors.idle(w["source"].pk, w["office"].pk, D(2024, 12, 31)) == 2_400_000_000
    with pytest.raises(ValidationError, match="beyond_idle|2.400.000.000"):
        services.recall(
            actor=w["accountant"],
            plan=plan,
            date=D(2024, 9, 1),
            amount=2_400_000_001,
            document="9/QĐ",
        )
    recall = services.recall(
        actor=w["accountant"],
        plan=plan,
        date=D(2024, 9, 1),
        amount=400_000_000,
        document="9/QĐ-UBND",
    )
    assert recall.entry.lines.count() == 2
    assert selectors.capital_at(w["source"].pk, w["office"].pk, D(2024, 12, 31)) == 2_100_000_000

    # Interest collected on the loan is the source's interest earned.
    with replaying(D(2024, 7, 10)):
        approved(
            repay(
                actor=User.objects.get(username="giaodich"),
                loan=loan,
                on=D(2024, 7, 10),
                interest=550_000,
            ),
            "kiemsoat",
        )
    allocation = services.allocate_interest(
        actor=w["accountant"], source=w["source"], office=w["office"], period_from=D(2024, 1, 1),
        period_to=D(2024, 12, 31), document="12/QĐ-UBND", date=D(2025, 1, 15),
    )  # fmt: skip
    parts = {p.use: p.amount for p in allocation.parts.all()}
    assert allocation.earned == 550_000
    assert sum(parts.values()) == 550_000
    assert parts == {"capital": 165_000, "risk": 110_000, "management": 275_000}

    # The statement back to the ward: figures from the books equal the loans'.
    st = selectors.statement(
        w["director"], w["source"], w["office"], D(2024, 1, 1), D(2024, 12, 31)
    )
    assert st.received_to_date == st.received_in_period == 2_500_000_000
    assert st.recalled_in_period == 400_000_000
    assert st.capital == 2_100_000_000
    assert st.lent_in_period == 100_000_000
    assert (
        st.outstanding
        == sum(
            Loan.objects.filter(source=w["source"], office=w["office"]).values_list(
                "principal_outstanding", flat=True
            )
        )
        == 100_000_000
    )
    assert st.idle == 2_000_000_000 and st.borrowers == 1 and st.interest_earned == 550_000

    # The ward is abolished: its capital goes to the city's budget (its loans keep their source).
    ward = w["ward"]
    if ward.valid_to is None:
        ward.valid_to = D(2025, 6, 30)
        ward.save(update_fields=["valid_to"])
    with pytest.raises(ValidationError, match=r"2\.100\.000\.001"):
        services.hand_over(
            actor=w["accountant"], source=w["source"], office=w["office"], date=D(2025, 7, 1),
            document="1/QĐ-UBND", document_date=D(2025, 6, 25), parts=[(w["city"], 2_100_000_001)],
        )  # fmt: skip
    handover = services.hand_over(
        actor=w["accountant"], source=w["source"], office=w["office"], date=D(2025, 7, 1),
        document="1/QĐ-UBND", document_date=D(2025, 6, 25), parts=[(w["city"], 2_100_000_000)],
    )  # fmt: skip
    assert handover.total == 2_100_000_000
    assert selectors.capital_at(w["source"].pk, w["office"].pk, D(2025, 7, 1)) == 0
    rows = {r.source_id: r for r in selectors.year_summary(w["director"], 2025, D(2025, 12, 31))}
    assert rows[w["source"].pk].handed_over == 2_100_000_000
    assert rows[w["city"].pk].handed_in == 2_100_000_000
    st = selectors.statement(
        w["director"], w["source"], w["office"], D(2025, 1, 1), D(2025, 12, 31)
    )
    assert (
        st.handed_over_to_date == 2_100_000_000 and st.capital == 0 and st.handovers == [handover]
    )

    # The books still agree with the decisions, recalls and hand-overs.
    report = ledger_checks.check_books(as_of=D(2026, 1, 1))
    assert report.differences == []


def test_a_transfer_approved_after_the_decision_was_used_up_is_refused(world):
    w = world
    plan = _plan(w)
    plan = services.record_decision(
        actor=w["accountant"], plan=plan, number="7/QĐ", date=D(2024, 2, 1), amount=1_000
    )
    pending = services.receive_transfer(
        actor=w["accountant"], plan=plan, number="7/QĐ-1", date=D(2024, 3, 1), amount=1_000,
        programmes=[Programme.objects.get(code="HN")],
    )  # fmt: skip
    # The decision is corrected downwards below nothing arrived yet but the waiting one: refused.
    with pytest.raises(ValidationError) as refused:
        services.record_decision(
            actor=w["accountant"], plan=plan, number="7/QĐ", date=D(2024, 2, 1), amount=999
        )
    assert refused.value.error_dict["amount"][0].code == "below_transferred"
    decision = policy.approve(actor=w["director"], proposal=pending)
    assert Transfer.objects.get(decision=decision).plan == plan


def test_only_the_roles_that_manage_write_and_only_in_their_area(world, user):
    w = world
    with pytest.raises(PermissionDenied):
        services.save_plan(
            actor=user("bandaidien"),
            instance=BudgetPlan(source=w["source"], office=w["office"], year=2024, planned=1,
                                estimate_document="x", estimate_date=D(2023, 12, 1)),
        )  # fmt: skip
    plan = _plan(w)
    assert selectors.plans_for(user("bandaidien")).filter(pk=plan.pk).exists()
    assert selectors.plans_for(user("giamdoc")).filter(pk=plan.pk).exists()
    # The ward officer of another ward does not see this ward's budget.
    other = user("phuong.vinhtuy")
    visible = selectors.plans_for(other).filter(pk=plan.pk).exists()
    assert visible == (w["ward"].pk in scope_of(other).ward_ids)


def test_the_rule_in_force_is_the_seeded_example_until_replaced():
    start, shares = selectors.rule_in_force(D(2024, 12, 31))
    assert start == D(2014, 1, 1)
    assert sum(share for _, share in shares) == Decimal("100")


def test_a_repayment_reversed_is_not_repaid_in_the_statement(world):
    """A transaction reversed and its reversal count for nothing, as in the reports' turnover."""
    w = world
    plan = _plan(w)
    services.record_decision(
        actor=w["accountant"], plan=plan, amount=1_000_000_000, number="5/QĐ-UBND",
        date=D(2024, 1, 20),
    )  # fmt: skip
    _transfer(w, plan, "6/QĐ-UBND", D(2024, 2, 1), 500_000_000)
    loan = _loan(w, 30_000_000, D(2024, 3, 12))
    teller = User.objects.get(username="giaodich")
    for day, principal in [(D(2024, 5, 10), 5_000_000), (D(2024, 6, 10), 2_000_000)]:
        with replaying(day):
            approved(repay(actor=teller, loan=loan, on=day, principal=principal), "kiemsoat")
    mistaken = loan.transactions.get(kind="repayment", principal=2_000_000)
    with replaying(D(2024, 6, 11)):
        approved(
            reverse(
                actor=w["director"],
                transaction_to_reverse=mistaken,
                reason="Nhập nhầm số tiền",
                on=D(2024, 6, 11),
            ),
            "kiemsoat",
        )
    st = selectors.statement(
        w["director"], w["source"], w["office"], D(2024, 1, 1), D(2024, 12, 31)
    )
    assert st.lent_in_period == 30_000_000
    assert st.repaid_in_period == 5_000_000
    assert st.outstanding == 25_000_000
