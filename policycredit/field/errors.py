"""A refusal as the API's error body: ``{"code", "message", "fields"?}`` (the project-wide
shape, which the API's exception handler gives every error). Used where a refusal is part of
an answer rather than the answer itself: a refused record in a sync's 200, and the services'
refusals that this app's views answer with their own 400."""

from django.core.exceptions import PermissionDenied, ValidationError


def refusal(error: Exception) -> dict:
    if isinstance(error, ValidationError):
        fields = {}
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                fields[name] = [
                    {"code": e.code or "invalid", "message": m} for e in errors for m in e.messages
                ]
            first = next(iter(fields.values()))[0]
            body = {"code": first["code"], "message": " ".join(error.messages)}
            named = {k: v for k, v in fields.items() if k != "__all__"}
            return {**body, "fields": named} if named else body
        codes = [e.code for e in error.error_list if e.code]
        return {"code": codes[0] if codes else "invalid", "message": " ".join(error.messages)}
    if isinstance(error, PermissionDenied):
        return {
            "code": getattr(error, "code", None) or "permission_denied",
            "message": str(getattr(error, "message", None) or error),
        }
    raise TypeError(error)


def invalid(errors: dict) -> dict:
    """A serializer's errors (``{field: [ErrorDetail, …]}``) as the error body."""
    fields = {}
    for name, details in _flatten(errors):
        fields.setdefault(name, []).extend(
            {"code": getattr(d, "code", "invalid"), "message": str(d)} for d in details
        )
    first = next(iter(fields.values()), [{"code": "invalid", "message": ""}])[0]
    return {"code": first["code"], "message": first["message"], "fields": fields}


def _flatten(errors, prefix=""):
    """Nested serializer errors as ("records.0.key", [details]) pairs."""
    if isinstance(errors, dict):
        for name, value in errors.items():
            yield from _flatten(value, f"{prefix}{name}" if not prefix else f"{prefix}.{name}")
    elif (
        isinstance(errors, list) and errors and all(not isinstance(e, dict | list) for e in errors)
    ):
        yield prefix or "non_field_errors", errors
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if value:
                yield from _flatten(value, f"{prefix}.{index}" if prefix else str(index))
    else:
        yield prefix or "non_field_errors", [errors]
