import logging
import time
from contextlib import nullcontext

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext

from policycredit.accounts import signin
from policycredit.common.replica import primary_reads


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose otherwise (language cookie).

    Django's own middleware follows the browser's Accept-Language, which on an office PC
    with an English Windows would show English to people who never asked for it.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


requests_log = logging.getLogger("policycredit.requests")


class RequestLogMiddleware:
    """One log line per request, for a machine to read (JSON in production: settings.LOGGING):
    method, the URL's route (not the path: a path or a query can carry a name or an ID number),
    status, milliseconds, the user's id. Nothing a person typed is logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        requests_log.info(
            "request",
            extra={
                "method": request.method,
                "route": match.route if match else "",
                "view": match.view_name if match else "",
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class PinAfterWriteMiddleware:
    """After a successful write, this browser reads from the primary for
    `DATABASE_REPLICA_PIN_SECONDS` (installed with a replica: settings.py). The replica may be a
    moment behind; someone who has just posted a payment must see it in the report they open
    next. A signed cookie, not the session: pinning costs no database write and holds across
    the web workers."""

    COOKIE = "pc_primary"
    SALT = "policycredit.replica-pin"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.DATABASE_REPLICA_PIN_SECONDS
        pin = request.get_signed_cookie(self.COOKIE, None, salt=self.SALT, max_age=seconds)
        with primary_reads() if pin else nullcontext():
            response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and response.status_code < 400:
            response.set_signed_cookie(
                self.COOKIE,
                "1",
                salt=self.SALT,
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class NoStoreForSignedInMiddleware:
    """Whatever a signed-in person is sent (a page, a list, a file) may carry someone's personal
    data: no browser cache or proxy keeps it, so the next person at a shared office PC cannot
    page back to it after sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionLimitsMiddleware:
    """Ends a session idle for POLICYCREDIT_IDLE_MINUTES, or open for longer than
    POLICYCREDIT_SESSION_HOURS however busy (accounts.signin.session_end), and sends the person
    back to the sign-in page with a word saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = signin.session_end(request)
            if reason is not None:
                setattr(request, signin.END_REASON, reason)
                logout(request)
                messages.info(request, _ENDED[reason]())
                return redirect_to_login(request.get_full_path())
            signin.note_activity(request)
        return self.get_response(request)


_ENDED = {
    "idle": lambda: gettext("You were signed out after a while without activity."),
    "expired": lambda: gettext("Your session has ended: sign in again."),
}


class SecondFactorMiddleware:
    """A member of staff signed in with a password reaches only the code's pages (and sign-out,
    the language switch) until the code is accepted (accounts.signin)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            signin.needs_second_factor(user)
            and not signin.second_factor_passed(user)
            and request.path_info not in _open_before_the_code()
        ):
            page = "admin:two_factor" if signin.is_enrolled(user) else "admin:two_factor_enrol"
            return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _open_before_the_code() -> set[str]:
    names = ("admin:two_factor", "admin:two_factor_enrol", "admin:logout", "set_language", "health")
    return {reverse(name) for name in names}
