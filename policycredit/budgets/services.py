"""Every write of the budgets' side: the plan and its decision, transfers (through the capital
app's four-eyes decision), recalls, the interest's use and the hand-over of an abolished
budget's capital. Each checks the role and the area, and writes its named audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.accounts.models import Proposal, ProposalStatus
from policycredit.accounts.roles import require_action
from policycredit.accounts.selectors import scope_of
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.budgets import selectors
from policycredit.budgets.models import (
    BudgetPlan,
    Handover,
    HandoverShare,
    InterestAllocation,
    InterestPart,
    Recall,
    Transfer,
)
from policycredit.capital.models import CapitalSource, EntrustmentDecision, SourceLevel
from policycredit.capital.services import save_decision
from policycredit.common.selectors import closed_day_refusal
from policycredit.common.services import require, save_record, validate
from policycredit.domain import fees as fee_rules
from policycredit.domain import posting as p
from policycredit.domain.money import format_vnd
from policycredit.ledger.models import EntryKind
from policycredit.ledger.services import EntrySpec, post

LINK = "budget_plan"  # the name under which a transfer's plan rides in a decision (capital)


def _in_area(actor, office_id) -> None:
    scope = scope_of(actor)
    if not (scope.everything or office_id in scope.office_ids):
        raise ValidationError(_("This office is not in your area."), code="scope")


def _postable(on: datetime.date) -> None:
    refusal = closed_day_refusal(on)
    require(refusal is None, refusal or "", code="closed_day")


# ------------------------------------------------------------------------------ plan


@transaction.atomic
def save_plan(*, actor, instance: BudgetPlan) -> BudgetPlan:
    """The year's estimate (and later corrections of its wording). The decided amount is the
    decision's (`record_decision`), never set here."""
    require_action(actor, "budgets.manage")
    _in_area(actor, instance.office_id)
    if instance.pk is None:
        require(instance.decided == 0, _("Record the decision with its own form."), code="decided")
        return save_record(actor=actor, instance=instance, action=Action.BUDGET_PLANNED)
    stored = BudgetPlan.objects.select_for_update().get(pk=instance.pk)
    require(
        (stored.source_id, stored.office_id, stored.year, stored.decided)
        == (instance.source_id, instance.office_id, instance.year, instance.decided),
        _("A plan's budget, office, year and decided amount cannot be changed here."),
        code="fixed",
    )
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def record_decision(*, actor, plan: BudgetPlan, number: str, date, amount: int) -> BudgetPlan:
    """The People's Committee's decision to entrust the year's money (it may correct an
    earlier one; never below what has already arrived)."""
    require_action(actor, "budgets.manage")
    plan = BudgetPlan.objects.select_for_update().get(pk=plan.pk)
    _in_area(actor, plan.office_id)
    arrived = selectors.transferred(plan) + selectors.pending_transfers(plan)
    require(
        amount >= arrived,
        _(
            "%(arrived)s has already been transferred or is waiting for approval: the "
            "decision cannot give less."
        )
        % {"arrived": format_vnd(arrived)},
        code="below_transferred",
        field="amount",
    )
    plan.decision_number, plan.decision_date, plan.decided = number, date, amount
    return save_record(actor=actor, instance=plan, action=Action.BUDGET_DECIDED)


# ------------------------------------------------------------------------------ transfers


def _default_programmes(plan: BudgetPlan) -> list[int]:
    last = plan.source.decisions.filter(office_id=plan.office_id).order_by("-date").first()
    return list(last.programmes.values_list("pk", flat=True)) if last else []


def _room_message(plan, decided, arrived, amount) -> str:
    return _(
        "The transfer of %(amount)s goes beyond the decision %(number)s: it decided "
        "%(decided)s and %(arrived)s has already arrived or waits for approval."
    ) % {
        "amount": format_vnd(amount),
        "number": plan.decision_number or "–",
        "decided": format_vnd(decided),
        "arrived": format_vnd(arrived),
    }


