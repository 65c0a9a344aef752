"""The loan life on screen: borrower page, application, steps, disbursement, loan, calculator.

Views are thin: they read through selectors (scoped to the user, so another area's record is a
404) and write through services; a service's ValidationError is shown on the form.
"""

import datetime
import json
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.accounts.models import Proposal
from policycredit.accounts.policy import Refused
from policycredit.accounts.roles import can_act, require_action
from policycredit.borrowers.selectors import households_for
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_from_html
from policycredit.common.selectors import business_date
from policycredit.domain.loan import LoanRuleError
from policycredit.domain.money import format_vnd
from policycredit.domain.scenario import WORKED_EXAMPLE, read_scenario_text
from policycredit.loans import forms, selectors, services
from policycredit.loans.errors import as_validation_error
from policycredit.loans.models import ApplicationStatus as S
from policycredit.programmes.selectors import programmes_for

NEXT_STEP = {
    S.SUBMITTED: S.REVIEWED,
    S.REVIEWED: S.APPRAISED,
    S.APPRAISED: S.CONFIRMED,
    S.CONFIRMED: S.APPROVED,
}


class BorrowerView(SignedInView):
    def get(self, request, household_id):
        household = get_object_or_404(households_for(request.user), pk=household_id)
        loans = selectors.loans_for(request.user).filter(household=household)
        applications = selectors.applications_for(request.user).filter(household=household)
        return page(
            request,
            "loans/borrower.html",
            {
                "household": household,
                "members": household.members.all(),
                "poverty": household.poverty_records.order_by("-year"),
                "memberships": household.memberships.select_related("group").order_by("-joined"),
                "loans": loans,
                "applications": applications,
                "can_apply": can_act(request.user, "application.submit"),
            },
            title=str(household),
        )


class ApplyView(SignedInView):
    def _household(self, request, household_id):
        require_action(request.user, "application.submit")
        return get_object_or_404(households_for(request.user), pk=household_id)

    def get(self, request, household_id):
        household = self._household(request, household_id)
        form = forms.ApplicationForm(household=household, initial={"applied_on": business_date()})
        return self._render(request, household, form)

    def post(self, request, household_id):
        household = self._household(request, household_id)
        form = forms.ApplicationForm(request.POST, household=household)
        if form.is_valid():
            try:
                application = services.submit_application(
                    actor=request.user, household=household, **form.cleaned_data
                )
            except Refused as refusal:
                errors_to_form(form, refusal.as_validation_error())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request, _("Application %(n)s submitted.") % {"n": application.number}
                )
                return redirect("loans:application", application.pk)
        return self._render(request, household, form)

    def _render(self, request, household, form):
        return page(
            request,
            "loans/form.html",
            {"form": form, "household": household, "submit": _("Submit application (01/TD)")},
            title=_("Loan application (01/TD) for %(household)s") % {"household": household},
        )


class ApplicationView(SignedInView):
    def _application(self, request, pk):
        return get_object_or_404(selectors.applications_for(request.user), pk=pk)

    def get(self, request, pk):
        application = self._application(request, pk)
        return self._render(request, application)

    def post(self, request, pk):
        application = self._application(request, pk)
        action = request.POST.get("action")
        if action == "disburse":
            return self._disburse(request, application)
        if action not in {"next", S.REJECTED}:
            raise Http404
        to = NEXT_STEP.get(application.status) if action == "next" else S.REJECTED
        if to is None:
            raise Http404
        require_action(request.user, f"application.{to}")
        form = forms.StepForm(request.POST)
        if form.is_valid():
            try:
                result = services.advance_application(
                    actor=request.user, application=application, to=to, **form.cleaned_data
                )
            except Refused as refusal:
                errors_to_form(form, refusal.as_validation_error())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                _if_proposed(request, result)
                return redirect("loans:application", application.pk)
        return self._render(request, application, step_form=form)

    def _disburse(self, request, application):
        require_action(request.user, "loan.disburse")
        form = forms.DisburseForm(request.POST, application=application)
        if form.is_valid():
            try:
                loan = services.disburse(
                    actor=request.user,
                    application=application,
                    idempotency_key=request.POST.get("idempotency_key") or None,
                    **form.cleaned_data,
                )
            except Refused as refusal:
                errors_to_form(form, refusal.as_validation_error())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                if _if_proposed(request, loan):
                    return redirect("loans:application", application.pk)
                messages.success(request, _("Loan %(n)s disbursed.") % {"n": loan.number})
                return redirect("loans:loan", loan.pk)
        return self._render(request, application, disburse_form=form)

    def _render(self, request, application, step_form=None, disburse_form=None):
        user = request.user
        to = NEXT_STEP.get(application.status)
        today = {"on": business_date()}
        return page(
            request,
            "loans/application.html",
            {
                "application": application,
                "steps": application.steps.select_related("actor"),
                "next_step": S(to).label if to else None,
                "can_next": bool(to) and can_act(user, f"application.{to}"),
                "can_reject": application.status
                in {S.SUBMITTED, S.REVIEWED, S.APPRAISED, S.CONFIRMED}
                and can_act(user, "application.rejected"),
                "step_form": step_form or forms.StepForm(initial=today),
                "can_disburse": application.status == S.APPROVED and can_act(user, "loan.disburse"),
                "disburse_form": disburse_form
                or forms.DisburseForm(application=application, initial=today),
            },
            title=_("Application %(n)s") % {"n": application.number},
        )


