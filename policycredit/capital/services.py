from policycredit.capital.models import CapitalSource, EntrustmentDecision
from policycredit.common.services import save_record


def save_source(*, actor, instance: CapitalSource):
    return save_record(actor=actor, instance=instance)


def save_decision(*, actor, instance: EntrustmentDecision):
    return save_record(actor=actor, instance=instance)
