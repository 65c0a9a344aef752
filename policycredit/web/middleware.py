import logging
import time
from contextlib import nullcontext

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
