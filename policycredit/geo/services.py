"""Writes of administrative units, successions, offices and transaction points."""

from policycredit.common.services import save_record


def save_unit(*, actor, instance):
    return save_record(actor=actor, instance=instance)


def save_succession(*, actor, instance):
    return save_record(actor=actor, instance=instance)


def save_office(*, actor, instance):
    return save_record(actor=actor, instance=instance)


def save_transaction_point(*, actor, instance):
    return save_record(actor=actor, instance=instance)
