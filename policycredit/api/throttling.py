"""How many requests a user (or, signed out, an address) may make: REST framework's throttles,
counting in the database cache (settings.CACHES["api"]) and reading their rates from the
settings at each request."""

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from policycredit.accounts.signin_lockout import client_address


class _Counted:
    @property
    def cache(self):
        return caches["api"]

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # The address as the sign-in lock-out reads it: the proxy's last hop, not the client's
        # claim (accounts.signin_lockout).
        return client_address(request._request)


class PerUser(_Counted, UserRateThrottle):
    pass


class PerAddress(_Counted, AnonRateThrottle):
    pass
