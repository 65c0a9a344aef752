"""Token authentication: knox's tokens, refused with a code a client can act on."""

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework.exceptions import AuthenticationFailed

from policycredit.api.models import ApiToken

# A token's "last used" is written at most this often: a client polling every second must not
# write a row every second.
LAST_USED_STEP_SECONDS = 60


class ExpiringTokenAuthentication(TokenAuthentication):
    """Knox's token scheme (`Authorization: Token <token>`). Unlike knox, an expired token is
    refused as expired (code `token_expired`) rather than deleted in passing: it stays on its
    owner's list, marked expired, until they remove it."""

    def authenticate_credentials(self, token: bytes):
        try:
            text = token.decode("ascii")
            digest = hash_token(text)
        except (UnicodeDecodeError, TypeError, binascii.Error, ValueError):
            raise AuthenticationFailed(_invalid(), code="token_invalid") from None
        candidates = ApiToken.objects.filter(
            token_key=text[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user")
        for candidate in candidates:
            if not compare_digest(digest, candidate.digest):
                continue
            now = timezone.now()
            if candidate.expiry is not None and candidate.expiry <= now:
                raise AuthenticationFailed(
                    _("This token has expired: make a new one on the tokens page."),
                    code="token_expired",
                )
            if not candidate.user.is_active:
                raise AuthenticationFailed(
                    _("The account this token belongs to is closed."), code="user_inactive"
                )
            step = now - timezone.timedelta(seconds=LAST_USED_STEP_SECONDS)
            if candidate.last_used is None or candidate.last_used < step:
                ApiToken.objects.filter(pk=candidate.pk).update(last_used=now)
            return candidate.user, candidate
        raise AuthenticationFailed(_invalid(), code="token_invalid")


def _invalid():
    return _("This token is not valid: it was revoked or never existed.")


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "policycredit.api.auth.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                "A token made on the tokens page, sent as `Authorization: Token <token>`. "
                "It expires; an expired one is refused with the code token_expired."
            ),
        }
