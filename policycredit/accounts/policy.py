"""Four eyes and limits, as data: who may take an act, who must approve it, up to what amount.

The rules are rows (`ActPolicy`, `ActLimit`) an administrator sets, so an office changes its
limits without a release and every change is audited. A service asks before it writes:

- `check` / `require`: may this person take this act now? `Refused` (a PermissionDenied) when
  the role may not take it at all, or took an earlier step of the same thing (one person, one
  step of an application; the approver of a loan never its disburser);
- `gate`: the same, but an act beyond the person's limit becomes a `Proposal` (maker-checker)
  that waits for a second person of the approving roles, instead of a refusal.

Approving a proposal runs the real service again, once, with the approval handed in: the
service checks it like any other request (the approver's role, never the proposer, never an
earlier actor) and records both people. The accounts sit below the apps whose acts these are,
so each app registers the handler that carries its acts out (`register`, from its `ready()`),
as the jobs app is handed its kinds.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policycredit.accounts.models import ActPolicy, Proposal, ProposalStatus, User
from policycredit.accounts.roles import Act, Role
from policycredit.accounts.selectors import scope_of
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.domain.money import format_vnd

# A proposal not decided within this long is stale: the money at the counter has gone home.
LIFETIME = datetime.timedelta(days=3)


class Refused(PermissionDenied):
    """The policy says no: `message` is for the person, `code` for tests and screens."""

    def __init__(self, message: str, code: str = "not_allowed"):
        super().__init__(message)
        self.message, self.code = message, code

    def as_validation_error(self) -> ValidationError:
        return ValidationError(self.message, code=self.code)


@dataclass(frozen=True)
class Approval:
    """A second person's yes to a pending proposal, handed to the service that carries it out."""

    proposal: Proposal
    approver: User


@dataclass(frozen=True)
class Handler:
    run: Callable  # (parameters, *, proposer, approval) -> what the act made
    describe: Callable | None = None  # (proposal) -> str, for the approver's list


_HANDLERS: dict[str, Handler] = {}


def register(act: str, run: Callable, describe: Callable | None = None) -> None:
    _HANDLERS[act] = Handler(run, describe)


def role_of(user) -> str:
    # A superuser made at the console keeps the model's default role: it is an administrator.
    return Role.ADMINISTRATOR if user.is_superuser else user.role


def rule(act: str) -> ActPolicy:
    policy = ActPolicy.objects.prefetch_related("limits").filter(act=act).first()
    if policy is None:
        raise Refused(_("No four-eyes rule is set for this act."), code="no_rule")
    return policy


def alone_up_to(policy: ActPolicy, role: str) -> tuple[bool, int | None]:
    """(whether the role may take it alone at all, up to what amount; None: any amount)."""
    for limit in policy.limits.all():
        if limit.role == role:
            return True, limit.alone_up_to
    return False, None


def check(act: str, actor, *, amount=None, approval=None, earlier_actors=()) -> bool:
    """Whether ``actor`` may take ``act`` now: True to go ahead, False when a second person
    must approve first; `Refused` when the act is not theirs to take."""
    label = Act(act).label
    if actor is None or not actor.is_active:
        raise Refused(_("Only a signed-in, active user may %(act)s.") % {"act": label})
    policy = rule(act)
    earlier = {u.pk if hasattr(u, "pk") else u for u in earlier_actors if u is not None}
    if actor.pk in earlier:
        raise Refused(
            _("You took an earlier step of this: another person must %(act)s.") % {"act": label},
            code="same_person",
        )
    if role_of(actor) not in policy.proposers:
        raise Refused(_("Your role may not %(act)s.") % {"act": label}, code="role")
    if approval is not None:
        _check_approval(policy, act, actor, approval, earlier)
        return True
    alone, limit = alone_up_to(policy, role_of(actor))
    # No row, or a limit of 0: never alone. No limit: any amount alone.
    return alone and (limit is None or (limit > 0 and (amount is None or amount <= limit)))


def require(act: str, actor, *, amount=None, approval=None, earlier_actors=()) -> None:
    """`check`, for a path that cannot wait for a second person: beyond the limit is refused."""
    if not check(act, actor, amount=amount, approval=approval, earlier_actors=earlier_actors):
        raise Refused(_needs_second(act, amount), code="approval_needed")


