import datetime
import json
import re
from decimal import Decimal, InvalidOperation

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
from policycredit.common import dates
from policycredit.common.forms import DayField, VndField, WholeNumberField, shown
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.money import MAX_VND, format_vnd
from policycredit.domain.scenario import ScenarioError
from policycredit.loans.errors import as_validation_error
from policycredit.network.models import SavingsGroup
from policycredit.programmes.models import Programme

DATE = UnfoldAdminSingleDateWidget
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
COUNT = UnfoldAdminIntegerFieldWidget
# No programme lends for longer than 25 years (housing); 30 leaves room without letting a typo
# (1200 for 120) through.
LONGEST_TERM_MONTHS = 360
# Jobs a loan creates or keeps: a household or a small establishment, never thousands.
MOST_JOBS = 10_000


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
    amount = VndField(label=_("amount requested (đồng)"), min_value=1)
    term_months = WholeNumberField(
        label=_("term (months)"), widget=COUNT, min_value=1, max_value=LONGEST_TERM_MONTHS
    )
    purpose = forms.CharField(label=_("purpose and plan of use"), widget=UnfoldAdminTextareaWidget)
    applied_on = DayField(label=_("date of application"), widget=DATE)
    collateral = forms.CharField(
        label=_("collateral"), required=False, widget=UnfoldAdminTextInputWidget
    )
    business = forms.BooleanField(label=_("production or business establishment"), required=False)
    jobs_new_planned = WholeNumberField(
        label=_("new jobs planned"), min_value=0, max_value=MOST_JOBS, initial=0, widget=COUNT
    )
    jobs_maintained_planned = WholeNumberField(
        label=_("jobs maintained planned"),
        min_value=0,
        max_value=MOST_JOBS,
        initial=0,
        widget=COUNT,
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
    on = DayField(label=_("date"), widget=DATE)
    note = forms.CharField(
        label=_("note / reason"), required=False, widget=UnfoldAdminTextareaWidget
    )


class DisburseForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("capital source"), queryset=None, widget=UnfoldAdminSelectWidget
    )
    on = DayField(label=_("disbursement date"), widget=DATE)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["source"].queryset = CapitalSource.objects.filter(
            decisions__programmes=application.programme, decisions__office=application.office
        ).distinct()


# The calculator's bounds, checked before the engine runs: a rate of 1e999999 took it 78 s to
# fail. A rate may be nil (the 2020 wage loans were), never negative; the Civil Code (art. 468)
# caps a contract's interest at 20 %/year, 1.67 %/month, and no policy programme lends at even
# 1 %: 2 %/month leaves room for any real question.
HIGHEST_MONTHLY_RATE = Decimal(2)
# The overdue rate is 130 % of the contract's by the bank's rules; twice is the most asked.
HIGHEST_OVERDUE_FACTOR = Decimal(2)
MOST_ITEMS = 1_000  # disbursements, instalments, payments … of one loan: monthly for 80 years
LONGEST_SCENARIO = 200_000  # characters of JSON: a thousand items each of every kind


def _scenario_problem(data: dict) -> str | None:
    """Why a scenario is too big to compute, or None; the engine's own checks come after."""
    if not isinstance(data, dict):
        return None  # the engine's reader names what is malformed
    for key, highest in (
        ("rate_monthly_percent", HIGHEST_MONTHLY_RATE),
        ("overdue_factor", HIGHEST_OVERDUE_FACTOR),
    ):
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            continue
        try:
            number = Decimal(str(value).strip()[:40])
        except InvalidOperation:
            continue
        if number.is_finite() and not 0 <= number <= highest:
            return _("%(key)s: %(value)s is outside 0 … %(highest)s.") % {
                "key": key,
                "value": shown(value),
                "highest": highest,
            }
        if not number.is_finite() or len(str(value)) > 40:
            return _("%(key)s: “%(value)s” is not a rate.") % {"key": key, "value": shown(value)}
    return _items_problem(data)


