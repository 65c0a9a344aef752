from policycredit.accounts.models import User
from policycredit.common.services import save_record


def save_user(*, actor, instance: User):
    # Passwords never reach the audit log: only whether one is set.
    return save_record(actor=actor, instance=instance)