@transaction.atomic
def receive_transfer(
    *, actor, plan: BudgetPlan, number: str, date, amount: int, programmes=None, note: str = ""
) -> Transfer | Proposal:
    """Money of the plan arriving at the bank: an entrustment decision of the capital app
    (posted, four-eyes gated) linked to the plan. Beyond the person's limit it is a pending
    proposal carrying the plan; the approval links it (`link_transfer`)."""
    require_action(actor, "budgets.manage")
    plan = BudgetPlan.objects.select_for_update().get(pk=plan.pk)
    _in_area(actor, plan.office_id)
    require(
        bool(plan.decision_number), _("Record the decision before its transfers."), code="undecided"
    )
    require(
        date >= plan.decision_date,
        _("A transfer cannot come before its decision."),
        code="early",
        field="date",
    )
    arrived = selectors.transferred(plan) + selectors.pending_transfers(plan)
    require(
        arrived + amount <= plan.decided,
        _room_message(plan, plan.decided, arrived, amount),
        code="beyond_decided",
        field="amount",
    )
    _postable(date)
    programme_ids = list(programmes) if programmes else _default_programmes(plan)
    require(bool(programme_ids), _("Name the programmes the money may fund."), code="programmes")
    result = save_decision(
        actor=actor,
        instance=EntrustmentDecision(
            source_id=plan.source_id,
            office_id=plan.office_id,
            number=number,
            date=date,
            amount=amount,
            note=note,
        ),
        programmes=programme_ids,
        link={LINK: plan.pk},
    )
    if isinstance(result, Proposal):
        return result
    return Transfer.objects.get(decision=result)


@transaction.atomic
def attach_transfer(*, actor, plan: BudgetPlan, decision: EntrustmentDecision) -> Transfer:
    """A decision already in the books (entered before its plan was) made a transfer of it."""
    require_action(actor, "budgets.manage")
    _in_area(actor, plan.office_id)
    require(
        not Transfer.objects.filter(decision=decision).exists(),
        _("This decision is already a transfer of a plan."),
        code="linked",
    )
    return link_transfer(actor=actor, decision=decision, value=plan.pk)


def link_transfer(*, actor, decision: EntrustmentDecision, value) -> Transfer:
    """Called by the capital app once a decision saved with ``link={"budget_plan": id}`` is in
    the books (at once, or on the second person's approval): checked again, as things may
    have moved while it waited."""
    plan = BudgetPlan.objects.select_for_update().get(pk=value)
    require(
        (decision.source_id, decision.office_id) == (plan.source_id, plan.office_id),
        _("The transfer's budget and office must be its plan's."),
        code="wrong_plan",
    )
    arrived = selectors.transferred(plan)
    # Its own proposal, now approved, no longer waits; others still count.
    waiting = selectors.pending_transfers(plan) - (
        decision.amount if _approving(plan, decision) else 0
    )
    require(
        arrived + waiting + decision.amount <= plan.decided,
        _room_message(plan, plan.decided, arrived + waiting, decision.amount),
        code="beyond_decided",
    )
    return save_record(
        actor=actor,
        instance=Transfer(plan=plan, decision=decision, office_id=decision.office_id),
        action=Action.BUDGET_TRANSFER_RECEIVED,
    )


def _approving(plan, decision) -> bool:
    """Whether this decision is the approval of a proposal of the plan (still pending while
    the approval carries it out)."""
    return Proposal.objects.filter(
        status=ProposalStatus.PENDING,
        parameters__link__budget_plan=plan.pk,
        parameters__number=decision.number,
    ).exists()


# ------------------------------------------------------------------------------ recall


@transaction.atomic
def recall(
    *, actor, plan: BudgetPlan, date, amount: int, document: str, reason: str = ""
) -> Recall:
    """Money returned to the budget: never more than the source's idle capital at the office
    (entrusted less what its loans owe), on the day and today."""
    require_action(actor, "budgets.manage")
    plan = BudgetPlan.objects.select_related("source").get(pk=plan.pk)
    _in_area(actor, plan.office_id)
    # The source row is the one a disbursement locks to take its room: one at a time.
    CapitalSource.objects.select_for_update().get(pk=plan.source_id)
    require(
        amount > 0,
        _("The amount recalled must be a positive whole number of đồng."),
        field="amount",
    )
    require(bool(document.strip()), _("Name the recall decision."), field="document")
    _postable(date)
    idle = selectors.idle(plan.source_id, plan.office_id, date)
    require(
        amount <= idle,
        _(
            "Only %(idle)s of %(source)s is idle at the office (entrusted less what its "
            "loans owe): %(amount)s cannot be recalled."
        )
        % {"idle": format_vnd(max(idle, 0)), "source": plan.source, "amount": format_vnd(amount)},
        code="beyond_idle",
        field="amount",
    )
    entry = post(
        EntrySpec(
            office_id=plan.office_id,
            value_date=date,
            kind=EntryKind.RECALL,
            lines=p.capital_recalled(amount, plan.source_id),
            memo=f"{document} – {plan.source}"[:255],
            actor=actor,
        )
    )
    made = Recall(
        plan=plan, office_id=plan.office_id, date=date, amount=amount, document=document,
        reason=reason, entry=entry,
    )  # fmt: skip
    validate(made)
    made.save()
    record(actor=actor, action=Action.BUDGET_RECALLED, instance=made, new=snapshot(made))
    return made


# ------------------------------------------------------------------------------ interest


