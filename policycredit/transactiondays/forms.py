from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
)

from policycredit.domain.money import format_vnd
from policycredit.transactiondays.models import DENOMINATIONS

MONEY = UnfoldAdminIntegerFieldWidget


class OpenDayForm(forms.Form):
    point = forms.ModelChoiceField(
        label=_("transaction point"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    on = forms.DateField(label=_("date"), widget=UnfoldAdminSingleDateWidget)
    cash_brought = forms.IntegerField(
        label=_("cash brought from the office (đồng)"), initial=0, widget=MONEY
    )

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points


class CashCountForm(forms.Form):
    """One box per banknote; the service refuses a negative count with its own message."""

    note = forms.CharField(
        label=_("note (explain any difference)"),
        required=False,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value in DENOMINATIONS:
            self.fields[f"n{value}"] = forms.IntegerField(
                label=format_vnd(value), required=False, widget=MONEY
            )

    def counts(self) -> dict:
        return {
            value: self.cleaned_data.get(f"n{value}") or 0
            for value in DENOMINATIONS
            if self.cleaned_data.get(f"n{value}") is not None
        }


class DisbursementForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("approved application"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    source = forms.ModelChoiceField(
        label=_("capital source"), queryset=None, widget=UnfoldAdminSelectWidget
    )

    def __init__(self, *args, applications, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["source"].queryset = sources


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}))
