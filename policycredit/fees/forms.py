from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminSingleDateWidget

from policycredit.common.forms import DayField
from policycredit.geo.selectors import offices_for


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(
            format="%Y-%m",
            attrs={"class": "border border-base-200 rounded-default px-3 py-2 text-sm"},
        )


class ComputeForm(forms.Form):
    month = DayField(label=_("month"), input_formats=["%Y-%m"], widget=MonthInput())
    office = forms.ModelChoiceField(
        label=_("office"), queryset=None, widget=UnfoldAdminSelectWidget
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offices = offices_for(user)
        self.fields["office"].queryset = offices
        if len(offices) == 1:
            self.fields["office"].initial = offices[0]


class PayForm(forms.Form):
    on = DayField(label=_("paid on"), widget=UnfoldAdminSingleDateWidget)
