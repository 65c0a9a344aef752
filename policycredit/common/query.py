"""Choices read from a page's address (its query string): a day, a year, a unit, an id, a
file format. A value that cannot be read is refused with `BadRequest`, naming the parameter
and what it held; it is never replaced by a default. A report as of "32/13/2024" shown as of
today under a correct-looking title is a wrong answer the reader cannot see.

`BadRequest` becomes the 400 page in the site's shell (web.hostile.HostileInputMiddleware).
"""

import datetime
import re

from django.core.exceptions import NON_FIELD_ERRORS, BadRequest
from django.http import Http404
from django.utils.translation import gettext as _

from policycredit.common.forms import shown

# An id or a year: ASCII digits (str.isdigit() takes "²" and "٣", int() reads "１２"), and few
# enough for a 64-bit key: more is a bad link, refused before the database sees it.
_ID = re.compile(r"[0-9]{1,18}", re.ASCII)
FIRST_YEAR, LAST_YEAR = 1990, 2100
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)


class NotInScope(Http404):
    """A record asked for by id that is not among those the user may see: a 404 whose message
    is shown (Django's own 404 messages are for developers, and stay unsaid)."""


def outside(name: str, value: object) -> NotInScope:
    return NotInScope(
        _("%(name)s=“%(value)s”: there is no such record in your area.")
        % {"name": name, "value": shown(value)}
    )


def bad(name: str, value: object, reason: str) -> BadRequest:
    """The refusal of one parameter, its name and value in the message."""
    return BadRequest(
        _("The address holds %(name)s=“%(value)s”, which cannot be used: %(reason)s")
        % {"name": name, "value": shown(value), "reason": reason}
    )


def refusal(form) -> BadRequest:
    """A bound query form's first error, as a refusal naming its field and what was sent."""
    for name, errors in form.errors.items():
        reason = str(errors[0]) if errors else _("The request cannot be read.")
        if name == NON_FIELD_ERRORS or name not in form.fields:
            # A rule between fields (a period ending before it starts): name all of them.
            given = [k for k in map(form.add_prefix, form.fields) if form.data.get(k)]
            return bad(", ".join(given), " – ".join(form.data.get(k) for k in given), reason)
        key = form.add_prefix(name)
        label = form.fields[name].label or name
        value = ", ".join(form.data.getlist(key)) if hasattr(form.data, "getlist") else ""
        return bad(f"{label} ({key})", value or form.data.get(key, ""), reason)
    return BadRequest(_("The request cannot be read."))


def read(form) -> dict:
    """A query form's cleaned choices: {} when the address has none, refused when one of them
    cannot be read."""
    if not form.is_bound:
        return {}
    if not form.is_valid():
        raise refusal(form)
    return form.cleaned_data


def text(request, key: str) -> str | None:
    value = request.GET.get(key)
    if value is None or not value.strip():
        return None
    return value.strip()


def number(request, key: str) -> int | None:
    """A record's id or a year from the address, or None when it has none."""
    value = text(request, key)
    if value is None:
        return None
    if not _ID.fullmatch(value):
        raise bad(key, value, _("write it with the digits 0-9."))
    return int(value)


def year(request, key: str) -> int | None:
    """A calendar year from the address (1990-2100, as `WholeNumberField`s take a year)."""
    value = number(request, key)
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise bad(
            key,
            value,
            _("a year runs from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


def numbers(request, key: str) -> list[int]:
    """Ids separated by commas ("3,17,42"); an empty list when there are none."""
    value = text(request, key)
    if value is None:
        return []
    items = value.split(",")
    if not all(_ID.fullmatch(item.strip()) for item in items):
        raise bad(key, value, _("write ids with the digits 0-9, separated by commas."))
    return [int(item) for item in items]


def records(request, key: str, allowed) -> list[int]:
    """Ids from the address that must all be among `allowed` (a queryset scoped to the
    user): one outside it is refused, not dropped from the selection."""
    ids = numbers(request, key)
    found = set(allowed.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    for pk in ids:
        if pk not in found:
            raise outside(key, pk)
    return ids


def record(request, key: str, allowed):
    """The record named by an id in the address, from `allowed` (scoped to the user), or None
    when the address names none."""
    pk = number(request, key)
    if pk is None:
        return None
    found = allowed.filter(pk=pk).first()
    if found is None:
        raise outside(key, pk)
    return found


def choice(request, key: str, allowed) -> str | None:
    """One of a few words (a kind, a flag), or None when the address has none."""
    value = text(request, key)
    if value is None:
        return None
    allowed = [str(a) for a in allowed]
    if value not in allowed:
        raise bad(
            key, value, _("the values accepted are %(values)s.") % {"values": ", ".join(allowed)}
        )
    return value


def file_format(request, *allowed: str) -> str | None:
    """The file asked for by ?format=: one of `allowed`, or None for the page itself."""
    return choice(request, "format", allowed)


def flag(request, key: str) -> bool:
    return choice(request, key, ("1", "0", "true", "false", "on", "off")) in ("1", "true", "on")


def month(request, key: str) -> datetime.date | None:
    """A month as yyyy-mm (the first of it), or None when the address has none."""
    value = text(request, key)
    if value is None:
        return None
    found = _MONTH.fullmatch(value)
    if (
        not found
        or not 1 <= int(found.group(2)) <= 12
        or not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR
    ):
        raise bad(key, value, _("write a month as yyyy-mm, for example 2025-06."))
    return datetime.date(int(found.group(1)), int(found.group(2)), 1)
