"""The budgets' forms: what is typed is read here (days dd/mm/yyyy, đồng, years); whether it
fits the plan and the books is the service's to refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from policycredit.common.forms import (
    DayField,
    IdChoiceField,
    IdMultipleChoiceField,
    VndField,
    WholeNumberField,
)
from policycredit.programmes.models import Programme

DAY = UnfoldAdminSingleDateWidget


def _text(label, required=True, long=False):
    widget = UnfoldAdminTextareaWidget(attrs={"rows": 3}) if long else UnfoldAdminTextInputWidget
    return forms.CharField(
        label=label, required=required, max_length=200 if not long else 4000, widget=widget
    )


class YearForm(forms.Form):
    year = WholeNumberField(label=_("year"), required=False, min_value=1990, max_value=2100)


class PlanForm(forms.Form):
    source = IdChoiceField(label=_("budget"), queryset=None, widget=UnfoldAdminSelectWidget)
    office = IdChoiceField(
        label=_("receiving office"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    year = WholeNumberField(label=_("year"), min_value=1990, max_value=2100)
    planned = VndField(label=_("amount in the budget estimate (đồng)"))
    estimate_document = _text(_("People's Council resolution / budget document"))
    estimate_date = DayField(label=_("date of the budget document"), widget=DAY)
    note = _text(_("note"), required=False, long=True)

    def __init__(self, *args, sources, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["office"].queryset = offices


class DecisionForm(forms.Form):
    number = _text(_("decision number"))
    date = DayField(label=_("decision date"), widget=DAY)
    amount = VndField(label=_("amount decided (đồng)"))


class TransferForm(forms.Form):
    number = _text(_("number of the transfer's decision"))
    date = DayField(label=_("date the money arrived"), widget=DAY)
    amount = VndField(label=_("amount (đồng)"))
    programmes = IdMultipleChoiceField(
        label=_("programmes it may fund"),
        queryset=Programme.objects.all(),
        required=False,
        help_text=_("Empty: those of the budget's last decision at the office."),
        widget=forms.CheckboxSelectMultiple,
    )
    note = _text(_("note"), required=False, long=True)


class RecallForm(forms.Form):
    document = _text(_("recall decision"))
    date = DayField(label=_("date"), widget=DAY)
    amount = VndField(label=_("amount (đồng)"))
    reason = _text(_("reason"), required=False, long=True)


class InterestForm(forms.Form):
    source = IdChoiceField(label=_("budget"), queryset=None, widget=UnfoldAdminSelectWidget)
    office = IdChoiceField(label=_("office"), queryset=None, widget=UnfoldAdminSelectWidget)
    period_from = DayField(label=_("from"), widget=DAY)
    period_to = DayField(label=_("to"), widget=DAY)
    document = _text(_("decision on its use"))
    date = DayField(label=_("decision date"), widget=DAY)

    def __init__(self, *args, sources, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["office"].queryset = offices


class HandoverForm(forms.Form):
    source = IdChoiceField(
        label=_("budget handing over"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    office = IdChoiceField(label=_("office"), queryset=None, widget=UnfoldAdminSelectWidget)
    date = DayField(label=_("effective from"), widget=DAY)
    document = _text(_("decision"))
    document_date = DayField(label=_("decision date"), widget=DAY)
    successor = IdChoiceField(
        label=_("successor budget"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    amount = VndField(label=_("amount (đồng)"))
    successor_2 = IdChoiceField(
        label=_("second successor budget"),
        queryset=None,
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    amount_2 = VndField(label=_("its amount (đồng)"), required=False)
    note = _text(_("note"), required=False, long=True)

    def __init__(self, *args, sources, successors, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["successor"].queryset = successors
        self.fields["successor_2"].queryset = successors
        self.fields["office"].queryset = offices


class StatementForm(forms.Form):
    source = IdChoiceField(label=_("budget"), queryset=None, required=False)
    office = IdChoiceField(label=_("office"), queryset=None, required=False)
    start = DayField(label=_("from"), required=False)
    end = DayField(label=_("to"), required=False)

    def __init__(self, *args, sources, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["office"].queryset = offices
