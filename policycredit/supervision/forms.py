"""The supervision's forms: what is typed is read here (days dd/mm/yyyy, months, the choices of
the user's own area), what it means is the service's to refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from policycredit.common.forms import DayField, IdChoiceField, WholeNumberField
from policycredit.supervision import selectors
from policycredit.supervision.models import CheckerKind


def _text(label, required=False, rows=3):
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": rows}),
    )


def _line(label, required=False):
    return forms.CharField(
        label=label, required=required, max_length=200, widget=UnfoldAdminTextInputWidget
    )


def _choice(label, queryset, required=False):
    return IdChoiceField(
        label=label, queryset=queryset, required=required, widget=UnfoldAdminSelectWidget
    )


class CheckerFields(forms.Form):
    """Who checks: the kind, and a user or a name (an organisation's check names it)."""

    def add_checker(self, user) -> None:
        self.fields["checker_kind"] = forms.ChoiceField(
            label=_("checker"), choices=CheckerKind.choices, widget=UnfoldAdminSelectWidget
        )
        self.fields["checker_user"] = _choice(_("checker (user)"), selectors.checker_users(user))
        self.fields["checker_name"] = _line(_("checker (name)"))
        self.fields["checker_organisation"] = _choice(
            _("checking organisation"), selectors.checker_organisations(user)
        )
        self.fields["checker_user"].help_text = _("Or type the checker's name below.")

    def add_target(self, user) -> None:
        self.fields["ward"] = _choice(_("ward checked"), selectors.target_wards(user))
        self.fields["group"] = _choice(_("group checked"), selectors.target_groups(user))
        self.fields["point"] = _choice(
            _("transaction point checked"), selectors.target_points(user)
        )
        self.fields["ward"].help_text = _("Choose one: a ward, a group or a transaction point.")

    def checker_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "checker_kind": data["checker_kind"],
            "checker_user": data.get("checker_user"),
            "checker_name": data.get("checker_name", ""),
            "checker_organisation": data.get("checker_organisation"),
        }

    def target_arguments(self) -> dict:
        data = self.cleaned_data
        return {"ward": data.get("ward"), "group": data.get("group"), "point": data.get("point")}


class PlanForm(forms.Form):
    office = _choice(_("office"), None, required=True)
    year = WholeNumberField(
        label=_("year"),
        min_value=2000,
        max_value=2100,
        widget=UnfoldAdminIntegerFieldWidget(attrs={"inputmode": "numeric"}),
    )
    note = _text(_("note"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.plannable_offices(user)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"office": data["office"], "year": data["year"], "note": data.get("note", "")}


class LineForm(CheckerFields):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_checker(user)
        self.add_target(user)
        self.fields["month"] = WholeNumberField(
            label=_("month planned"),
            min_value=1,
            max_value=12,
            widget=UnfoldAdminIntegerFieldWidget(attrs={"inputmode": "numeric"}),
        )
        self.fields["note"] = _line(_("note"))

    def service_arguments(self) -> dict:
        return {
            **self.checker_arguments(),
            **self.target_arguments(),
            "month": self.cleaned_data["month"],
            "note": self.cleaned_data.get("note", ""),
        }


class CheckForm(CheckerFields):
    """A check off the plan names its checker and target; a planned one takes the line's."""

    def __init__(self, *args, user, planned: bool, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned = planned
        if not planned:
            self.add_checker(user)
            self.add_target(user)
        self.fields["checked_on"] = DayField(
            label=_("checked on"), widget=UnfoldAdminSingleDateWidget
        )
        self.fields["summary"] = _text(_("summary"), required=True, rows=5)
        if correcting:
            self.fields["correction_reason"] = _text(_("reason for the correction"), True)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "checked_on": data["checked_on"],
            "summary": data["summary"],
            "correction_reason": data.get("correction_reason", ""),
        }
        if not self.planned:
            arguments |= {**self.checker_arguments(), **self.target_arguments()}
        return arguments


class FindingForm(forms.Form):
    def __init__(self, *args, user, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = _choice(_("kind"), selectors.finding_kinds(), required=True)
        self.fields["description"] = _text(_("what was found"), required=True)
        self.fields["loan"] = _choice(_("loan"), selectors.loans_of_target(user, check))
        self.fields["group"] = _choice(_("group"), selectors.target_groups(user))
        self.fields["point"] = _choice(_("transaction point"), selectors.target_points(user))
        self.fields["follow_up_user"] = _choice(
            _("followed up by (user)"), selectors.checker_users(user)
        )
        self.fields["follow_up_name"] = _line(_("followed up by (name)"))
        self.fields["due_on"] = DayField(label=_("due on"), widget=UnfoldAdminSingleDateWidget)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in ("kind", "description", "loan", "group", "point", "follow_up_user")
        } | {"follow_up_name": data.get("follow_up_name", ""), "due_on": data["due_on"]}


class FollowUpForm(forms.Form):
    noted_on = DayField(label=_("on"), widget=UnfoldAdminSingleDateWidget)
    note = _text(_("what was done"), required=True)

    def service_arguments(self) -> dict:
        return {"noted_on": self.cleaned_data["noted_on"], "note": self.cleaned_data["note"]}


class ResolveForm(forms.Form):
    resolved_on = DayField(label=_("resolved on"), widget=UnfoldAdminSingleDateWidget)
    resolution = _text(pgettext_lazy("finding", "resolution"), required=True)

    def service_arguments(self) -> dict:
        return {
            "resolved_on": self.cleaned_data["resolved_on"],
            "resolution": self.cleaned_data["resolution"],
        }


class YearForm(forms.Form):
    year = WholeNumberField(label=_("year"), min_value=2000, max_value=2100, required=False)
    as_of = DayField(label=_("as of"), required=False)
