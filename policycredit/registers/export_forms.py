import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextInputWidget,
)

from policycredit.registers.telegram import parse_month


class _OfficeForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("office"),
        queryset=None,
        required=False,
        widget=UnfoldAdminSelectWidget,
        empty_label=_("all my offices"),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class HstdForm(_OfficeForm):
    as_of = forms.DateField(label=_("as of"), widget=UnfoldAdminSingleDateWidget, required=False)


class MonthField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="bad_month") from None


class TelegramForm(_OfficeForm):
    month = MonthField(
        label=_("month"),
        required=False,
        widget=UnfoldAdminTextInputWidget(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )


def previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
