"""April 2024 computed, posted and paid: the stories of the conftest's loans, every figure by
hand.

Organisation A: 1,000,000,000 đ outstanding at 30/04, its interest collected on 15/04; overdue
25,000,000 đ, 2.5 % of it, so the 2–3 % band pays 80 %: 1,000,000,000 × 0.032 % = 320,000 ×
80 % = 256,000 đ, split 215,040 (ward) + 23,040 (district) + 11,520 (province) + 6,400
(central). Its group collected 6,869,500 đ of interest: 8 % commission (the demo rate) is
549,560 đ.

Organisation B: 200,000,000 đ outstanding, but interest was collected on one loan only:
100,000,000 × 0.032 % = 32,000 đ at 100 %. Its group collected 2,002,000 đ: 160,160 đ.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from policycredit.common.selectors import replaying
from policycredit.domain import posting as p
from policycredit.fees import services
from policycredit.fees.models import (
    CommissionStatement,
    FeeShare,
    FeeStatement,
    Payout,
    QualityBand,
)
from policycredit.ledger.models import JournalEntry
from policycredit.ledger.selectors import balance
from policycredit.loans.selectors import loan_state

pytestmark = pytest.mark.django_db
D = datetime.date
APRIL = D(2024, 4, 1)
KINDS = [
    p.FEES_PAYABLE,
    p.FEES_EXPENSE,
    p.COMMISSIONS_PAYABLE,
    p.COMMISSIONS_EXPENSE,
    p.CASH_OFFICE,
]


class Books:
    """The office's fee accounts, as a change since the story began."""

    def __init__(self, office_id):
        self.office_id = office_id
        self.start = self._now()

    def _now(self):
        return {k: balance(office_id=self.office_id, kinds=[k]) for k in KINDS}

    def moved(self):
        now = self._now()
        return {k: now[k] - self.start[k] for k in KINDS if now[k] != self.start[k]}


def compute_april(world, staff):
    with replaying(D(2024, 5, 20)):
        return services.compute_month(actor=staff["ketoan"], office=world.office, month=APRIL)


def test_the_workshops_april_interest_is_what_the_story_says(world):
    """15/03 in term on 1,000,000,000 (220,000) + 30 days on 975,000,000 (6,435,000) + 30 days
    on 25,000,000 overdue at 130 % (214,500) = 6,869,500, all paid on 15/04."""
    state = loan_state(world.workshop, D(2024, 4, 15))
    assert state.interest_due == 0
    assert state.principal_overdue == 25_000_000
    assert state.interest_paid_total == 6_820_000 + 6_380_000 + 6_869_500


def test_the_worked_example_fee_split_and_commission(world, staff):
    done = compute_april(world, staff)
    a = FeeStatement.objects.get(month=APRIL, organisation=world.organisation_a)
    assert (a.outstanding, a.overdue, a.base_balance) == (1_000_000_000, 25_000_000, 1_000_000_000)
    assert a.overdue_ratio == Decimal("2.5") and a.factor == 80
    assert a.interest_collected == 6_869_500
    assert a.fee == 256_000
    assert a.as_of == D(2024, 4, 30)
    shares = {s.level: (s.amount, s.organisation_id) for s in a.shares.all()}
    parent = world.organisation_a.parent_id
    assert shares == {
        "ward": (215_040, world.organisation_a.pk),
        "district": (23_040, parent),
        "province": (11_520, None),  # the demo has no province or central unit
        "central": (6_400, None),
    }
    b = FeeStatement.objects.get(month=APRIL, organisation=world.organisation_b)
    assert (b.outstanding, b.base_balance, b.overdue, b.factor) == (
        200_000_000,
        100_000_000,
        0,
        100,
    )
    assert b.fee == 32_000
    commissions = {
        c.group_id: c.commission for c in CommissionStatement.objects.filter(month=APRIL)
    }
    assert commissions == {world.group_a.pk: 549_560, world.group_b.pk: 160_160}
    assert (done.fees, done.commissions) == (288_000, 709_720)
    assert a.details[0]["code"] == "GQVL" and a.details[0]["rate_on_balance"] == "0.03200"


def test_computing_posts_the_fees_and_paying_pays_them(world, staff):
    books = Books(world.office.pk)
    compute_april(world, staff)
    assert books.moved() == {
        p.FEES_EXPENSE: 288_000,
        p.FEES_PAYABLE: -288_000,
        p.COMMISSIONS_EXPENSE: 709_720,
        p.COMMISSIONS_PAYABLE: -709_720,
    }
    a = FeeStatement.objects.get(month=APRIL, organisation=world.organisation_a)
    assert a.journal_entry.kind == "fee" and a.journal_entry.value_date == D(2024, 4, 30)

    with replaying(D(2024, 5, 20)):
        payout = services.pay(actor=staff["giaodich"], statement=a, on=D(2024, 5, 15))
    assert payout.amount == 256_000 and payout.journal_entry.kind == "payout"
    assert books.moved() == {
        p.FEES_EXPENSE: 288_000,
        p.FEES_PAYABLE: -32_000,
        p.COMMISSIONS_EXPENSE: 709_720,
        p.COMMISSIONS_PAYABLE: -709_720,
        p.CASH_OFFICE: -256_000,
    }
    group = CommissionStatement.objects.get(month=APRIL, group=world.group_a)
    with replaying(D(2024, 5, 20)):
        services.pay(actor=staff["giaodich"], statement=group, on=D(2024, 5, 15))
    assert books.moved()[p.COMMISSIONS_PAYABLE] == -160_160
    assert books.moved()[p.CASH_OFFICE] == -256_000 - 549_560
    assert balance(office_id=world.office.pk, kinds=[p.FEES_PAYABLE], as_of=D(2024, 4, 30)) == (
        books.start[p.FEES_PAYABLE] - 288_000
    )


