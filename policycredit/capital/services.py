import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal
from policycredit.accounts.roles import Act
from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.common.services import require, save_record, validate
from policycredit.domain import posting as p
from policycredit.ledger.models import EntryKind, JournalEntry
from policycredit.ledger.services import EntrySpec, post

# What a decision put in the books; once posted these cannot be edited, only reversed.
_POSTED = ("source_id", "office_id", "date", "amount")

# What the apps above do with a decision once it is in the books, given the ``link`` its
# author asked for (a budget plan's transfer): capital cannot name them, they register here
# from their ``ready()``. The link travels in the proposal, so an approval days later links
# the decision exactly as an entry under the limit would.
_LINKS: dict[str, object] = {}


def register_link(name: str, run) -> None:
    """``run(*, actor, decision, value)`` is called in the decision's transaction for a
    decision saved with ``link={name: value}``; its refusal undoes the decision."""
    _LINKS[name] = run


def save_source(*, actor, instance: CapitalSource):
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def save_decision(
    *, actor, instance: EntrustmentDecision, programmes=None, approval=None, link=None
) -> EntrustmentDecision | Proposal:
    """Record an entrustment decision and post its money to the office's books (owed to the
    source), with the programmes it funds. Its number and note may be corrected later; its
    money may not. A new decision is entered by one person and approved by a second
    (`accounts.policy`): until then it is a pending proposal and nothing is in the books."""
    if instance.pk is not None:
        stored = EntrustmentDecision.objects.get(pk=instance.pk)
        require(
            all(getattr(stored, f) == getattr(instance, f) for f in _POSTED),
            _(
                "This decision is in the books: its source, office, date and amount cannot be "
                "changed. Record the correcting decision instead."
            ),
            code="posted",
        )
        return save_record(actor=actor, instance=instance)
    validate(instance)
    programme_ids = sorted(getattr(p, "pk", p) for p in programmes or ())
    proposal = policy.gate(
        Act.CAPITAL_DECISION,
        actor,
        amount=instance.amount,
        approval=approval,
        office_id=instance.office_id,
        parameters={
            "source": instance.source_id,
            "office": instance.office_id,
            "number": instance.number,
            "date": instance.date.isoformat(),
            "amount": instance.amount,
            "note": instance.note,
            "programmes": programme_ids,
            **({"link": link} if link else {}),
        },
    )
    if proposal is not None:
        return proposal
    return _record(actor, instance, programme_ids, link)


@transaction.atomic
def open_decision(*, actor, instance: EntrustmentDecision, programmes=()) -> EntrustmentDecision:
    """The capital an imported register's loans already stand on: part of the import, which
    is its own act (`register.import`), not a decision a person enters."""
    return _record(actor, instance, sorted(getattr(p, "pk", p) for p in programmes))


def _record(actor, instance, programme_ids, link=None) -> EntrustmentDecision:
    decision = save_record(actor=actor, instance=instance)
    if programme_ids:
        decision.programmes.set(programme_ids)
    post_decision(actor=actor, decision=decision)
    for name, value in (link or {}).items():
        _LINKS[name](actor=actor, decision=decision, value=value)
    return decision


def _approved_decision(p, *, proposer, approval):
    instance = EntrustmentDecision(
        source_id=p["source"],
        office_id=p["office"],
        number=p["number"],
        date=datetime.date.fromisoformat(p["date"]),
        amount=p["amount"],
        note=p["note"],
    )
    return save_decision(
        actor=proposer,
        instance=instance,
        programmes=p["programmes"],
        approval=approval,
        link=p.get("link"),
    )


def _describe(proposal) -> str:
    p = proposal.parameters
    source = CapitalSource.objects.get(pk=p["source"])
    return f"{proposal.get_act_display()}: {p['number']} – {source}"


def register_acts() -> None:
    """Handed to the accounts' four-eyes policy from the app's `ready()`."""
    policy.register(Act.CAPITAL_DECISION, _approved_decision, _describe)


def post_decision(*, actor, decision) -> JournalEntry:
    """An entrustment decision puts its money in the office's books, owed to its source."""
    return post(
        EntrySpec(
            office_id=decision.office_id,
            value_date=decision.date,
            kind=EntryKind.ENTRUSTMENT,
            lines=p.entrustment(decision.amount, decision.source_id),
            memo=str(decision)[:255],
            actor=actor,
            decision_id=decision.pk,
        )
    )
