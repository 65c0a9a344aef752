from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminSingleDateWidget

from policycredit.common.forms import DayField, VndField
from policycredit.savings.models import SavingsKind


class AsOfForm(forms.Form):
    as_of = DayField(label=_("as of"), required=False, widget=UnfoldAdminSingleDateWidget)


class MovementForm(forms.Form):
    """A deposit or withdrawal of one member's savings at the counter."""

    membership = forms.ModelChoiceField(
        label=_("member"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(k.value, k.label) for k in (SavingsKind.DEPOSIT, SavingsKind.WITHDRAWAL)],
        widget=UnfoldAdminSelectWidget,
    )
    amount = VndField(label=_("amount (đồng)"), min_value=1)
    on = DayField(label=_("value date"), widget=UnfoldAdminSingleDateWidget)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: str(m.household)
