from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminSingleDateWidget

from policycredit.common.forms import DayField


class CatchUpForm(forms.Form):
    until = DayField(
        label=_("Close every day up to"),
        widget=UnfoldAdminSingleDateWidget,
        help_text=_(
            "Inclusive. A day is closed once it is over and its transaction days are signed off."
        ),
    )
