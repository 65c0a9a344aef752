"""The schema's shared parts: the error body every operation may answer, added to each one by
a drf-spectacular post-processing hook (settings.SPECTACULAR_SETTINGS), so no view can forget
to document a refusal and Schemathesis can check every error against its shape."""

from django.utils.translation import gettext as _

ERRORS = {
    "400": lambda: _("A value cannot be used (each named in fields)."),
    "401": lambda: _("Not signed in, or the token is expired or not valid."),
    "403": lambda: _("The role may not do this."),
    "404": lambda: _("No such record, or not in the user's area."),
    "405": lambda: _("This address does not take that method."),
    "406": lambda: _("This address answers JSON only."),
    "415": lambda: _("The body must be JSON."),
    "429": lambda: _("Too many requests: wait as Retry-After says."),
}


def error_schema() -> dict:
    field_error = {
        "type": "object",
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        "required": ["code", "message"],
    }
    return {
        "type": "object",
        "description": _(
            "Every error: a stable code, a message for a person in the request's language, "
            "and each value that cannot be used."
        ),
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": field_error},
            },
        },
        "required": ["code", "message"],
    }


def error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = error_schema()
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "put", "post", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, describe in ERRORS.items():
                if status not in responses:
                    responses[status] = {
                        "description": describe(),
                        "content": {"application/json": {"schema": reference}},
                    }
                if status == "429":
                    responses[status].setdefault("headers", {})["Retry-After"] = {
                        "schema": {"type": "integer"},
                        "description": _("Seconds to wait."),
                    }
    return result
