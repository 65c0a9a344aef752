"""Every error the API answers, in one shape: `{"code", "message", "fields"?}`.

`code` is stable (clients and tests compare it); `message` is for a person, in the request's
language (Vietnamese unless the language cookie says otherwise, as on the web); `fields` names
each value that cannot be used, `{name: [{code, message}]}`. Refusals keep the codes the
services give them (a loan rule's `interest_overpaid`, a savings `closed_day`); a record outside
the user's area is a 404 exactly like a missing one. Anything else is a server error, which
the API must never answer to bad input (the Schemathesis test holds it to that).
"""

from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from policycredit.accounts.policy import Refused
from policycredit.common.query import NotInScope
from policycredit.domain.loan import LoanRuleError
from policycredit.loans.errors import as_validation_error


def _messages():
    return {
        "not_authenticated": _(
            "Sign in first, or send a token: Authorization: Token <token> (tokens page)."
        ),
        "authentication_failed": _("The credentials sent are not valid."),
        "permission_denied": _("Your role may not do this."),
        "not_found": _("No such record, or not in your area."),
        "method_not_allowed": _("This address does not take that method."),
        "not_acceptable": _("This address answers JSON only."),
        "unsupported_media_type": _("Send the body as JSON (Content-Type: application/json)."),
        "parse_error": _("The body cannot be read as JSON."),
        "invalid": _("Some values cannot be used: see each field."),
        "bad_request": _("The request cannot be used."),
    }


def body(code: str, message: str, fields: dict | None = None) -> dict:
    data = {"code": code, "message": str(message)}
    if fields:
        data["fields"] = fields
    return data


def _flatten(detail, prefix="") -> dict:
    """REST framework's nested error detail as {"a.0.b": [{code, message}]}."""
    if isinstance(detail, dict):
        found = {}
        for key, value in detail.items():
            found |= _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return found
    if isinstance(detail, list) and any(isinstance(v, dict | list) for v in detail):
        found = {}
        for index, value in enumerate(detail):
            found |= _flatten(value, f"{prefix}.{index}" if prefix else str(index))
        return found
    items = detail if isinstance(detail, list) else [detail]
    return {
        prefix or "__all__": [
            {"code": getattr(i, "code", None) or "invalid", "message": str(i)} for i in items
        ]
    }


def _from_django(error: DjangoValidationError) -> Response:
    if hasattr(error, "error_dict"):
        fields = {
            name: [{"code": e.code or "invalid", "message": m} for e in errors for m in e]
            for name, errors in error.error_dict.items()
        }
        first = next(iter(fields.values()))[0]
        general = fields.pop("__all__", None)
        code = (general or [first])[0]["code"]
        message = (general or [first])[0]["message"]
        return Response(body(code, message, fields), status=400)
    errors = list(error.error_list) if hasattr(error, "error_list") else [error]
    first = errors[0]
    return Response(body(first.code or "invalid", next(iter(first))), status=400)


def _from_rest(exc: exceptions.APIException) -> Response:
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait) + 1 if exc.wait is not None else 60
        headers["Retry-After"] = str(wait)
        message = _("Too many requests: wait %(seconds)d seconds and try again.") % {
            "seconds": wait
        }
        return Response(body("throttled", message), status=429, headers=headers)
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.pop("__all__", None)
        if general and not fields:
            return Response(body(general[0]["code"], general[0]["message"]), status=400)
        first = next(iter(fields.values()))[0] if fields else None
        message = first["message"] if first else _messages()["invalid"]
        code = getattr(exc, "refusal_code", None) or "invalid"
        if general:
            fields["__all__"] = general
        return Response(body(code, message, fields), status=400, headers=headers)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    message = _messages().get(code)
    if message is None or code in {"token_expired", "token_invalid", "user_inactive"}:
        message = str(exc.detail) if not isinstance(exc.detail, dict | list) else exc.default_detail
    return Response(body(code, message), status=exc.status_code, headers=headers)


def handle(exc, context):
    """REST framework's EXCEPTION_HANDLER (settings.REST_FRAMEWORK)."""
    if isinstance(exc, LoanRuleError):
        exc = as_validation_error(exc)
    if isinstance(exc, DjangoValidationError):
        return _from_django(exc)
    if isinstance(exc, Refused):
        # The four-eyes policy's no (accounts.policy): its own code and words.
        return Response(body(exc.code, exc.message), status=403)
    if isinstance(exc, NotInScope):
        return Response(body("not_found", str(exc) or _messages()["not_found"]), status=404)
    if isinstance(exc, Http404):
        return Response(body("not_found", _messages()["not_found"]), status=404)
    if isinstance(exc, BadRequest):
        return Response(body("bad_request", str(exc) or _messages()["bad_request"]), status=400)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(body("permission_denied", _messages()["permission_denied"]), status=403)
    if isinstance(exc, exceptions.APIException):
        return _from_rest(exc)
    return None
