from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
)

from policycredit.common.forms import DayField, WholeNumberField


class ReportForm(forms.Form):
    as_of = DayField(label=_("as of"), widget=UnfoldAdminSingleDateWidget, required=False)
    from_year = WholeNumberField(
        label=_("base year"),
        widget=UnfoldAdminIntegerFieldWidget,
        min_value=1990,
        max_value=2100,
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("administrative unit"),
        queryset=None,
        required=False,
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
