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
from policycredit.common.forms import DayField, IdChoiceField, VndField, WholeNumberField, shown
from policycredit.domain.dates import add_months
from policycredit.domain.errors import LoanRuleError
from policycredit.domain.history import Instalment
from policycredit.domain.money import MAX_VND, format_vnd
from policycredit.domain.scenario import ScenarioError, decimal_text, read_scenario_text
from policycredit.domain.schedule import equal_instalments
from policycredit.loans.errors import as_validation_error
from policycredit.network.models import SavingsGroup
from policycredit.programmes.models import Programme
from policycredit.programmes.selectors import terms_in_force

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


class ScenarioForm(forms.Form):
    """A scenario as the console takes it (`policycredit calc`), pasted on the calculator page
    so that a file someone was handed can be checked on screen."""

    scenario = forms.CharField(
        label=_("scenario (JSON)"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 12}),
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


# ------------------------------------------------------------------ the calculator's form

# Rows a person types: monthly for 30 years. A longer history goes through a JSON scenario.
MOST_ROWS = LONGEST_TERM_MONTHS
EMPTY_ROWS = 3  # offered below what was typed, so the page works without its script


def _row_day_input():
    # A plain box: the admin's calendar widget makes each row too wide for the page.
    return UnfoldAdminTextInputWidget(
        attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", "size": 10}
    )


