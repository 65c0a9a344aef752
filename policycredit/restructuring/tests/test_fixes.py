"""Three holes closed: the freeze measured against the loss bands in force (data, not the
engine's defaults), a measure's proposal decided only on the measure's page, and a term
adjustment held within the loan's term and to what is still owed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal
from policycredit.common.selectors import business_date
from policycredit.domain.loan import Instalment
from policycredit.loans import services as loan_services
from policycredit.loans.models import Loan
from policycredit.loans.selectors import loan_state
from policycredit.restructuring import services
from policycredit.restructuring.models import LossBand, Measure

from .stories import confirmed_dossier, propose, who

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _widen_freeze_band_from_30_percent(day):
    """An administrator's new bands: a freeze from 30 % of loss (the defaults say 40 %)."""
    for lower, upper, measure, months, write_off in (
        ("0", "30", "extension", None, False),
        ("30", "80", "freeze", 36, False),
        ("80", "100", "freeze", 60, True),
    ):
        LossBand.objects.create(
            effective_from=day,
            lower=Decimal(lower),
            upper=Decimal(upper),
            measure=measure,
            max_months=months,
            write_off_allowed=write_off,
        )


def _approve(measure):
    today = business_date()
    return services.approve_measure(
        actor=who("giamdoc"),
        measure=measure,
        deciding_number="7/QĐ",
        deciding_date=today,
        deciding_issuer="Chi nhánh",
    )


# ------------------------------------------------------------------------- 1. bands as data


def test_a_35_percent_loss_is_frozen_once_the_freeze_band_starts_at_30(loan):
    _widen_freeze_band_from_30_percent(business_date() - 10 * DAY)
    # 10,500,000 of the 30,000,000 owed on the day of the event: 35 %.
    dossier = confirmed_dossier(loan, 10_500_000)
    assert dossier.loss_percent == Decimal("35.00")
    measure = propose(loan, "freeze", dossier, months=12, amount=None)
    # The approval replays the bands the proposal was measured against.
    bands = measure.proposal.parameters["bands"]
    assert bands[1][:3] == ["30.00", "80.00", "freeze"] and bands[1][3] == 36
    done = _approve(measure)
    assert done.transaction.kind == "freeze"
    assert Loan.objects.get(pk=loan.pk).principal_frozen == 30_000_000


def test_a_35_percent_loss_is_refused_a_freeze_under_the_default_bands(loan):
    dossier = confirmed_dossier(loan, 10_500_000)
    with pytest.raises(ValidationError) as refused:
        propose(loan, "freeze", dossier, months=12, amount=None)
    assert refused.value.code == "band"
    # Outside a dossier the loans' own freeze keeps the defaults: 35 % calls for an extension.
    with pytest.raises(ValidationError) as refused:
        loan_services.freeze(
            actor=who("tindung"),
            loan=loan,
            on=business_date(),
            loss_percent=Decimal("35"),
            months=12,
            decision="QĐ 1",
        )
    assert refused.value.code == "band"


# -------------------------------------------------------------- 2. decided on its own page


def test_a_measures_proposal_is_decided_only_on_the_measures_page(loan, client_as):
    measure = propose(loan, "extension_whole", months=3)
    proposal = Proposal.objects.get(pk=measure.proposal_id)
    assert proposal.decide_at == reverse("restructuring:measure", args=[measure.pk])
    director = who("giamdoc")
    for attempt in (
        lambda: policy.approve(actor=director, proposal=proposal),
        lambda: policy.reject(actor=director, proposal=proposal, reason="Không đủ hồ sơ"),
    ):
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert refused.value.code == "decide_elsewhere"
    assert Proposal.objects.get(pk=proposal.pk).status == "pending"

    client = client_as("giamdoc")
    page = client.get(reverse("approvals:list")).content.decode()
    assert 'data-testid="decide-on-page"' in page and proposal.decide_at in page
    assert f'name="proposal" value="{proposal.pk}"' not in page
    client.post(reverse("approvals:list"), {"proposal": proposal.pk, "action": "approve"})
    assert Proposal.objects.get(pk=proposal.pk).status == "pending"

    done = services.approve_measure(actor=director, measure=measure)
    assert done.status == "done" and done.transaction is not None
    assert done.decision_number


