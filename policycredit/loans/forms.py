from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from policycredit.capital.models import CapitalSource
from policycredit.network.models import SavingsGroup
from policycredit.programmes.models import Programme

DATE = UnfoldAdminSingleDateWidget
MONEY = UnfoldAdminIntegerFieldWidget


class ApplicationForm(forms.Form):
    """Form 01/TD: a household's request, filled in for it by an officer."""

    borrower = forms.ModelChoiceField(
        label=_("borrower"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    programme = forms.ModelChoiceField(
        label=_("programme"),
        queryset=Programme.objects.filter(active=True),
        widget=UnfoldAdminSelectWidget,
    )
    group = forms.ModelChoiceField(
        label=_("savings-and-loan group"),
        queryset=None,
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    amount = forms.IntegerField(label=_("amount requested (đồng)"), widget=MONEY)
    term_months = forms.IntegerField(label=_("term (months)"), widget=MONEY, min_value=1)
    purpose = forms.CharField(label=_("purpose and plan of use"), widget=UnfoldAdminTextareaWidget)
    applied_on = forms.DateField(label=_("date of application"), widget=DATE)
    collateral = forms.CharField(
        label=_("collateral"), required=False, widget=UnfoldAdminTextInputWidget
    )
    business = forms.BooleanField(label=_("production or business establishment"), required=False)
    jobs_new_planned = forms.IntegerField(
        label=_("new jobs planned"), min_value=0, initial=0, widget=MONEY
    )
    jobs_maintained_planned = forms.IntegerField(
        label=_("jobs maintained planned"), min_value=0, initial=0, widget=MONEY
    )

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["borrower"].queryset = household.members.all()
        self.fields["borrower"].initial = household.head_id
        groups = SavingsGroup.objects.filter(
            memberships__household=household, memberships__left__isnull=True
        )
        self.fields["group"].queryset = groups
        self.fields["group"].initial = groups.first()


class StepForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(
        label=_("note / reason"), required=False, widget=UnfoldAdminTextareaWidget
    )


class DisburseForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("capital source"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    on = forms.DateField(label=_("disbursement date"), widget=DATE)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["source"].queryset = CapitalSource.objects.filter(
            decisions__programmes=application.programme, decisions__office=application.office
        ).distinct()


class CalculatorForm(forms.Form):
    scenario = forms.CharField(
        label=_("scenario (JSON)"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 18})
    )


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("as of"), widget=DATE, required=False)


class RepaymentForm(forms.Form):
    on = forms.DateField(label=_("date"), widget=DATE)
    principal = forms.IntegerField(label=_("principal"), min_value=0, initial=0, widget=MONEY)
    interest = forms.IntegerField(label=_("interest"), min_value=0, initial=0, widget=MONEY)


class JobsForm(forms.Form):
    new = forms.IntegerField(label=_("new jobs verified"), min_value=0, widget=MONEY)
    maintained = forms.IntegerField(label=_("jobs maintained verified"), min_value=0, widget=MONEY)