@transaction.atomic
def gate(
    act: str,
    actor,
    *,
    amount=None,
    approval=None,
    earlier_actors=(),
    office_id=None,
    parameters: dict,
    key: str | None = None,
) -> Proposal | None:
    """None: go ahead. A pending `Proposal` (written now, audited): a second person must
    approve, and the caller writes nothing else. `Refused`: the act is not the actor's."""
    if check(act, actor, amount=amount, approval=approval, earlier_actors=earlier_actors):
        return None
    if key:
        existing = Proposal.objects.filter(key=key).first()
        if existing is not None:
            return existing  # the same form sent twice
    proposal = Proposal(
        act=act,
        parameters=parameters,
        amount=amount,
        office_id=office_id,
        proposer=actor,
        key=key or None,
    )
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        return Proposal.objects.get(key=key)
    record(actor=actor, action=Action.PROPOSAL_MADE, instance=proposal, new=snapshot(proposal))
    return proposal


def approve(*, actor, proposal: Proposal, on_its_page: bool = False):
    """The second person's yes: the act is carried out now, once, by its own service; what it
    made is returned. Refused (and nothing written) when the act's own rules now say no, or
    when the proposal is decided on its own page (`decide_at`) and this is not that page."""
    expire_stale()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _require_pending(locked)
        _require_here(locked, on_its_page)
        _require_may_decide(locked, actor)
        result = _HANDLERS[locked.act].run(
            locked.parameters, proposer=locked.proposer, approval=Approval(locked, actor)
        )
        _decide(locked, actor, ProposalStatus.APPROVED, result=_label(result))
    return result


def reject(*, actor, proposal: Proposal, reason: str, on_its_page: bool = False) -> Proposal:
    """The second person's no, with the reason the proposer will read."""
    if not (reason or "").strip():
        raise ValidationError(_("A rejection needs its reason."), code="reason_required")
    expire_stale()
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _require_pending(locked)
        _require_here(locked, on_its_page)
        _require_may_decide(locked, actor)
        _decide(locked, actor, ProposalStatus.REJECTED, reason=reason.strip())
    return locked


