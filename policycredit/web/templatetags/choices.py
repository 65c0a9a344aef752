"""How a list of choices reads to an office: never Django's bare "---------"."""

from django import template
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

register = template.Library()

DJANGO_DASHES = BLANK_CHOICE_DASH[0][1]
# The one empty choice of every list on every screen (unfold's select, which every form of the
# project and the admin's use); a form that means something else by it ("all my offices")
# names its own empty_label and keeps it.
EMPTY_CHOICE = _("– choose –")


@register.filter
def readable_option(option):
    """The option with Django's placeholder dashes read as a word."""
    if option.get("value") in ("", None) and str(option.get("label")) == DJANGO_DASHES:
        return {**option, "label": EMPTY_CHOICE}
    return option
