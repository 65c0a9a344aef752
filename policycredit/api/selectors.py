"""Reads of the API app: the tokens a person may see on the tokens page."""

from django.db.models import QuerySet

from policycredit.accounts.roles import can_act
from policycredit.api.models import ApiToken


def tokens_for(user) -> QuerySet:
    """A person's own tokens; every token for the administrator, who may revoke any."""
    qs = ApiToken.objects.select_related("user").order_by("-created")
    if can_act(user, "api.tokens.revoke_any"):
        return qs
    return qs.filter(user=user)
