from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminSingleDateWidget

from policycredit.common.forms import DayField
from policycredit.notices.models import Kind, Status

# A filter left empty shows every status (every kind): said as a word, not Django's dashes.
ALL = ("", _("all"))


class OutboxFilter(forms.Form):
    """The outbox's choices, read from its address (`common.query.read`)."""

    status = forms.ChoiceField(
        label=_("status"),
        choices=[ALL, *Status.choices],
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[ALL, *Kind.choices],
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    about = DayField(label=_("about the date"), required=False, widget=UnfoldAdminSingleDateWidget)
