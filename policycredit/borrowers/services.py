"""Writes of households, persons and poverty status."""

from django.db import transaction

from policycredit.borrowers.models import Household, Person, PovertyRecord
from policycredit.common.services import save_record


def save_household(*, actor, instance: Household):
    return save_record(actor=actor, instance=instance)


@transaction.atomic
def save_person(*, actor, instance: Person):
    instance.office_id = instance.household.office_id
    person = save_record(actor=actor, instance=instance)
    if instance.relation == HEAD and instance.household.head_id is None:
        household = instance.household
        household.head = person
        save_record(actor=actor, instance=household)
    return person


def save_poverty_record(*, actor, instance: PovertyRecord):
    instance.office_id = instance.household.office_id
    return save_record(actor=actor, instance=instance)


HEAD = "Chủ hộ"