@transaction.atomic
def allocate_interest(
    *, actor, source: CapitalSource, office, period_from, period_to, document: str, date
) -> InterestAllocation:
    """The interest the source's loans earned at the office in the period, split by the rule in
    force at the period's end, to the đồng (the parts sum to the whole)."""
    require_action(actor, "budgets.manage")
    _in_area(actor, office.pk)
    require(source.level != SourceLevel.CENTRAL, _("Only local money is allocated here."))
    require(period_from <= period_to, _("The period ends before it starts."), field="period_to")
    require(bool(document.strip()), _("Name the decision on the interest's use."), field="document")
    rule_from, shares = selectors.rule_in_force(period_to)
    require(
        rule_from is not None,
        _("No rule for the use of interest is in force on %(day)s.")
        % {"day": f"{period_to:%d/%m/%Y}"},
        code="no_rule",
    )
    earned = selectors.interest_earned(source.pk, office.pk, period_from, period_to)
    try:
        parts = fee_rules.split(earned, shares)
    except fee_rules.FeeRuleError as error:
        raise ValidationError(
            _("The rule in force does not split the interest: %(why)s") % {"why": error}
        ) from error
    allocation = InterestAllocation(
        source=source, office=office, period_from=period_from, period_to=period_to,
        earned=earned, rule_from=rule_from, document=document, date=date,
    )  # fmt: skip
    validate(allocation)
    allocation.save()
    share_of = dict(shares)
    InterestPart.objects.bulk_create(
        [
            InterestPart(allocation=allocation, use=use, share=share_of[use], amount=amount)
            for use, amount in parts
        ]
    )
    record(
        actor=actor,
        action=Action.BUDGET_INTEREST_ALLOCATED,
        instance=allocation,
        new={**snapshot(allocation), "parts": {use: amount for use, amount in parts}},
    )
    return allocation


# ------------------------------------------------------------------------------ hand-over


@transaction.atomic
def hand_over(
    *, actor, source: CapitalSource, office, date, document: str, document_date, parts, note=""
) -> Handover:
    """An abolished budget's capital at the office handed to its successors (``parts``:
    (successor source, amount)), by decision, posted as capital owed to them instead. No more
    than the office owes the source that day (and today)."""
    require_action(actor, "budgets.manage")
    _in_area(actor, office.pk)
    require(source.level != SourceLevel.CENTRAL, _("Only a local budget hands its capital over."))
    require(bool(document.strip()), _("Name the decision."), field="document")
    parts = [(s, a) for s, a in parts if a]
    require(bool(parts), _("Give at least one successor and its amount."), code="no_parts")
    successors = [s.pk for s, _a in parts]
    require(len(set(successors)) == len(successors), _("Name each successor once."))
    require(source.pk not in successors, _("A budget cannot succeed itself."))
    require(
        all(a > 0 for _s, a in parts), _("Each amount must be a positive whole number of đồng.")
    )
    require(
        all(s.level != SourceLevel.CENTRAL for s, _a in parts),
        _("A successor is a local budget."),
    )
    if source.unit_id and source.unit.valid_to is not None:
        require(
            date > source.unit.valid_to,
            _("%(unit)s still existed on %(day)s.")
            % {"unit": source.unit, "day": f"{date:%d/%m/%Y}"},
            field="date",
        )
    _postable(date)
    # Locked in id order: a disbursement from any of them waits for the hand-over.
    list(
        CapitalSource.objects.select_for_update()
        .filter(pk__in=[source.pk, *successors])
        .order_by("pk")
    )
    total = sum(a for _s, a in parts)
    held = min(
        selectors.capital_at(source.pk, office.pk, date),
        selectors.capital_at(source.pk, office.pk, datetime.date.max),
    )
    require(
        total <= held,
        _("The office owes %(source)s %(held)s: %(total)s cannot be handed over.")
        % {"source": source, "held": format_vnd(max(held, 0)), "total": format_vnd(total)},
        code="beyond_capital",
    )
    entry = post(
        EntrySpec(
            office_id=office.pk,
            value_date=date,
            kind=EntryKind.HANDOVER,
            lines=p.capital_handed_over([(s.pk, a) for s, a in parts], source.pk),
            memo=f"{document} – {source}"[:255],
            actor=actor,
        )
    )
    handover = Handover(
        source=source, office=office, date=date, document=document,
        document_date=document_date, note=note, entry=entry,
    )  # fmt: skip
    validate(handover)
    handover.save()
    HandoverShare.objects.bulk_create(
        [HandoverShare(handover=handover, successor=s, amount=a) for s, a in parts]
    )
    record(
        actor=actor,
        action=Action.BUDGET_CAPITAL_SUCCEEDED,
        instance=handover,
        new={**snapshot(handover), "shares": {str(s.pk): a for s, a in parts}},
    )
    return handover
