"""Small helpers for tests that post admin forms the way a browser would."""

import html

from django.utils import translation


def vi(message: str, **params) -> str:
    """The Vietnamese text users see for an English msgid; fails if it is not translated."""
    with translation.override("vi"):
        text = translation.gettext(message)
    assert text != message, f"no Vietnamese translation for {message!r}"
    return text % params if params else text


def shows(response, text: str) -> bool:
    body = response.content.decode()
    return text in body or html.escape(text) in body


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
