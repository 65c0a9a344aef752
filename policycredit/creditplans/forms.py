"""The credit plan's forms: what is typed is read here (days dd/mm/yyyy, đồng, a year), what it
means for the plan (a line twice, an over-allocation, a decision out of the year) is the
service's to refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from policycredit.capital.models import CapitalSource
from policycredit.common.forms import DayField, IdChoiceField, VndField, WholeNumberField
from policycredit.domain.credit_plan import MEASURES, Amounts
from policycredit.programmes.models import Programme

LINES = 12  # the rows of a plan's form: more than the programmes an office lends under


def _growth(label):
    return VndField(
        label=label,
        required=False,
        min_value=None,
        negative=True,
        help_text=_("Negative where outstanding is planned to shrink."),
    )


class YearForm(forms.Form):
    year = WholeNumberField(label=_("year"), min_value=2000, max_value=2100, required=False)


class AsOfForm(forms.Form):
    as_of = DayField(label=_("as of"), required=False, widget=UnfoldAdminSingleDateWidget)


class PlanForm(forms.Form):
    """The decision and the lines: one row per programme and capital source."""

    decision_number = forms.CharField(
        label=_("decision number"), max_length=100, widget=UnfoldAdminTextInputWidget
    )
    decision_date = DayField(label=_("decision date"), widget=UnfoldAdminSingleDateWidget)
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=4000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}),
    )

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is not None:
            self.fields["office"] = IdChoiceField(
                label=_("office"), queryset=offices, widget=UnfoldAdminSelectWidget
            )
            self.fields["year"] = WholeNumberField(label=_("year"), min_value=2000, max_value=2100)
        programmes = Programme.objects.order_by("code")
        sources = CapitalSource.objects.order_by("code")
        for i in range(LINES):
            self.fields[f"programme_{i}"] = IdChoiceField(
                label=_("programme"),
                queryset=programmes,
                required=False,
                widget=UnfoldAdminSelectWidget,
            )
            self.fields[f"source_{i}"] = IdChoiceField(
                label=_("capital source"),
                queryset=sources,
                required=False,
                widget=UnfoldAdminSelectWidget,
            )
            self.fields[f"lending_{i}"] = VndField(label=_("lending (đồng)"), required=False)
            self.fields[f"collection_{i}"] = VndField(label=_("collection (đồng)"), required=False)
            self.fields[f"growth_{i}"] = _growth(_("growth of outstanding (đồng)"))

    def head_fields(self):
        names = ["office", "year", "decision_number", "decision_date", "note"]
        return [self[n] for n in names if n in self.fields]

    def line_rows(self):
        return [
            [self[f"{name}_{i}"] for name in ("programme", "source", *MEASURES)]
            for i in range(LINES)
        ]

    def clean(self):
        data = super().clean()
        lines = []
        for i in range(LINES):
            programme, source = data.get(f"programme_{i}"), data.get(f"source_{i}")
            figures = [data.get(f"{m}_{i}") for m in ("lending", "collection", "growth")]
            if programme is None and source is None and not any(figures):
                continue
            if programme is None or source is None:
                self.add_error(
                    f"programme_{i}" if programme is None else f"source_{i}",
                    _("A line with figures needs its programme and its capital source."),
                )
                continue
            lines.append((programme, source, Amounts(*(f or 0 for f in figures))))
        data["lines"] = lines
        return data

    @staticmethod
    def initial_lines(version) -> dict:
        out = {}
        for i, line in enumerate(version.lines.order_by("programme__code", "source__code")):
            out |= {
                f"programme_{i}": line.programme_id,
                f"source_{i}": line.source_id,
                f"lending_{i}": line.lending,
                f"collection_{i}": line.collection,
                f"growth_{i}": line.growth,
            }
        return out


class AllocationForm(forms.Form):
    """One target's share of each line of the version in force."""

    valid_from = DayField(label=_("in force from"), widget=UnfoldAdminSingleDateWidget)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            key = f"{line.programme_id}_{line.source_id}"
            self.fields[f"lending_{key}"] = VndField(label=_("lending (đồng)"), required=False)
            self.fields[f"collection_{key}"] = VndField(
                label=_("collection (đồng)"), required=False
            )
            self.fields[f"growth_{key}"] = _growth(_("growth of outstanding (đồng)"))

    def line_rows(self):
        return [
            (
                line,
                [
                    self[f"{m}_{line.programme_id}_{line.source_id}"]
                    for m in ("lending", "collection", "growth")
                ],
            )
            for line in self.lines
        ]

    def amounts(self) -> dict:
        data = self.cleaned_data
        out = {}
        for line in self.lines:
            key = f"{line.programme_id}_{line.source_id}"
            out[(line.programme_id, line.source_id)] = Amounts(
                *(data.get(f"{m}_{key}") or 0 for m in ("lending", "collection", "growth"))
            )
        return out
