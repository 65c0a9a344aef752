from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
)

from policycredit.common.forms import DayField, WholeNumberField
from policycredit.geo.selectors import transaction_points_for

FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearForm(forms.Form):
    year = WholeNumberField(
        label=_("year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        widget=UnfoldAdminIntegerFieldWidget,
    )


class MoveForm(forms.Form):
    point = forms.ModelChoiceField(
        label=_("transaction point"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    original = DayField(label=_("transaction day"), widget=UnfoldAdminSingleDateWidget)
    moved_to = DayField(label=_("moved to"), widget=UnfoldAdminSingleDateWidget)
    reason = forms.CharField(
        label=_("reason"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = transaction_points_for(user).filter(active=True)