class NoticeView(SignedInView):
    """Notice 04/TD of approval (or rejection), to print or save as PDF."""

    def get(self, request, pk):
        application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
        if application.status not in {S.APPROVED, S.DISBURSED, S.REJECTED}:
            raise Http404
        response = page(
            request,
            "loans/notice_04td.html",
            {"application": application, "decided_on": _decided_on(application)},
            title=_("Notice 04/TD"),
        )
        if address.file_format(request, "pdf") != "pdf":
            return response
        html = response.render().content.decode()
        return pdf_from_html(request, html, f"04TD-{application.number}")


def _if_proposed(request, result) -> bool:
    """A step beyond the person's limit waits for a second person: say so."""
    if isinstance(result, Proposal):
        messages.info(
            request,
            _("This needs a second person: it waits on the approvals page and is not done yet."),
        )
        return True
    return False


def _decided_on(application):
    decision = application.steps.filter(status__in=[S.APPROVED, S.REJECTED]).last()
    return decision.on if decision else None


class LoanView(SignedInView):
    def post(self, request, pk):
        """Money at the counter outside a transaction day, or the jobs found at the check."""
        loan = get_object_or_404(selectors.loans_for(request.user), pk=pk)
        if request.POST.get("action") == "reverse":
            require_action(request.user, "loan.reverse")
            original = get_object_or_404(loan.transactions, pk=request.POST.get("transaction"))
            try:
                result = services.reverse(
                    actor=request.user,
                    transaction_to_reverse=original,
                    reason=request.POST.get("reason", ""),
                )
            except Refused as refusal:
                messages.error(request, refusal.message)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                if not _if_proposed(request, result):
                    messages.success(request, _("Transaction reversed."))
            return redirect("loans:loan", loan.pk)
        if request.POST.get("action") == "jobs":
            require_action(request.user, "loan.jobs")
            form = forms.JobsForm(request.POST)
            if form.is_valid():
                services.record_verified_jobs(
                    actor=request.user,
                    loan=loan,
                    new=form.cleaned_data["new"],
                    maintained=form.cleaned_data["maintained"],
                )
                return redirect("loans:loan", loan.pk)
            return self.get(request, pk, jobs_form=form)
        require_action(request.user, "loan.repay")
        form = forms.RepaymentForm(request.POST)
        if form.is_valid():
            try:
                result = services.repay(
                    actor=request.user,
                    loan=loan,
                    idempotency_key=request.POST.get("idempotency_key") or None,
                    **form.cleaned_data,
                )
            except Refused as refusal:
                errors_to_form(form, refusal.as_validation_error())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                if not _if_proposed(request, result):
                    messages.success(request, _("Repayment recorded."))
                return redirect("loans:loan", loan.pk)
        return self.get(request, pk, repay_form=form)

    def get(self, request, pk, repay_form=None, jobs_form=None):

        loan = get_object_or_404(selectors.loans_for(request.user), pk=pk)
        form = forms.AsOfForm(request.GET or None)
        as_of = address.read(form).get("as_of") or business_date()
        if not form.is_bound:
            form = forms.AsOfForm(initial={"as_of": as_of})
        state = None
        try:
            state = selectors.loan_state(loan, as_of)
        except LoanRuleError as error:
            messages.error(request, as_validation_error(error).messages[0])
        return page(
            request,
            "loans/loan.html",
            {
                "loan": loan,
                "state": state,
                "as_of": as_of,
                "form": form,
                "instalments": loan.instalments.all(),
                "transactions": loan.transactions.select_related("actor", "reverses"),
                "calc_command": f"policycredit calc --loan {loan.number} --as-of {as_of:%Y-%m-%d}",
                "can_repay": can_act(request.user, "loan.repay")
                and loan.status not in ("settled", "written_off"),
                "repay_form": repay_form
                or forms.RepaymentForm(
                    initial={"on": as_of, "interest": state.interest_due if state else 0}
                ),
                "idempotency_key": uuid.uuid4().hex,
                "can_reverse": can_act(request.user, "loan.reverse"),
                "reversed_ids": set(
                    loan.transactions.exclude(reverses=None).values_list("reverses_id", flat=True)
                ),
                # The measures card offers what the role may do: the services refuse the rest.
                "can_see_risk": can_act(request.user, "risk.view"),
                "can_open_risk": can_act(request.user, "risk.open"),
                "can_propose": can_act(request.user, "risk.propose")
                and loan.status not in ("settled", "written_off"),
                "can_check_use": can_act(request.user, "inspections.check"),
                "can_record_jobs": loan.programme.records_jobs
                and can_act(request.user, "loan.jobs"),
                "jobs_form": jobs_form
                or forms.JobsForm(
                    initial={
                        "new": loan.jobs_new_planned,
                        "maintained": loan.jobs_maintained_planned,
                    }
                ),
            },
            title=_("Loan %(n)s") % {"n": loan.number},
        )


