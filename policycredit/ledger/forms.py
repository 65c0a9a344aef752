import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
)

from policycredit.common.forms import DayField, WholeNumberField

DATE = UnfoldAdminSingleDateWidget


class AsOfForm(forms.Form):
    as_of = DayField(label=_("as of"), widget=DATE, required=False)


class PeriodForm(forms.Form):
    start = DayField(label=_("from"), widget=DATE, required=False)
    end = DayField(label=_("to"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class CapitalForm(forms.Form):
    # Optional: a link with a day or a base year alone shows the district's source.
    source = forms.ModelChoiceField(
        label=_("capital source"),
        queryset=None,
        widget=UnfoldAdminSelectWidget,
        required=False,
        empty_label=None,
    )
    as_of = DayField(label=_("as of"), widget=DATE, required=False)
    base_year = WholeNumberField(
        label=_("base year"),
        widget=UnfoldAdminIntegerFieldWidget,
        min_value=1990,
        max_value=2100,
        required=False,
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources


def day_or(value, default: datetime.date) -> datetime.date:
    return value or default