def test_a_month_is_computed_once_and_a_second_run_writes_nothing(world, staff):
    compute_april(world, staff)
    counts = (FeeStatement.objects.count(), FeeShare.objects.count(), JournalEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        compute_april(world, staff)
    assert refused.value.error_list[0].code == "already_computed"
    assert counts == (
        FeeStatement.objects.count(),
        FeeShare.objects.count(),
        JournalEntry.objects.count(),
    )


def test_a_month_that_has_not_ended_cannot_be_computed(world, staff):
    with replaying(D(2024, 4, 30)), pytest.raises(ValidationError) as refused:
        services.compute_month(actor=staff["ketoan"], office=world.office, month=APRIL)
    assert refused.value.error_list[0].code == "month_not_ended"
    assert not FeeStatement.objects.exists()


def test_a_statement_is_paid_once_and_after_its_month(world, staff):
    compute_april(world, staff)
    a = FeeStatement.objects.get(month=APRIL, organisation=world.organisation_a)
    with replaying(D(2024, 5, 20)):
        with pytest.raises(ValidationError) as early:
            services.pay(actor=staff["giaodich"], statement=a, on=D(2024, 4, 30))
        assert early.value.error_list[0].code == "bad_date_order"
        with pytest.raises(ValidationError) as future:
            services.pay(actor=staff["giaodich"], statement=a, on=D(2024, 5, 21))
        assert future.value.error_list[0].code == "future_date"
        services.pay(actor=staff["giaodich"], statement=a, on=D(2024, 5, 15))
        with pytest.raises(ValidationError) as twice:
            services.pay(actor=staff["giaodich"], statement=a, on=D(2024, 5, 16))
    assert twice.value.error_list[0].code == "already_paid"
    assert Payout.objects.filter(fee_statement=a).count() == 1


def test_a_new_band_decision_can_take_the_whole_fee_and_nothing_is_posted(world, staff):
    """From 01/04/2024 (a decision made up for the test) 2 % overdue or more earns nothing."""
    QualityBand.objects.bulk_create(
        [
            QualityBand(valid_from=APRIL, overdue_ratio_from=0, factor=100),
            QualityBand(valid_from=APRIL, overdue_ratio_from=2, factor=0),
        ]
    )
    compute_april(world, staff)
    a = FeeStatement.objects.get(month=APRIL, organisation=world.organisation_a)
    assert (a.factor, a.fee, a.journal_entry) == (0, 0, None)
    assert sorted(a.shares.values_list("amount", flat=True)) == [0, 0, 0, 0]
    with pytest.raises(ValidationError) as refused:
        services.pay(actor=staff["giaodich"], statement=a, on=D(2024, 5, 15))
    assert refused.value.error_list[0].code == "nothing_to_pay"


def test_past_months_count_only_what_was_lent_and_overdue_then(world, staff):
    """March: the instalment fell due on 15/03, so at 31/03 the workshop is 2.5 % overdue;
    February: nothing had fallen due. Both months' interest was collected on the 15th."""
    with replaying(D(2024, 5, 20)):
        services.compute_month(actor=staff["ketoan"], office=world.office, month=D(2024, 2, 1))
        services.compute_month(actor=staff["ketoan"], office=world.office, month=D(2024, 3, 9))
    february = FeeStatement.objects.get(month=D(2024, 2, 1), organisation=world.organisation_a)
    march = FeeStatement.objects.get(month=D(2024, 3, 1), organisation=world.organisation_a)
    assert (february.overdue, february.factor, february.fee) == (0, 100, 320_000)
    assert (march.overdue, march.factor, march.fee) == (25_000_000, 80, 256_000)
    # B's loans had no interest collected in February or March: outstanding, but no base.
    b = FeeStatement.objects.get(month=D(2024, 3, 1), organisation=world.organisation_b)
    assert (b.outstanding, b.base_balance, b.fee) == (200_000_000, 0, 0)
    assert not CommissionStatement.objects.filter(month=D(2024, 3, 1), group=world.group_b)


def test_every_statement_is_in_the_audit_log(world, staff):
    from policycredit.audit.models import AuditEvent

    compute_april(world, staff)
    a = FeeStatement.objects.get(month=APRIL, organisation=world.organisation_a)
    event = AuditEvent.objects.get(model="fees.feestatement", object_id=str(a.pk))
    assert event.actor == staff["ketoan"] and event.new["fee"] == 256_000
    assert AuditEvent.objects.filter(model="fees.feeshare").count() == 8


def test_a_months_statements_are_paid_together_or_not_at_all(world, staff):
    compute_april(world, staff)
    a = FeeStatement.objects.get(month=APRIL, organisation=world.organisation_a)
    group = CommissionStatement.objects.get(month=APRIL, group=world.group_a)
    with replaying(D(2024, 5, 20)):
        services.pay(actor=staff["giaodich"], statement=a, on=D(2024, 5, 15))
        with pytest.raises(ValidationError) as refused:
            services.pay_many(actor=staff["giaodich"], statements=[group, a], on=D(2024, 5, 15))
        assert refused.value.error_list[0].code == "already_paid"
        assert not Payout.objects.filter(commission_statement=group).exists()
        paid = services.pay_many(actor=staff["giaodich"], statements=[group], on=D(2024, 5, 15))
    assert paid[0].amount == 549_560 and paid[0].journal_entry.kind == "payout"
    assert paid[0].journal_entry.memo.endswith("04/2024")
