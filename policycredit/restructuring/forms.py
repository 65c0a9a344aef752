"""The dossier's forms and one form per measure; each measure form gives the parameters the
measure stores (`parameters()`, JSON-ready) and the loans service reads."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from policycredit.borrowers.models import Person
from policycredit.common.forms import DayField, IdChoiceField, VndField, WholeNumberField, shown
from policycredit.domain.money import AmountError, format_vnd, parse_vnd
from policycredit.domain.schedule import equal_instalments
from policycredit.restructuring.models import Cause, DocumentKind, MeasureKind

TEXT = UnfoldAdminTextInputWidget
AREA = UnfoldAdminTextareaWidget(attrs={"rows": 3})
SELECT = UnfoldAdminSelectWidget
DATE = UnfoldAdminSingleDateWidget


def _text(label, max_length: int = 300):
    return forms.CharField(label=label, max_length=max_length, widget=TEXT)


class OpenDossierForm(forms.Form):
    cause = forms.ChoiceField(label=_("cause"), choices=Cause.choices, widget=SELECT)
    event_on = DayField(label=_("date of the event"), widget=DATE)
    description = forms.CharField(label=_("what happened"), max_length=2000, widget=AREA)


class LossForm(forms.Form):
    by_group = VndField(label=_("loss estimated by the group (đồng)"))
    by_organisation = VndField(label=_("loss estimated by the organisation (đồng)"))


class ConfirmForm(forms.Form):
    reference = _text(_("the ward's confirmation (number)"), max_length=100)
    on = DayField(label=_("confirmed on"), widget=DATE, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("document"), choices=DocumentKind.choices, widget=SELECT)
    file = forms.FileField(label=_("scan (PDF, JPG or PNG)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=1000, widget=AREA)


class DecideForm(forms.Form):
    """The deciding document, when a level above the office decided."""

    deciding_number = forms.CharField(
        label=_("deciding document number"), max_length=100, required=False, widget=TEXT
    )
    deciding_date = DayField(label=_("deciding document date"), widget=DATE, required=False)
    deciding_issuer = forms.CharField(
        label=_("issued by"), max_length=200, required=False, widget=TEXT
    )


# ---------------------------------------------------------------------------- measures


class MeasureForm(forms.Form):
    on = DayField(label=_("effective on"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=1000, widget=AREA)

    def __init__(self, *args, loan, spread: int = 0, dues=(), **kwargs):
        # spread: what a new schedule must add up to; dues: the instalments still to fall due.
        self.loan, self.spread, self.dues = loan, spread, dues
        super().__init__(*args, **kwargs)

    def parameters(self) -> dict:
        return {"reason": self.cleaned_data["reason"].strip()}


class ExtensionForm(MeasureForm):
    due = forms.ChoiceField(label=_("instalment due on"), widget=SELECT)
    new_due = DayField(label=_("new due date"), widget=DATE)
    field_order = ["due", "new_due", "on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due"].choices = [(d.isoformat(), f"{d:%d/%m/%Y}") for d in self.dues]

    def parameters(self):
        new_due = self.cleaned_data["new_due"].isoformat()
        return {**super().parameters(), "due": self.cleaned_data["due"], "new_due": new_due}


class ExtensionWholeForm(MeasureForm):
    months = WholeNumberField(label=_("extend by (months)"), min_value=1, max_value=120)
    field_order = ["months", "on", "reason"]

    def parameters(self):
        return {**super().parameters(), "months": self.cleaned_data["months"]}


_ROW = re.compile(r"\s*([0-9]{1,2}/[0-9]{1,2}/[0-9]{4})[\s;,\t]+(\S+)\s*")


class ScheduleForm(MeasureForm):
    """New instalment rows typed one a line ("dd/mm/yyyy amount"), or generated equal and
    monthly from a first date and a count; they must add up to what is spread."""

    rows = forms.CharField(
        label=_("instalments (one a line: dd/mm/yyyy amount)"),
        required=False,
        max_length=10_000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 6}),
    )
    first_due = DayField(label=_("or generate: first due date"), widget=DATE, required=False)
    count = WholeNumberField(
        label=_("number of instalments"), min_value=1, max_value=120, required=False
    )
    field_order = ["rows", "first_due", "count", "on", "reason"]

    def clean(self):
        data = super().clean()
        text = (data.get("rows") or "").strip()
        if text:
            data["plan"] = [self._row(line) for line in text.splitlines() if line.strip()]
        elif data.get("first_due") and data.get("count"):
            plan = equal_instalments(self.spread, data["first_due"], data["count"])
            data["plan"] = [(i.due, i.principal) for i in plan]
            # Shown back so the officer sees, and may edit, the rows proposed.
            self.data = self.data.copy()
            self.data["rows"] = "\n".join(f"{d:%d/%m/%Y} {a}" for d, a in data["plan"])
        else:
            raise ValidationError(
                _("Type the instalments, or give the first due date and their number."),
                code="no_rows",
            )
        total = sum(amount for _due, amount in data["plan"])
        if self.spread and total != self.spread:
            raise ValidationError(
                _("The instalments add up to %(total)s đồng, not %(spread)s đồng.")
                % {"total": format_vnd(total, unit=""), "spread": format_vnd(self.spread, unit="")},
                code="total",
            )
        return data

    def _row(self, line: str):
        found = _ROW.fullmatch(line)
        if not found:
            raise ValidationError(
                _("“%(text)s” is not a row: write dd/mm/yyyy and the amount."),
                params={"text": shown(line)},
                code="row",
            )
        try:
            due = datetime.datetime.strptime(found[1], "%d/%m/%Y").date()
            amount = parse_vnd(found[2])
        except (ValueError, AmountError):
            raise ValidationError(
                _("“%(text)s” is not a row: write dd/mm/yyyy and the amount."),
                params={"text": shown(line)},
                code="row",
            ) from None
        return due, amount

    def parameters(self):
        plan = [[d.isoformat(), a] for d, a in self.cleaned_data["plan"]]
        return {**super().parameters(), "instalments": plan}


class FreezeForm(MeasureForm):
    months = WholeNumberField(label=_("frozen for (months)"), min_value=1, max_value=60)
    amount = VndField(label=_("principal to freeze (blank: all)"), required=False, min_value=1)
    field_order = ["months", "amount", "on", "reason"]

    def parameters(self):
        return {
            **super().parameters(),
            "months": self.cleaned_data["months"],
            "amount": self.cleaned_data["amount"],
        }


class WriteOffForm(MeasureForm):
    principal = VndField(label=_("principal written off (đồng)"), required=False)
    interest = VndField(label=_("interest written off (đồng)"), required=False)
    field_order = ["principal", "interest", "on", "reason"]

    def clean(self):
        data = super().clean()
        if not (data.get("principal") or data.get("interest")):
            raise ValidationError(
                _("Enter the principal and/or the interest written off."), code="amount"
            )
        return data

    def parameters(self):
        return {
            **super().parameters(),
            "principal": self.cleaned_data["principal"] or 0,
            "interest": self.cleaned_data["interest"] or 0,
        }


class TransferForm(MeasureForm):
    to_borrower = IdChoiceField(
        label=_("new borrower (household member)"), queryset=Person.objects.none(), widget=SELECT
    )
    field_order = ["to_borrower", "on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_borrower"].queryset = Person.objects.filter(
            household_id=self.loan.household_id
        ).exclude(pk=self.loan.borrower_id)

    def parameters(self):
        return {**super().parameters(), "to_borrower": self.cleaned_data["to_borrower"].pk}


FORMS = {
    MeasureKind.EXTENSION: ExtensionForm,
    MeasureKind.EXTENSION_WHOLE: ExtensionWholeForm,
    MeasureKind.TERM_ADJUSTMENT: ScheduleForm,
    MeasureKind.FREEZE: FreezeForm,
    MeasureKind.UNFREEZE: ScheduleForm,
    MeasureKind.WRITE_OFF: WriteOffForm,
    MeasureKind.TRANSFER: TransferForm,
}
