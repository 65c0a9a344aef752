from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.common.services import require, save_record
from policycredit.domain import posting as p
from policycredit.ledger.models import EntryKind, JournalEntry
from policycredit.ledger.services import EntrySpec, post

# What a decision put in the books; once posted these cannot be edited, only reversed.
_POSTED = ("source_id", "office_id", "date", "amount")


def save_source(*, actor, instance: CapitalSource):
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def save_decision(*, actor, instance: EntrustmentDecision):
    """Record an entrustment decision and post its money to the office's books (owed to the
    source). Its number and note may be corrected later; its money may not."""
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
    decision = save_record(actor=actor, instance=instance)
    post_decision(actor=actor, decision=decision)
    return decision


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