def _items_problem(data) -> str | None:
    """Amounts within money's bounds, dates within the accepted range, lists of a sane
    length, anywhere in the scenario."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            if len(value) > MOST_ITEMS:
                return _("A list of the scenario has more than %(n)s items.") % {"n": MOST_ITEMS}
            stack.extend(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > MAX_VND:
                return _("%(value)s is more than the largest amount accepted (%(max)s).") % {
                    "value": shown(value),
                    "max": format_vnd(MAX_VND),
                }
        elif isinstance(value, str) and DAY.fullmatch(value):
            try:
                where = dates.out_of_range(datetime.date.fromisoformat(value))
            except ValueError:
                continue  # the engine's reader says it is not a date
            if where:
                return _("%(day)s is outside %(first)s … %(last)s.") % {
                    "day": value,
                    "first": f"{dates.EARLIEST_DAY:%d/%m/%Y}",
                    "last": f"{dates.latest_day():%d/%m/%Y}",
                }
    return None


# What is wrong with a scenario, by the domain's `ScenarioError.problem`: the domain writes the
# `policycredit calc` command's English line; a screen says it in the reader's language.
SCENARIO_PROBLEMS = {
    ScenarioError.NOT_JSON: _(
        "The scenario is not valid JSON: look at line %(line)s, column %(column)s."
    ),
    ScenarioError.NOT_A_SCENARIO: _(
        "The scenario must be a JSON object, {…} with its keys, as in the example."
    ),
    ScenarioError.NOT_AN_OBJECT: _("In the scenario, %(where)s must be an object ({…})."),
    ScenarioError.NOT_A_LIST: _("In the scenario, %(where)s must be a list ([…])."),
    ScenarioError.MISSING_KEY: _("In the scenario, %(where)s lacks the key “%(key)s”."),
    ScenarioError.UNKNOWN_KEY: _("In the scenario, %(where)s has an unknown key %(key)s."),
    ScenarioError.NOT_A_DATE: _(
        "In the scenario, %(where)s: %(value)s is not a date: write it as YYYY-MM-DD."
    ),
    ScenarioError.NOT_AN_AMOUNT: _(
        "In the scenario, %(where)s: %(value)s is not an amount: write a whole number of "
        "đồng without quotes or dots, for example 50000000."
    ),
    ScenarioError.FLOAT_RATE: _(
        'In the scenario, %(where)s: write the rate in quotes, for example "0.55".'
    ),
    ScenarioError.NOT_A_DECIMAL: _(
        'In the scenario, %(where)s: %(value)s is not a number: write it as, for example, "0.55".'
    ),
    ScenarioError.NOT_A_NUMBER: _("In the scenario, %(value)s is not a number."),
    ScenarioError.BAD_DAY_BASIS: _(
        "In the scenario, day_basis is %(value)s: it must be 30 or 365."
    ),
}

# The same, of the scenario's own keys: "the scenario", not "in the scenario, scenario".
SCENARIO_KEY_PROBLEMS = {
    ScenarioError.MISSING_KEY: _("The scenario lacks the key “%(key)s”."),
    ScenarioError.UNKNOWN_KEY: _("The scenario has an unknown key %(key)s."),
}


def scenario_refusal(error: LoanRuleError) -> str:
    """The domain's refusal of a scenario in the reader's language; the broken rules of a
    well-formed one as the loan screens say them."""
    problem = getattr(error, "problem", None)
    template = SCENARIO_PROBLEMS.get(problem)
    if template is not None:
        if error.params.get("where") == "scenario":
            template = SCENARIO_KEY_PROBLEMS.get(problem, template)
        return template % {k: shown(v) for k, v in error.params.items()}
    if error.code == LoanRuleError.BAD_SCENARIO:
        return str(_("The scenario cannot be read: compare it with the example."))
    return as_validation_error(error).messages[0]


class CalculatorForm(forms.Form):
    scenario = forms.CharField(
        label=_("scenario (JSON)"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 18}),
        max_length=LONGEST_SCENARIO,
    )

    def clean_scenario(self):
        """The scenario's text, once its numbers are within bounds; `self.data_read` its JSON
        (decimals read exactly, as `policycredit calc` reads them)."""
        text = self.cleaned_data["scenario"]
        try:
            self.data_read = json.loads(text, parse_float=Decimal)
        except ValueError:  # not JSON, or an integer of thousands of digits
            self.data_read = None
            return text  # the engine's reader names the line and column
        problem = _scenario_problem(self.data_read)
        if problem:
            raise forms.ValidationError(problem, code="out_of_bounds")
        return text


class AsOfForm(forms.Form):
    as_of = DayField(label=_("as of"), widget=DATE, required=False)


class RepaymentForm(forms.Form):
    """A repayment at the counter: "1.000" is a thousand đồng here as on the transaction day."""

    on = DayField(label=_("date"), widget=DATE)
    principal = VndField(label=_("principal"), min_value=0, initial=0)
    interest = VndField(label=_("interest"), min_value=0, initial=0)


class JobsForm(forms.Form):
    new = WholeNumberField(
        label=_("new jobs verified"), min_value=0, max_value=MOST_JOBS, widget=COUNT
    )
    maintained = WholeNumberField(
        label=_("jobs maintained verified"), min_value=0, max_value=MOST_JOBS, widget=COUNT
    )
