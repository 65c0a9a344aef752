"""The check and inspection forms: what is typed is read here (days dd/mm/yyyy, đồng, whole
numbers), what it means for the loan or the group is the service's to refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
)

from policycredit.common.forms import DayField, VndField, WholeNumberField
from policycredit.inspections.models import UseOutcome

MOST_JOBS = 10_000
COUNT = UnfoldAdminIntegerFieldWidget(attrs={"inputmode": "numeric"})


def _text(label, required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
    )


class CorrectionMixin:
    """A correction says why: the form asks for the reason when it replaces a record."""

    def add_reason(self, correcting: bool) -> None:
        if correcting:
            self.fields["correction_reason"] = _text(_("reason for the correction"), True)


class CheckForm(CorrectionMixin, forms.Form):
    checked_on = DayField(label=_("checked on"), widget=UnfoldAdminSingleDateWidget)
    outcome = forms.ChoiceField(
        label=_("use of the loan"), choices=UseOutcome.choices, widget=UnfoldAdminRadioSelectWidget
    )
    amount_used = VndField(
        label=_("amount used as planned (đồng)"),
        required=False,
        help_text=_("Only when the loan was partly used as planned."),
    )
    jobs_new = WholeNumberField(
        label=_("new jobs verified"), min_value=0, max_value=MOST_JOBS, widget=COUNT
    )
    jobs_maintained = WholeNumberField(
        label=_("jobs maintained verified"), min_value=0, max_value=MOST_JOBS, widget=COUNT
    )
    note = _text(_("findings"))

    def __init__(self, *args, records_jobs: bool, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not records_jobs:
            del self.fields["jobs_new"], self.fields["jobs_maintained"]
        self.add_reason(correcting)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "checked_on": data["checked_on"],
            "outcome": data["outcome"],
            "amount_used": data.get("amount_used"),
            "jobs_new": data.get("jobs_new"),
            "jobs_maintained": data.get("jobs_maintained"),
            "note": data.get("note", ""),
            "correction_reason": data.get("correction_reason", ""),
        }


class InspectionForm(CorrectionMixin, forms.Form):
    """One score field per criterion of the sheet in force, each bounded by its most points."""

    inspected_on = DayField(label=_("inspected on"), widget=UnfoldAdminSingleDateWidget)

    def __init__(self, *args, criteria, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.code}"] = WholeNumberField(
                label=f"{criterion.name} (0–{criterion.max_score})",
                min_value=0,
                max_value=criterion.max_score,
                widget=COUNT,
            )
        self.fields["findings"] = _text(_("findings"))
        self.fields["follow_up"] = _text(_("follow-up"))
        self.add_reason(correcting)

    def score_fields(self):
        return [self[f"score_{c.code}"] for c in self.criteria]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "inspected_on": data["inspected_on"],
            "scores": {c.code: data[f"score_{c.code}"] for c in self.criteria},
            "findings": data.get("findings", ""),
            "follow_up": data.get("follow_up", ""),
            "correction_reason": data.get("correction_reason", ""),
        }


class YearForm(forms.Form):
    year = WholeNumberField(label=_("year"), min_value=2000, max_value=2100, required=False)
