"""The local budget capital on screen: plans by year (plan vs actual), a plan's page with its
decision, transfers and recalls, the forms of each act, the statement to the government (PDF,
Excel), the interest's use and the hand-overs. Reads through the scoped selectors (another
area's record is a 404), writes through the services, whose refusals show on the form."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal
from policycredit.accounts.roles import can_act, require_action
from policycredit.budgets import exports, selectors, services
from policycredit.budgets.forms import (
    DecisionForm,
    HandoverForm,
    InterestForm,
    PlanForm,
    RecallForm,
    StatementForm,
    TransferForm,
    YearForm,
)
from policycredit.budgets.models import BudgetPlan
from policycredit.capital.models import CapitalSource, SourceLevel
from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date

FORM = "budgets/form.html"


def _year(request) -> int:
    asked = address.read(YearForm(request.GET)).get("year")
    return asked or selectors.year_to_open(request.user, business_date())


class PlansView(SignedInView):
    def get(self, request):
        require_action(request.user, "budgets.view")
        year = _year(request)
        rows = selectors.year_summary(request.user, year, business_date())
        return page(
            request,
            "budgets/plans.html",
            {"year": year, "rows": rows, "can_manage": can_act(request.user, "budgets.manage")},
            title=_("Local budget capital in %(year)s: plan and actual") % {"year": year},
        )


class _FormView(SignedInView):
    """A form, and the service's answer on it."""

    title = ""

    def target(self, request, pk):
        return None

    def make_form(self, request, target, data=None):
        raise NotImplementedError

    def write(self, request, target, data):
        raise NotImplementedError

    def get(self, request, pk=None):
        require_action(request.user, "budgets.manage")
        target = self.target(request, pk)
        return self.render(request, target, self.make_form(request, target))

    def post(self, request, pk=None):
        require_action(request.user, "budgets.manage")
        target = self.target(request, pk)
        form = self.make_form(request, target, request.POST)
        if form.is_valid():
            try:
                made = self.write(request, target, form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            except policy.Refused as refused:
                # The four-eyes rule of the transfer's decision (e.g. a role that may approve
                # but not enter one): said on the form, as any refusal.
                errors_to_form(form, refused.as_validation_error())
            else:
                if isinstance(made, Proposal):
                    messages.info(
                        request,
                        _("The transfer waits for a second person's approval before it is booked."),
                    )
                    return redirect("approvals:list")
                messages.success(request, _("Recorded."))
                return redirect(self.done_url(target, made))
        return self.render(request, target, form)

    def done_url(self, target, made):
        return reverse("budgets:plan", args=[target.pk])

    def render(self, request, target, form):
        return page(request, FORM, {"form": form, "plan": target}, title=str(self.title))


def _plan(request, pk) -> BudgetPlan:
    return get_object_or_404(selectors.plans_for(request.user), pk=pk)


class PlanNewView(_FormView):
    title = _("New entrustment plan")

    def make_form(self, request, target, data=None):
        return PlanForm(
            data,
            initial={"year": business_date().year},
            sources=selectors.local_sources_for(request.user),
            offices=selectors.offices_for(request.user),
        )

    def write(self, request, target, data):
        return services.save_plan(actor=request.user, instance=BudgetPlan(**data))

    def done_url(self, target, made):
        return reverse("budgets:plan", args=[made.pk])


class PlanView(SignedInView):
    def get(self, request, pk):
        require_action(request.user, "budgets.view")
        plan = _plan(request, pk)
        transfers = selectors.transfers_for_plan(plan)
        recalls = plan.recalls.all()
        history = sorted(
            [
                (t.decision.date, _("transfer"), t.decision.number, t.decision.amount)
                for t in transfers
            ]
            + [(r.date, _("recall"), r.document, -r.amount) for r in recalls]
        )
        if plan.decision_date:
            history.insert(
                0, (plan.decision_date, _("decision"), plan.decision_number, plan.decided)
            )
        history.insert(
            0, (plan.estimate_date, _("budget estimate"), plan.estimate_document, plan.planned)
        )
        return page(
            request,
            "budgets/plan.html",
            {
                "plan": plan,
                "transfers": transfers,
                "recalls": recalls,
                "history": history,
                "transferred": selectors.transferred(plan),
                "recalled": selectors.recalled(plan),
                "pending": selectors.pending_transfers(plan),
                "can_manage": can_act(request.user, "budgets.manage"),
            },
            title=str(plan),
        )


class DecideView(_FormView):
    title = _("The People's Committee's decision")

    def target(self, request, pk):
        return _plan(request, pk)

    def make_form(self, request, plan, data=None):
        return DecisionForm(
            data,
            initial={
                "number": plan.decision_number,
                "date": plan.decision_date,
                "amount": plan.decided or plan.planned,
            },
        )

    def write(self, request, plan, data):
        return services.record_decision(actor=request.user, plan=plan, **data)


class TransferView(_FormView):
    title = _("Transfer received")

    def target(self, request, pk):
        return _plan(request, pk)

    def make_form(self, request, plan, data=None):
        return TransferForm(data, initial={"date": business_date()})

    def write(self, request, plan, data):
        return services.receive_transfer(actor=request.user, plan=plan, **data)


class RecallView(_FormView):
    title = _("Capital recalled by the budget")

    def target(self, request, pk):
        return _plan(request, pk)

    def make_form(self, request, plan, data=None):
        return RecallForm(data, initial={"date": business_date()})

    def write(self, request, plan, data):
        return services.recall(actor=request.user, plan=plan, **data)


class StatementView(SignedInView):
    def get(self, request):
        require_action(request.user, "budgets.view")
        sources = selectors.local_sources_for(request.user)
        offices = selectors.offices_for(request.user)
        read = address.read(StatementForm(request.GET, sources=sources, offices=offices))
        today = business_date()
        source = read.get("source") or sources.first()
        office = read.get("office") or offices.first()
        end = read.get("end") or today
        start = read.get("start") or datetime.date(end.year, 1, 1)
        if start > end:
            raise address.bad("start", f"{start:%d/%m/%Y}", _("the period ends before it starts."))
        context = {
            "sources": sources,
            "offices": offices,
            "source": source,
            "office": office,
            "start": start,
            "end": end,
            "today": today,
            "signers": [
                (_("Prepared by"), _("(sign, full name)"), request.user.get_full_name()),
                (_("Director"), _("(sign, seal)"), ""),
            ],
        }
        if source is not None and office is not None:
            context["st"] = selectors.statement(request.user, source, office, start, end)
            context["lines"] = exports.statement_lines(context["st"])
            wanted = address.file_format(request, "pdf", "xlsx")
            name = f"bao-cao-von-{source.code}-{start:%Y%m%d}-{end:%Y%m%d}"
            if wanted == "xlsx":
                return excel.response(exports.statement_workbook(context["st"]), f"{name}.xlsx")
            if wanted == "pdf":
                return pdf_response(request, "budgets/statement_print.html", context, name)
        return page(
            request,
            "budgets/statement.html",
            context,
            title=_("Statement to the entrusting budget"),
        )


class InterestView(_FormView):
    title = _("Interest earned on local money and its use")

    def get(self, request, pk=None):
        require_action(request.user, "budgets.view")
        form = self.make_form(request, None) if can_act(request.user, "budgets.manage") else None
        return self.render(request, None, form)

    def make_form(self, request, target, data=None):
        return InterestForm(
            data,
            sources=selectors.local_sources_for(request.user),
            offices=selectors.offices_for(request.user),
        )

    def write(self, request, target, data):
        return services.allocate_interest(actor=request.user, **data)

    def done_url(self, target, made):
        return reverse("budgets:interest")

    def render(self, request, target, form):
        rule_from, shares = selectors.rule_in_force(business_date())
        return page(
            request,
            "budgets/interest.html",
            {
                "form": form,
                "allocations": selectors.allocations_for(request.user)[:100],
                "rule_from": rule_from,
                "shares": shares,
            },
            title=str(self.title),
        )


class HandoversView(_FormView):
    title = _("Hand-over of an abolished budget's capital")

    def get(self, request, pk=None):
        require_action(request.user, "budgets.view")
        form = self.make_form(request, None) if can_act(request.user, "budgets.manage") else None
        return self.render(request, None, form)

    def make_form(self, request, target, data=None):
        sources = selectors.local_sources_for(request.user)
        return HandoverForm(
            data,
            sources=sources,
            successors=CapitalSource.objects.exclude(level=SourceLevel.CENTRAL),
            offices=selectors.offices_for(request.user),
        )

    def write(self, request, target, data):
        parts = [(data["successor"], data["amount"])]
        if data.get("successor_2") and data.get("amount_2"):
            parts.append((data["successor_2"], data["amount_2"]))
        return services.hand_over(
            actor=request.user,
            source=data["source"],
            office=data["office"],
            date=data["date"],
            document=data["document"],
            document_date=data["document_date"],
            parts=parts,
            note=data.get("note") or "",
        )

    def done_url(self, target, made):
        return reverse("budgets:handovers")

    def render(self, request, target, form):
        return page(
            request,
            "budgets/handovers.html",
            {"form": form, "handovers": selectors.handovers_for(request.user)},
            title=str(self.title),
        )
