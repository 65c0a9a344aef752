"""Users: every change of who someone is and what they may reach.

A new user, a role, a scope or an administrator's rights is a grant of access: one person
proposes it and a second approves (`accounts.policy`, the act `accounts.user`). Until then a
new user exists but cannot sign in, and an existing one keeps the access they had. Taking
access away (deactivating) needs no second person. Passwords never reach the audit log: only
whether one is set.
"""

from django.db import transaction

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal, User
from policycredit.accounts.roles import Act
from policycredit.common.services import save_record, validate

# What a user may reach: changing any of these (or activating) grants access.
PRIVILEGES = ("role", "office_id", "unit_id", "organisation_id", "group_id", "is_superuser")


@transaction.atomic
def save_user(*, actor, instance: User, approval=None) -> User | Proposal:
    """Save a user; a grant of access waits for a second person (returns the proposal).
    ``actor`` None is the console (`createsuperuser`, the demo loader), where no second
    person exists and whoever runs it already owns the installation."""
    if actor is None:
        return save_record(actor=None, instance=instance)
    stored = User.objects.filter(pk=instance.pk).first() if instance.pk else None
    wanted = _privileges(instance)
    before = _privileges(stored) if stored else None
    if not _grants(before, wanted) or policy.check(
        Act.USER_CHANGE, actor, approval=approval, earlier_actors=[instance.pk]
    ):
        return save_record(actor=actor, instance=instance)
    validate(instance)
    if stored is None:
        instance.is_active, instance.is_superuser = False, False
    else:
        for name, value in before.items():
            setattr(instance, name, value)
    save_record(actor=actor, instance=instance)
    return policy.gate(
        Act.USER_CHANGE,
        actor,
        approval=approval,
        earlier_actors=[instance.pk],
        office_id=wanted["office_id"] or (before or {}).get("office_id"),
        parameters={"user": instance.pk, "changes": wanted},
    )


def _privileges(user: User) -> dict:
    return {
        **{name: getattr(user, name) for name in PRIVILEGES},
        "is_active": user.is_active,
    }


def _grants(before: dict | None, wanted: dict) -> bool:
    if before is None:
        return wanted["is_active"]
    if wanted["is_active"] and not before["is_active"]:
        return True
    return wanted["is_active"] and any(before[n] != wanted[n] for n in PRIVILEGES)


def _approved_change(p, *, proposer, approval):
    user = User.objects.get(pk=p["user"])
    for name, value in p["changes"].items():
        setattr(user, name, value)
    return save_user(actor=proposer, instance=user, approval=approval)


def _describe(proposal) -> str:
    user = User.objects.get(pk=proposal.parameters["user"])
    changes = proposal.parameters["changes"]
    return f"{proposal.get_act_display()}: {user.username} – {changes['role']}"


policy.register(Act.USER_CHANGE, _approved_change, _describe)
