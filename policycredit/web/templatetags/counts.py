"""Counts on the admin's screens grouped as the office writes them: 76.375, not 76375
(Django renders an integer in a template without separators)."""

from django import template
from django.utils.translation import gettext, ngettext

from policycredit.domain.money import format_vnd

register = template.Library()


@register.filter
def grouped(count):
    return format_vnd(count, unit="")


@register.simple_tag
def results_of(count):
    """Django's own "%(counter)s result(s)" msgid, so its catalogue's Vietnamese still applies."""
    return ngettext("%(counter)s result", "%(counter)s results", count) % {
        "counter": grouped(count)
    }


@register.simple_tag
def total_of(count):
    return gettext("%(full_result_count)s total") % {"full_result_count": grouped(count)}