EXAMPLE = WORKED_EXAMPLE
# The programme the worked example's rate is the rate of: poor households, 0.55 %/month.
EXAMPLE_PROGRAMME = "HN"


def _example(programmes) -> forms.Calculator:
    """The worked example as the form's first rows, typed as a person would type them."""
    day = datetime.date.fromisoformat
    programme = programmes.filter(code=EXAMPLE_PROGRAMME).values_list("pk", flat=True).first()
    return forms.Calculator(
        programmes=programmes,
        initial={
            "programme": programme,
            "amount": format_vnd(EXAMPLE["disbursements"][0]["amount"], unit=""),
            "disbursed_on": f"{day(EXAMPLE['disbursements'][0]['date']):%d/%m/%Y}",
            "as_of": f"{day(EXAMPLE['as_of']):%d/%m/%Y}",
        },
        instalments=[
            {"due": f"{day(i['due']):%d/%m/%Y}", "principal": format_vnd(i["principal"], unit="")}
            for i in EXAMPLE["instalments"]
        ],
        payments=[
            {
                "on": f"{day(p['date']):%d/%m/%Y}",
                "principal": format_vnd(p["principal"], unit=""),
                "interest": format_vnd(p["interest"], unit=""),
            }
            for p in EXAMPLE["payments"]
        ],
    )


def _posted_rows(rows, names) -> list[dict]:
    """What was typed in a table of rows, as it was typed, blank rows left out."""
    typed = [{name: row[name].value() for name in names} for row in rows.forms]
    return [row for row in typed if any(str(v or "").strip() for v in row.values())]


class CalculatorView(SignedInView):
    """A hypothetical loan on the same engine as every real one: typed as a form with rows of
    instalments and payments, or pasted as the console's JSON scenario; the form's scenario
    can be downloaded for the console (`policycredit calc`)."""

    def get(self, request):
        return self._render(request, _example(programmes_for(request.user)))

    def post(self, request):
        if "scenario" in request.POST:
            return self._scenario(request)
        calculator = forms.Calculator(request.POST, programmes=programmes_for(request.user))
        action = request.POST.get("action")
        if action == "spread":
            return self._spread(request, calculator)
        if action == "more":
            return self._more_rows(request, calculator)
        if not calculator.is_valid():
            return self._render(request, calculator)
        if action == "json":
            reply = JsonResponse(calculator.scenario, json_dumps_params={"indent": 2})
            reply["Content-Disposition"] = 'attachment; filename="scenario.json"'
            return reply
        return self._render(request, calculator, state=calculator.state)

    def _spread(self, request, calculator):
        form = calculator.form
        form.is_valid()  # the spread needs only the amount and dates, whatever else is wrong
        refusal = form.spread_refusal()
        if refusal:
            form.add_error(None, ValidationError(refusal, code="cannot_spread"))
            return self._render(request, calculator)
        rows = [
            {"due": f"{i.due:%d/%m/%Y}", "principal": format_vnd(i.principal, unit="")}
            for i in form.spread()
        ]
        calculator.instalments = forms.InstalmentRows(prefix="instalment", initial=rows)
        return self._render(request, calculator)

    def _more_rows(self, request, calculator):
        calculator.instalments = forms.InstalmentRows(
            prefix="instalment",
            initial=_posted_rows(calculator.instalments, ["due", "principal"]),
        )
        calculator.payments = forms.PaymentRows(
            prefix="payment",
            initial=_posted_rows(calculator.payments, ["on", "principal", "interest"]),
        )
        return self._render(request, calculator)

    def _scenario(self, request):
        scenario_form = forms.ScenarioForm(request.POST)
        state, error = None, None
        if scenario_form.is_valid():
            try:
                state = read_scenario_text(scenario_form.cleaned_data["scenario"])
            except LoanRuleError as refusal:
                error = forms.scenario_refusal(refusal)
        calculator = _example(programmes_for(request.user))
        return self._render(
            request, calculator, state=state, error=error, scenario_form=scenario_form
        )

    def _render(self, request, calculator, *, state=None, error=None, scenario_form=None):
        return page(
            request,
            "loans/calculator.html",
            {
                "calculator": calculator,
                "form": calculator.form,
                "scenario_form": scenario_form
                or forms.ScenarioForm(initial={"scenario": json.dumps(EXAMPLE, indent=2)}),
                "state": state,
                "error": error,
            },
            title=_("Interest calculator"),
        )


def borrower_url(household) -> str:
    return reverse("loans:borrower", args=[household.pk])