def test_a_proposal_of_no_measure_is_still_decided_on_the_approvals_page(loan, client_as):
    proposal = loan_services.extend_whole(
        actor=who("tindung"), loan=loan, months=3, on=business_date(), reason="Xin gia hạn"
    )
    assert isinstance(proposal, Proposal) and proposal.decide_at == ""
    page = client_as("giamdoc").get(reverse("approvals:list")).content.decode()
    assert f'name="proposal" value="{proposal.pk}"' in page
    policy.approve(actor=who("giamdoc"), proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == "approved"
    assert not Measure.objects.filter(proposal=proposal).exists()


# --------------------------------------------------------- 3. term adjustment within term


def _plan(*rows):
    return [[due.isoformat(), amount] for due, amount in rows]


def test_a_term_adjustment_past_the_maturity_is_refused_as_an_extension(loan):
    today = business_date()
    # The loan's schedule: 15,000,000 due today + 7 days, 15,000,000 today + 365 days.
    maturity = today + 365 * DAY
    with pytest.raises(ValidationError) as refused:
        propose(
            loan,
            "term_adjustment",
            instalments=_plan((today + 30 * DAY, 10_000_000), (maturity + DAY, 20_000_000)),
        )
    assert refused.value.code == "beyond_maturity"
    assert f"{maturity:%d/%m/%Y}" in refused.value.messages[0]


def test_a_term_adjustment_must_add_up_to_the_principal_still_owed(loan):
    today = business_date()
    maturity = today + 365 * DAY
    with pytest.raises(ValidationError) as refused:
        propose(
            loan,
            "term_adjustment",
            instalments=_plan((today + 30 * DAY, 10_000_000), (maturity, 19_999_999)),
        )
    assert refused.value.code == "total"
    # The loans' own service refuses it too, without the restructuring around it.
    with pytest.raises(ValidationError) as refused:
        loan_services.adjust_terms(
            actor=who("tindung"),
            loan=loan,
            on=today,
            instalments=[
                Instalment(today + 30 * DAY, 10_000_000),
                Instalment(maturity, 20_000_001),
            ],
            reason="Xin điều chỉnh",
        )
    assert refused.value.code == "total"


def test_a_term_adjustment_ending_on_the_maturity_for_what_is_owed_is_done(loan):
    today = business_date()
    maturity = today + 365 * DAY
    plan = _plan(
        (today + 30 * DAY, 10_000_000), (today + 180 * DAY, 10_000_000), (maturity, 10_000_000)
    )
    done = services.approve_measure(
        actor=who("giamdoc"), measure=propose(loan, "term_adjustment", instalments=plan)
    )
    assert done.status == "done" and done.transaction.kind == "adjustment"
    assert Loan.objects.get(pk=loan.pk).next_due == today + 30 * DAY


def test_a_term_adjustment_after_a_repayment_keeps_what_was_paid_ahead(loan):
    """Paid ahead: 5,000,000 of the 15,000,000 due in 7 days, today. Owed in term: 25,000,000,
    spread as 10,000,000 in 30 days and 15,000,000 in 300 (the maturity is in 365)."""
    today = business_date()
    loan_services.repay(actor=who("giaodich"), loan=loan, on=today, principal=5_000_000, interest=0)
    early = _plan((today + 3 * DAY, 10_000_000), (today + 300 * DAY, 15_000_000))
    with pytest.raises(ValidationError) as refused:
        propose(loan, "term_adjustment", instalments=early)
    # The payment of today would be read against the new instalment due in 3 days.
    assert refused.value.code == "paid_ahead"
    plan = _plan((today + 30 * DAY, 10_000_000), (today + 300 * DAY, 15_000_000))
    done = services.approve_measure(
        actor=who("giamdoc"), measure=propose(loan, "term_adjustment", instalments=plan)
    )
    assert done.status == "done"
    # The whole schedule kept: the 5,000,000 paid ahead on its old date, then the new ones.
    rows = list(
        Loan.objects.get(pk=loan.pk).instalments.order_by("due").values_list("due", "principal")
    )
    assert rows == [
        (today + 7 * DAY, 5_000_000),
        (today + 30 * DAY, 10_000_000),
        (today + 300 * DAY, 15_000_000),
    ]
    state = loan_state(Loan.objects.get(pk=loan.pk), today)
    assert state.principal_in_term == 25_000_000
    assert state.remaining_instalments == (
        Instalment(today + 30 * DAY, 10_000_000),
        Instalment(today + 300 * DAY, 15_000_000),
    )


def test_a_dossier_carries_one_measure_out(loan):
    """One ward confirmation, one measure: a second freeze on the same dossier (renewing the
    36-month cap without a new confirmation) is refused."""
    dossier = confirmed_dossier(loan, 20_000_000)  # 66.67 % of 30,000,000: the freeze band
    first = propose(loan, "freeze", dossier, months=36)
    services.approve_measure(
        actor=who("giamdoc"),
        measure=first,
        deciding_number="7/QĐ-NHCS",
        deciding_date=business_date(),
        deciding_issuer="Chi nhánh NHCSXH thành phố Hà Nội",
    )
    with pytest.raises(ValidationError) as refused:
        propose(loan, "freeze", dossier, months=36)
    assert refused.value.code == "dossier_used"


def test_a_measure_dated_after_today_is_refused_when_proposed(loan):
    dossier = confirmed_dossier(loan, 29_000_000)
    with pytest.raises(ValidationError) as refused:
        services.propose_measure(
            actor=who("tindung"),
            loan=loan,
            kind="write_off",
            parameters={"reason": "Thiệt hại toàn bộ", "principal": 30_000_000, "interest": 0},
            on=business_date() + 10 * DAY,
            dossier=dossier,
        )
    assert refused.value.code == "future"
    assert not Measure.objects.filter(loan=loan).exists()


def test_the_decision_shows_the_loan_as_it_is_when_approved(loan):
    """Proposed on a loan owing 30,000,000; 5,000,000 is repaid at the counter before the
    director approves a 10,000,000 write-off: the decision reads 25,000,000 -> 15,000,000."""
    dossier = confirmed_dossier(loan, 29_000_000)
    measure = propose(loan, "write_off", dossier, principal=10_000_000, interest=0)
    figures = dict((r[0], r[1:]) for r in measure.figures)
    assert figures["principal_outstanding"] == [30_000_000, 20_000_000]
    loan_services.repay(actor=who("giaodich"), loan=loan, on=business_date(), principal=5_000_000)
    measure = services.approve_measure(
        actor=who("giamdoc"),
        measure=measure,
        deciding_number="9/QĐ-NHCS",
        deciding_date=business_date(),
        deciding_issuer="Hội sở chính NHCSXH",
    )
    figures = dict((r[0], r[1:]) for r in measure.figures)
    assert figures["principal_outstanding"] == [25_000_000, 15_000_000]
    assert Loan.objects.get(pk=loan.pk).principal_outstanding == 15_000_000


def test_a_measure_approved_after_its_day_was_closed_takes_effect_on_the_day_decided(loan):
    from policycredit.closing import services as closing

    dossier = confirmed_dossier(loan, 6_000_000)  # 20 %: an extension
    proposed_on = business_date()
    due = loan.next_due
    measure = propose(
        loan, "extension", dossier, due=due.isoformat(), new_due=(due + 90 * DAY).isoformat()
    )
    closing.close_until(until=proposed_on)  # the night passes before the director decides
    assert business_date() == proposed_on + DAY
    measure = services.approve_measure(actor=who("giamdoc"), measure=measure)
    assert measure.on == proposed_on + DAY
    assert measure.transaction.value_date == proposed_on + DAY
    from policycredit.audit.models import Action, AuditEvent

    approved = AuditEvent.objects.get(action=Action.MEASURE_APPROVED, object_id=str(measure.pk))
    assert approved.new["proposed_on"] == proposed_on.isoformat()
    assert Loan.objects.get(pk=loan.pk).next_due == due + 90 * DAY


def test_a_measure_decided_above_the_office_is_never_taken_alone(loan):
    """An administrator lets the credit officer freeze alone: a freeze is still the provincial
    branch's to decide, so the proposal is refused and nothing is written."""
    from policycredit.accounts.models import ActLimit, ActPolicy
    from policycredit.loans.models import LoanTransaction

    rule = ActPolicy.objects.get(act="loan.freeze")
    ActLimit.objects.create(policy=rule, role="credit_officer", alone_up_to=None)
    dossier = confirmed_dossier(loan, 20_000_000)  # 66.67 %: the freeze band
    before = LoanTransaction.objects.filter(loan=loan).count()
    with pytest.raises(PermissionDenied) as refused:
        propose(loan, "freeze", dossier, months=12)
    assert refused.value.code == "level"
    assert LoanTransaction.objects.filter(loan=loan).count() == before
    assert not Measure.objects.filter(loan=loan).exists()
