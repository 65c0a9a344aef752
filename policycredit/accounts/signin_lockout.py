"""Sign-in throttling: django-axes, with a limit per name and a larger one per address.

One limit for both would lock a whole office out: its PCs reach the server through one
address, so five typing slips by five people would count as an attack. A name is locked after
`AXES_FAILURE_LIMIT` failures, an address after `POLICYCREDIT_SIGNIN_FAILURES_PER_ADDRESS`, each
for `AXES_COOLOFF_TIME` after its last failure.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str:
    """The address that signed in. Behind the nginx of deploy/ (on this machine) the peer is
    the proxy, and the client is the last address the proxy appended to X-Forwarded-For; the
    ones before it are whatever the client chose to send. Anyone else is taken at its word."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    try:
        from_proxy = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        from_proxy = False
    if from_proxy and forwarded:
        return forwarded.split(",")[-1].strip()[:45]
    return peer


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]: one queryset for each, in order.
        by_name, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.POLICYCREDIT_SIGNIN_FAILURES_PER_ADDRESS:
            # Axes compares what this returns with the name's limit: an address over its own
            # limit counts as at least that.
            return max(by_name, settings.AXES_FAILURE_LIMIT)
        return by_name
