"""Refusals of requests no form should see: characters nobody types, and a screen's own
`BadRequest` (a choice it cannot read), answered with a 400 page that says what was wrong.

A NUL byte in a parameter reached the database (PostgreSQL refuses it in text, so the request
died with a 500); direction marks and controls in a name or an amount hide what the
person sees from what is stored. No field of this project accepts them, so they are refused
once, here, before any screen reads the request.

Goes in settings.MIDDLEWARE right after AuthenticationMiddleware (so the refusal is shown in
the site's shell to a signed-in person, in their language).
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from policycredit.common import forms
from policycredit.registers.reader import MAX_FILE_BYTES

# No request is larger than a register's upload and the form around it: refused from its
# declared length before anything (CSRF's check included) reads the body.
MAX_BODY_BYTES = MAX_FILE_BYTES + 1024 * 1024

# Marks that reorder how text is shown (the "Trojan source" characters) and the replacement
# character, which is what Django makes of bytes that are not UTF-8.
_INVISIBLE = {
    "\u061c",
    "\u200e",
    "\u200f",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
    "\ufffd",
}
_LINE_BREAKS = {"\t", "\n", "\r"}  # a textarea's


def bad_character(text: str) -> str | None:
    """The first character no field accepts, or None."""
    for ch in text:
        if ch in _LINE_BREAKS:
            continue
        if ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs"):
            return ch
    return None


def _parameters(request):
    yield from request.GET.lists()
    if request.method == "POST" and not _large_upload(request):
        yield from request.POST.lists()


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return MAX_BODY_BYTES + 1


def _large_upload(request) -> bool:
    """A file upload larger than a form's fields: its text fields are the screen's form's to
    check; reading them here would take the whole file in first."""
    return (
        request.content_type.startswith("multipart/")
        and _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )


def refusal(request) -> str | None:
    for name, values in _parameters(request):
        for text in (name, *values):
            ch = bad_character(text)
            if ch is not None:
                return _(
                    "“%(name)s” holds a character that cannot be typed (U+%(code)04X): "
                    "remove it and send again."
                ) % {"name": forms.shown(name), "code": ord(ch)}
    return None


def refused(request, message: str):
    """The 400 page: in the site's shell for a signed-in person, bare otherwise; for the REST
    API, its JSON error body (api/errors.py)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": "bad_request", "message": str(message)}, status=400)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return forms.refused(request, message).render()
    return HttpResponseBadRequest(
        format_html("<!doctype html><title>{0}</title><h1>{0}</h1>", message),
        content_type="text/html; charset=utf-8",
    )


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > MAX_BODY_BYTES:
            response = refused(request, forms.too_large_body(MAX_BODY_BYTES))
            response.status_code = 413
            return response
        message = refusal(request)
        if message is not None:
            return refused(request, message)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadRequest):
            return refused(request, str(exception) or _("The request cannot be read."))
        return None