@transaction.atomic
def decide_on_page(*, actor, proposal: Proposal, path: str) -> Proposal:
    """Name the page where ``proposal`` is decided: the owner of a bigger decision (a measure,
    with its number and deciding document) keeps the yes and the no to itself."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_pending(locked)
    if locked.proposer_id != getattr(actor, "pk", None):
        raise Refused(_("Only the one who proposed it may say where it is decided."))
    locked.decide_at = path[:200]
    locked.save(update_fields=["decide_at"])
    proposal.decide_at = locked.decide_at
    return locked


@transaction.atomic
def expire_stale() -> int:
    """Mark the proposals no one decided in time as expired (each one audited)."""
    stale = list(
        Proposal.objects.select_for_update().filter(
            status=ProposalStatus.PENDING, created__lt=timezone.now() - LIFETIME
        )
    )
    for proposal in stale:
        _decide(proposal, None, ProposalStatus.EXPIRED)
    return len(stale)


def waiting_for(user):
    """The proposals ``user`` may decide: pending, in their area, of an act their role
    approves, and not their own."""
    acts = [p.act for p in ActPolicy.objects.all() if role_of(user) in p.approvers]
    qs = _in_scope(user, Proposal.objects.filter(status=ProposalStatus.PENDING, act__in=acts))
    return qs.exclude(proposer=user).select_related("proposer", "office")


def rules_for(user):
    """The rules themselves: one set for the installation (only administrators see them)."""
    return ActPolicy.objects.prefetch_related("limits")


def proposed_by(user):
    return Proposal.objects.filter(proposer=user).select_related("decided_by", "office")


def describe(proposal: Proposal) -> str:
    handler = _HANDLERS.get(proposal.act)
    if handler is not None and handler.describe is not None:
        return handler.describe(proposal)
    return proposal.get_act_display()


# ---------------------------------------------------------------------------- internals


def _check_approval(policy, act, actor, approval: Approval, earlier: set) -> None:
    proposal, approver = approval.proposal, approval.approver
    if proposal.act != act or proposal.proposer_id != actor.pk:
        raise Refused(_("This approval is for another proposal."), code="wrong_proposal")
    if proposal.status != ProposalStatus.PENDING:
        raise Refused(_("This proposal has already been decided."), code="decided")
    if approver.pk == actor.pk:
        raise Refused(_("Nobody may approve their own proposal."), code="own_proposal")
    if approver.pk in earlier:
        raise Refused(
            _("You took an earlier step of this: another person must approve it."),
            code="same_person",
        )
    if not approver.is_active or role_of(approver) not in policy.approvers:
        raise Refused(
            _("Your role may not approve: %(act)s.") % {"act": Act(act).label}, code="role"
        )


def _require_pending(proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.PENDING:
        raise Refused(
            _("This proposal is already %(status)s.") % {"status": proposal.get_status_display()},
            code="decided",
        )


def _require_here(proposal: Proposal, on_its_page: bool) -> None:
    if proposal.decide_at and not on_its_page:
        raise Refused(
            _("This proposal is decided on its own page, with its decision: %(page)s")
            % {"page": proposal.decide_at},
            code="decide_elsewhere",
        )


def _require_may_decide(proposal: Proposal, actor) -> None:
    if actor.pk == proposal.proposer_id:
        raise Refused(_("Nobody may approve their own proposal."), code="own_proposal")
    if not _in_scope(actor, Proposal.objects.filter(pk=proposal.pk)).exists():
        raise Refused(_("This proposal is not in your area."), code="scope")
    policy = rule(proposal.act)
    if not actor.is_active or role_of(actor) not in policy.approvers:
        raise Refused(
            _("Your role may not approve: %(act)s.") % {"act": proposal.get_act_display()},
            code="role",
        )


def _in_scope(user, qs):
    scope = scope_of(user)
    return qs if scope.everything else qs.filter(office_id__in=scope.office_ids)


def _decide(proposal: Proposal, actor, status, *, reason: str = "", result: str = "") -> None:
    proposal.status, proposal.reason, proposal.result = status, reason, result
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "reason", "result", "decided_by", "decided_at"])
    # The event names both people: the approver acts, the proposer is who asked.
    record(
        actor=actor,
        action=_DECIDED[status],
        instance=proposal,
        old={"status": ProposalStatus.PENDING},
        new={
            "status": status,
            "proposer_id": proposal.proposer_id,
            "decided_by_id": actor.pk if actor else None,
            "reason": reason,
            "result": result,
        },
    )


_DECIDED = {
    ProposalStatus.APPROVED: Action.PROPOSAL_APPROVED,
    ProposalStatus.REJECTED: Action.PROPOSAL_REJECTED,
    ProposalStatus.EXPIRED: Action.PROPOSAL_EXPIRED,
}


def _label(result) -> str:
    meta = getattr(result, "_meta", None)
    return f"{meta.label_lower}:{result.pk}" if meta is not None else ""


def _needs_second(act: str, amount) -> str:
    if amount:
        return _(
            "%(amount)s đồng is above your limit to %(act)s alone: a second person must approve."
        ) % {"amount": format_vnd(amount, unit=""), "act": Act(act).label}
    return _("A second person must approve: %(act)s.") % {"act": Act(act).label}


def names(approval: Approval | None) -> dict:
    """What an act's audit event adds when a second person approved it."""
    if approval is None:
        return {}
    return {"proposal_id": approval.proposal.pk, "approved_by_id": approval.approver.pk}


def require_new_person(actor, earlier_actors, what: str) -> None:
    """One person, one step: refused when ``actor`` took an earlier step of the same thing."""
    if actor is not None and actor.pk in {getattr(u, "pk", u) for u in earlier_actors}:
        raise Refused(
            _("You took an earlier step of this: another person must take the step “%(what)s”.")
            % {"what": what},
            code="same_person",
        )


def require_role(allowed: bool, what: str) -> None:
    if not allowed:
        raise Refused(_("Your role may not %(what)s.") % {"what": what}, code="role")