class RateField(forms.DecimalField):
    """% per month as people write it, "0,55" or "0.55"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class InstalmentRow(forms.Form):
    due = DayField(label=_("due date"), widget=_row_day_input())
    principal = VndField(label=_("principal"), min_value=1)


class PaymentRow(forms.Form):
    on = DayField(label=_("date"), widget=_row_day_input())
    principal = VndField(label=_("principal"), min_value=0, required=False)
    interest = VndField(label=_("interest"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("principal") or data.get("interest")):
            raise forms.ValidationError(
                _("Type the principal or the interest paid."), code="no_amount"
            )
        return data


class _Rows(forms.BaseFormSet):
    """Rows a person types and may leave blank: every posted row may be empty, also those
    the page offered filled in (the worked example, a spread), so clearing one drops it."""

    def initial_form_count(self):
        return 0 if self.is_bound else super().initial_form_count()


def _rows(form):
    return forms.formset_factory(
        form,
        formset=_Rows,
        extra=EMPTY_ROWS,
        max_num=MOST_ROWS,
        absolute_max=MOST_ROWS,
        validate_max=True,
    )


InstalmentRows = _rows(InstalmentRow)
PaymentRows = _rows(PaymentRow)


class CalculatorForm(forms.Form):
    """A hypothetical loan: the programme gives its terms on the disbursement date."""

    programme = IdChoiceField(
        label=_("programme"), queryset=Programme.objects.none(), widget=UnfoldAdminSelectWidget
    )
    rate = RateField(
        label=_("rate (% per month), if not the programme's"),
        required=False,
        min_value=0,
        max_value=HIGHEST_MONTHLY_RATE,
        max_digits=7,
        decimal_places=4,
        widget=UnfoldAdminTextInputWidget(attrs={"inputmode": "decimal"}),
    )
    amount = VndField(label=_("amount disbursed (đồng)"), min_value=1)
    disbursed_on = DayField(label=_("disbursement date"), widget=DATE)
    as_of = DayField(label=_("compute to (as of)"), widget=DATE)
    spread_count = WholeNumberField(
        label=_("spread evenly over (instalments)"),
        min_value=1,
        max_value=MOST_ROWS,
        required=False,
        widget=COUNT,
    )
    spread_months = WholeNumberField(
        label=_("months between instalments"),
        min_value=1,
        max_value=LONGEST_TERM_MONTHS,
        initial=12,
        required=False,
        widget=COUNT,
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.terms = None

    def clean(self):
        data = super().clean()
        programme, on, as_of = data.get("programme"), data.get("disbursed_on"), data.get("as_of")
        if programme and on:
            self.terms = terms_in_force(programme, on)
            if self.terms is None:
                self.add_error(
                    "programme",
                    forms.ValidationError(
                        _("The programme has no terms in force on %(day)s.")
                        % {"day": f"{on:%d/%m/%Y}"},
                        code="no_terms",
                    ),
                )
        if on and as_of and as_of < on:
            self.add_error(
                "as_of",
                forms.ValidationError(
                    _("Compute to a day on or after the disbursement (%(day)s).")
                    % {"day": f"{on:%d/%m/%Y}"},
                    code="before_disbursement",
                ),
            )
        return data

    def spread(self) -> tuple[Instalment, ...]:
        """The amount in equal instalments, the first one period after the disbursement."""
        data = self.cleaned_data
        months = data.get("spread_months") or 12
        return equal_instalments(
            data["amount"], add_months(data["disbursed_on"], months), data["spread_count"], months
        )

    def spread_refusal(self) -> str | None:
        """Why the spread cannot be made from what is typed, or None."""
        data = getattr(self, "cleaned_data", {})
        if not (data.get("amount") and data.get("disbursed_on")):
            return str(_("Type the amount and the disbursement date first."))
        if not data.get("spread_count"):
            return str(_("Type the number of instalments to spread the amount over."))
        if data["spread_count"] > data["amount"]:
            return str(_("The amount cannot be split into that many instalments."))
        return None


class Calculator:
    """The calculator page's form and its two tables of rows, read into one scenario of
    `policycredit calc` (so the page and the console compute through the same reader and
    engine). Every refusal names its row; `problems` lists them for the top of the page."""

    def __init__(self, data=None, *, programmes, initial=None, instalments=None, payments=None):
        self.form = CalculatorForm(data, programmes=programmes, initial=initial)
        self.instalments = InstalmentRows(data, prefix="instalment", initial=instalments)
        self.payments = PaymentRows(data, prefix="payment", initial=payments)
        self.problems: list[forms.ValidationError] = []
        self.scenario: dict | None = None
        self.state = None  # the engine's answer, once the scenario is taken

    def is_valid(self) -> bool:
        valid = [x.is_valid() for x in (self.form, self.instalments, self.payments)]
        self._name_row_problems()
        if not all(valid):
            return False
        scenario = self._scenario()
        if scenario is not None:
            self.scenario = self._checked(scenario)
        return self.scenario is not None

    def _refuse(self, message, code, row=None) -> None:
        error = forms.ValidationError(message, code=code)
        if row is not None:
            row.add_error(None, error)
        self.problems.append(error)

    def _name_row_problems(self) -> None:
        for rows, what in ((self.instalments, _("Instalment")), (self.payments, _("Payment"))):
            for error in rows.non_form_errors().as_data():
                self.problems.append(error)
            for number, row in enumerate(rows.forms, 1):
                for errors in row.errors.as_data().values():
                    for error in errors:
                        self.problems.append(_row_error(what, number, error))

    def typed(self, rows) -> list[tuple[int, forms.Form]]:
        return [
            (n, row)
            for n, row in enumerate(rows.forms, 1)
            if row.has_changed() and row.cleaned_data
        ]

    def _scenario(self) -> dict | None:
        data, terms = self.form.cleaned_data, self.form.terms
        on, as_of = data["disbursed_on"], data["as_of"]
        instalments = []
        for number, row in self.typed(self.instalments):
            due = row.cleaned_data["due"]
            if due <= on:
                self._refuse(
                    _row_text(
                        _("Instalment"), number, _("the due date must come after the disbursement.")
                    ),
                    "due_before_disbursement",
                    row,
                )
            instalments.append(Instalment(due, row.cleaned_data["principal"]))
        if not instalments:
            refusal = self.form.spread_refusal() if data.get("spread_count") else None
            if data.get("spread_count") and refusal is None:
                instalments = list(self.form.spread())
            else:
                self._refuse(
                    refusal
                    or _("Type the instalments, or a number of instalments to spread over."),
                    "no_instalments",
                )
        scheduled = sum(i.principal for i in instalments)
        if scheduled > data["amount"]:
            self._refuse(
                _("The instalments add up to %(scheduled)s, more than the %(amount)s disbursed.")
                % {"scheduled": format_vnd(scheduled), "amount": format_vnd(data["amount"])},
                "schedule_mismatch",
            )
        payments = []
        for number, row in self.typed(self.payments):
            day = row.cleaned_data["on"]
            if day < on:
                self._refuse(
                    _row_text(_("Payment"), number, _("it is before the disbursement.")),
                    "before_disbursement",
                    row,
                )
            elif day > as_of:
                self._refuse(
                    _row_text(_("Payment"), number, _("it is after the day computed to.")),
                    "after_as_of",
                    row,
                )
            payments.append((number, row))
        if self.problems:
            return None
        rate = data.get("rate")
        return {
            "description": f"{data['programme'].code}: {data['programme'].name}",
            "rate_monthly_percent": decimal_text(terms.monthly_rate if rate is None else rate),
            "overdue_factor": decimal_text(terms.overdue_factor),
            "day_basis": terms.day_basis,
            "disbursements": [{"date": on.isoformat(), "amount": data["amount"]}],
            "instalments": [
                {"due": i.due.isoformat(), "principal": i.principal} for i in instalments
            ],
            "payments": [
                {
                    "date": row.cleaned_data["on"].isoformat(),
                    "principal": row.cleaned_data.get("principal") or 0,
                    "interest": row.cleaned_data.get("interest") or 0,
                    "_row": number,
                }
                for number, row in sorted(payments, key=lambda p: p[1].cleaned_data["on"])
            ],
            "as_of": as_of.isoformat(),
        }

    def _checked(self, scenario: dict) -> dict | None:
        """The scenario without its row numbers if the engine takes it; else None, with the
        first payment row that breaks a rule named (found by halving: each try replays)."""
        rows = [p.pop("_row") for p in scenario["payments"]]
        try:
            self.state = run_scenario(scenario)
            return scenario
        except LoanRuleError as error:
            refusal = error
        low, high = 0, len(rows)  # the first `high` payments break a rule, the first `low` not
        try:
            run_scenario({**scenario, "payments": []})
        except LoanRuleError:
            high = 0
        while high and high - low > 1:
            middle = (low + high) // 2
            try:
                run_scenario({**scenario, "payments": scenario["payments"][:middle]})
                low = middle
            except LoanRuleError as error:
                high, refusal = middle, error
        problem = scenario_refusal(refusal)
        if high:
            number = rows[high - 1]
            row = self.payments.forms[number - 1]
            self._refuse(_row_text(_("Payment"), number, problem), refusal.code, row)
        else:
            self._refuse(problem, refusal.code)
        return None


def run_scenario(scenario: dict):
    """The engine's state for a scenario, read as `policycredit calc` reads its file."""
    return read_scenario_text(json.dumps(scenario))


def _row_text(what, number: int, problem) -> str:
    return _("%(what)s row %(row)s: %(problem)s") % {
        "what": what,
        "row": number,
        "problem": problem,
    }


def _row_error(what, number: int, error: forms.ValidationError) -> forms.ValidationError:
    text = " ".join(str(m) for m in error.messages)
    return forms.ValidationError(_row_text(what, number, text), code=error.code)


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
