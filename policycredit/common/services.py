"""The one way master data is written: validate, save, audit, in a single transaction.

Each app's services call these with its own business checks first; admin screens and the
demo loader reach the database only through the apps' services.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from policycredit.audit.models import Action
from policycredit.audit.services import changed, record, record_created_many, snapshot
from policycredit.common import bulk


def validate(instance: models.Model, exclude=None) -> None:
    """`full_clean`, less the existence query for each foreign key whose object the caller
    already holds (it came from the database; the constraint still guards the write)."""
    held = {
        f.name for f in instance._meta.concrete_fields if f.is_relation and f.is_cached(instance)
    }
    errors: dict = {}
    try:
        instance.clean_fields(exclude={*held, *(exclude or [])})
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        instance.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    failed = {name for name in errors if name != "__all__"}
    for check in (instance.validate_unique, instance.validate_constraints):
        try:
            check(exclude=failed | set(exclude or []))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_record(
    *, actor, instance: models.Model, exclude_checks=None, action: Action | None = None
) -> models.Model:
    """Create or update one record, with an audit event holding what changed (`action`, when
    given, names the business event instead of a plain created / updated)."""
    old = None
    if instance.pk is not None:
        stored = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
        old = snapshot(stored) if stored is not None else None
    validate(instance, exclude=exclude_checks)
    instance.save()
    old_values, new_values = changed(old, snapshot(instance))
    if old is None:
        record(actor=actor, action=action or Action.CREATED, instance=instance, new=new_values)
    elif new_values:
        record(
            actor=actor,
            action=action or Action.UPDATED,
            instance=instance,
            old=old_values,
            new=new_values,
        )
    return instance


@transaction.atomic
def create_many(*, actor, instances: list[models.Model], row_rules: bool = True) -> list:
    """Create many records at once (loaders): field checks per row, one audit event per row.

    Uniqueness is left to the database constraints, which refuse the whole batch. A caller
    that has checked the set as a whole (as `network.services.add_members` does) passes
    `row_rules=False` to skip each row's own `clean()`, whose queries cannot see the batch.
    """
    if not instances:
        return instances
    model = type(instances[0])
    # Foreign keys are left to the database's constraints: checking each by query would cost
    # one query per key per row.
    foreign_keys = [f.name for f in model._meta.concrete_fields if f.is_relation]
    for instance in instances:
        instance.clean_fields(exclude=foreign_keys)
        if row_rules:
            instance.clean()
    created = bulk.create(model, instances)
    record_created_many(actor=actor, instances=created)
    return created


def require(condition: bool, message, code: str = "invalid", field: str | None = None) -> None:
    """Raise a ValidationError with a user-facing message unless the condition holds."""
    if not condition:
        raise ValidationError(
            {field: [ValidationError(message, code=code)]}
            if field
            else ValidationError(message, code=code)
        )
