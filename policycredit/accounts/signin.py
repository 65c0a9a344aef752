"""Signing in: the audit trail of every sign-in, failure, lock-out and sign-out, how long a
session lives, and the bank staff's second factor (a TOTP authenticator app, django-otp).

The events come from Django's authentication signals and django-axes' lock-out signal
(connected in accounts.apps). The audit log gets the name that was tried and the address,
never a password or a code. The second factor is asked by web.middleware.SecondFactorMiddleware
of the roles below while POLICYCREDIT_OTP_REQUIRED is on; its pages are signin_views.
"""

import re
import time

import django_otp
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from policycredit.accounts.models import User
from policycredit.accounts.roles import Role
from policycredit.accounts.signin_lockout import client_address
from policycredit.audit.models import Action
from policycredit.audit.services import record

# Who handles the bank's money and its books; the others (ward, organisation, group, board)
# only read their area and sign in with a password.
STAFF_ROLES = frozenset(
    {
        Role.TELLER,
        Role.CONTROLLER,
        Role.CREDIT_OFFICER,
        Role.ACCOUNTANT,
        Role.DIRECTOR,
        Role.ADMINISTRATOR,
    }
)

SIGNED_IN_AT = "pc_signed_in_at"
SEEN_AT = "pc_seen_at"
# Why a session ended, for the sign-out event (set on the request before logout()).
END_REASON = "pc_session_end"
# A session's last activity is written at most this often: not one database write per click.
_SEEN_EVERY = 60
_CODE = re.compile(r"[0-9]{6}")


def _where(request) -> dict:
    return {"address": client_address(request)} if request is not None else {}


def _account(username: str) -> User:
    """The account a name points to, or an unsaved stand-in when no such account exists, so
    the event still says which name was tried."""
    return User.objects.filter(username=username).first() or User(username=username)


# Signal receivers (accounts.apps).


def on_signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now
    with transaction.atomic():
        record(actor=user, action=Action.SIGNED_IN, instance=user, new=_where(request))


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    if getattr(request, "axes_locked_out", False):
        return  # axes has refused it and said so: on_locked_out records it
    tried = str(credentials.get("username") or "")[:150]
    with transaction.atomic():
        record(
            actor=None,
            action=Action.SIGN_IN_FAILED,
            instance=_account(tried),
            new={"username": tried, **_where(request)},
        )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """The attempt that reached a limit, and every attempt refused while the lock lasts (the
    right password included)."""
    tried = str(username or "")[:150]
    with transaction.atomic():
        record(
            actor=None,
            action=Action.LOCKED_OUT,
            instance=_account(tried),
            new={
                "username": tried,
                "address": ip_address,
                "failures": getattr(request, "axes_failures_since_start", None),
            },
        )


def on_signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, END_REASON, "signed out")
    with transaction.atomic():
        record(actor=user, action=Action.SIGNED_OUT, instance=user, new={"reason": reason})


def record_password_changed(*, user) -> None:
    """A user changed their own password (an administrator's setting of one is audited by the
    user screen)."""
    with transaction.atomic():
        record(actor=user, action=Action.PASSWORD_CHANGED, instance=user, new={"password": "(set)"})


# How long a session lives.


def session_end(request) -> str | None:
    """Why this signed-in session must end now, or None: idle too long, or open too long."""
    now = time.time()
    session = request.session
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT, signed_in)
    if seen is not None and now - seen > settings.POLICYCREDIT_IDLE_MINUTES * 60:
        return "idle"
    if signed_in is not None and now - signed_in > settings.POLICYCREDIT_SESSION_HOURS * 3600:
        return "expired"
    return None


def note_activity(request) -> None:
    session = request.session
    now = int(time.time())
    session.setdefault(SIGNED_IN_AT, now)  # a session from before these limits
    if now - session.get(SEEN_AT, 0) >= _SEEN_EVERY:
        session[SEEN_AT] = now


# The second factor.


def needs_second_factor(user) -> bool:
    if not settings.POLICYCREDIT_OTP_REQUIRED or not user.is_authenticated:
        return False
    return user.is_superuser or user.role in STAFF_ROLES


def second_factor_passed(user) -> bool:
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return bool(is_verified and is_verified())


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def enrolment_device(*, user) -> TOTPDevice:
    """The authenticator being enrolled: a new secret, kept until a code from the app confirms
    it. Refused once one is enrolled: a second app needs an administrator to remove the first."""
    if is_enrolled(user):
        raise PermissionDenied
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        return device


def _check(device, code: str) -> bool:
    # verify_token counts a wrong code against the device (django-otp's throttle doubles the
    # wait after each), so six digits cannot be run through.
    code = (code or "").replace(" ", "")
    return device is not None and _CODE.fullmatch(code) is not None and device.verify_token(code)


def _passed(request, device) -> None:
    request.session.cycle_key()
    django_otp.login(request, device)


def confirm_enrolment(*, request, code: str) -> bool:
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if not _check(device, code):
            record(
                actor=user,
                action=Action.SECOND_FACTOR_FAILED,
                instance=user,
                new={"step": "enrolment", **_where(request)},
            )
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(actor=user, action=Action.SECOND_FACTOR_ENROLLED, instance=user, new=_where(request))
    _passed(request, device)
    return True


def verify_second_factor(*, request, code: str) -> bool:
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        passed = _check(device, code)
        record(
            actor=user,
            action=Action.SECOND_FACTOR_PASSED if passed else Action.SECOND_FACTOR_FAILED,
            instance=user,
            new={"step": "sign-in", **_where(request)},
        )
    if passed:
        _passed(request, device)
    return passed


def _require_administrator(actor) -> None:
    if not (actor.is_superuser or actor.role == Role.ADMINISTRATOR):
        raise PermissionDenied


def reset_second_factor(*, actor, user: User) -> None:
    """A lost phone: an administrator removes the user's authenticator; the user enrols a new
    one at their next sign-in."""
    _require_administrator(actor)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        record(actor=actor, action=Action.SECOND_FACTOR_RESET, instance=user)


def unlock_sign_in(*, actor, user: User) -> int:
    """The user name's failed sign-ins forgotten, so a locked-out person need not wait for the
    cool-off (an address's own lock stays: the console's `axes_reset_ip` lifts it). Returns how
    many records of failures were removed."""
    _require_administrator(actor)
    with transaction.atomic():
        removed = axes_reset(username=user.username)
        record(actor=actor, action=Action.SIGN_IN_UNLOCKED, instance=user, new={"records": removed})
    return removed
