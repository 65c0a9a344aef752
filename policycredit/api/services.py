"""Every write of the API app: making and revoking tokens, each in one transaction with its
audit event. The token itself is returned once, to be shown once; only its digest is kept."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.settings import knox_settings

from policycredit.accounts.models import User
from policycredit.accounts.roles import can_act
from policycredit.api.models import ApiToken
from policycredit.audit.models import Action
from policycredit.audit.services import record


def _live(user):
    return ApiToken.objects.filter(user=user).exclude(expiry__lte=timezone.now())


def create_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """A token for ``actor`` itself (a person makes tokens for their own programs only), valid
    POLICYCREDIT_API_TOKEN_DAYS days; refused beyond TOKEN_LIMIT_PER_USER live ones."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(
            {"name": ValidationError(_("Say what the token is for."), code="required")}
        )
    if len(name) > 100:
        raise ValidationError(
            {"name": ValidationError(_("At most 100 characters."), code="max_length")}
        )
    with transaction.atomic():
        # One token at a time per person: two tabs cannot both pass the limit.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit is not None and _live(actor).count() >= limit:
            raise ValidationError(
                _("You have %(count)d tokens in use already: revoke one first.") % {"count": limit},
                code="token_limit",
            )
        token, text = ApiToken.objects.create(actor, expiry=knox_settings.TOKEN_TTL, name=name)
        # Filed under the person whose token it is: a token's key is its digest, which the
        # log must not keep.
        record(
            actor=actor,
            action=Action.API_TOKEN_CREATED,
            instance=actor,
            new={
                "name": token.name,
                "token": token.token_key[:8],
                "expiry": token.expiry.isoformat(),
                "days": settings.POLICYCREDIT_API_TOKEN_DAYS,
            },
        )
    return token, text


def revoke_token(*, actor, token: ApiToken) -> None:
    """Ends a token now: its owner's, or anyone's for the administrator. The row goes (knox's
    own sign-out deletes it too); the audit event keeps who, when, which."""
    if token.user_id != actor.pk and not can_act(actor, "api.tokens.revoke_any"):
        raise PermissionDenied
    with transaction.atomic():
        record(
            actor=actor,
            action=Action.API_TOKEN_REVOKED,
            instance=token.user,
            old={"name": token.name, "token": token.token_key[:8], "expiry": _iso(token.expiry)},
        )
        ApiToken.objects.filter(pk=token.pk).delete()


def _iso(moment):
    return moment.isoformat() if moment else None
