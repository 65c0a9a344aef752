"""The credit plan on screen: the year's plans, one plan (its versions and lines, what each
breakdown allocated and what is left, plan against actual as of a day), the form that sets or
revises it, and the allocation to a ward, an organisation or a group.

Views are thin: reads through the scoped selectors (another office's plan is a 404), writes
through the services, whose refusals are shown on the form."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from policycredit.accounts.roles import can_act, require_action
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form, refused
from policycredit.common.pages import SignedInView, page
from policycredit.common.selectors import business_date
from policycredit.creditplans import report, selectors, services
from policycredit.creditplans.forms import AllocationForm, AsOfForm, PlanForm, YearForm
from policycredit.creditplans.models import CreditPlan, TargetKind


class _View(SignedInView):
    act = "creditplans.view"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, self.act)
        try:
            return super().dispatch(request, *args, **kwargs)
        except BadRequest as error:
            return refused(request, str(error))


class PlansView(_View):
    def get(self, request):
        year = address.read(YearForm(request.GET)).get("year") or business_date().year
        plans = selectors.plans_for(request.user).filter(year=year).prefetch_related("versions")
        mine = selectors.offices_planned_by(request.user)
        return page(
            request,
            "creditplans/plans.html",
            {
                "year": year,
                "plans": plans,
                "can_set": can_act(request.user, "creditplans.manage") and mine.exists(),
            },
            title=_("Credit plans of %(year)s") % {"year": year},
        )


class PlanView(_View):
    def get(self, request, pk):
        plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
        as_of = address.read(AsOfForm(request.GET)).get("as_of") or business_date()
        day = selectors.year_window(plan.year, as_of)
        lines = selectors.lines_vs_actual(request.user, plan.year, as_of, office=plan.office)
        versions = plan.versions.select_related("recorded_by").prefetch_related(
            "lines__programme", "lines__source"
        )
        manage = can_act(request.user, "creditplans.manage") and (
            selectors.offices_planned_by(request.user).filter(pk=plan.office_id).exists()
        )
        by_office = selectors.sees_whole_offices(request.user)
        return page(
            request,
            "creditplans/plan.html",
            {
                "plan": plan,
                "as_of": as_of,
                "versions": versions,
                "headers": report.headers(_("programme – capital source")),
                "rows": [report.cells(r) for r in lines.rows],
                "total": report.cells(lines.total, _("Total")),
                "targets": [
                    report.cells(t.row, f"{t.kind_label}: {t.row.label}")
                    for t in selectors.allocations_vs_actual(request.user, plan, as_of)
                ],
                "summary": selectors.allocation_summary(plan, day) if day and by_office else [],
                "kinds": TargetKind.choices,
                "can_manage": manage,
            },
            title=str(plan),
        )


class _PlanFormView(_View):
    act = "creditplans.manage"

    def render(self, request, form, plan=None):
        title = (
            _("Revise the credit plan: %(plan)s") % {"plan": plan}
            if plan
            else _("Set a credit plan")
        )
        return page(
            request, "creditplans/plan_form.html", {"form": form, "plan": plan}, title=title
        )


class SetPlanView(_PlanFormView):
    def get(self, request):
        offices = selectors.offices_planned_by(request.user)
        year = address.read(YearForm(request.GET)).get("year") or business_date().year
        initial = {"year": year, "decision_date": business_date(), "office": offices.first()}
        return self.render(request, PlanForm(initial=initial, offices=offices))

    def post(self, request):
        form = PlanForm(request.POST, offices=selectors.offices_planned_by(request.user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = services.set_plan(
                    actor=request.user,
                    office=data["office"],
                    year=data["year"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    lines=data["lines"],
                    note=data.get("note", ""),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Credit plan recorded."))
                return redirect(version.plan)
        return self.render(request, form)


def _managed(request, pk) -> CreditPlan:
    plans = CreditPlan.objects.filter(
        office__in=selectors.offices_planned_by(request.user)
    ).select_related("office")
    return get_object_or_404(plans, pk=pk)


class RevisePlanView(_PlanFormView):
    def get(self, request, pk):
        plan = _managed(request, pk)
        latest = plan.versions.order_by("-number").first()
        initial = {"decision_date": business_date()}
        if latest:
            initial |= PlanForm.initial_lines(latest)
        return self.render(request, PlanForm(initial=initial), plan)

    def post(self, request, pk):
        plan = _managed(request, pk)
        form = PlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.revise_plan(
                    actor=request.user,
                    plan=plan,
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    lines=data["lines"],
                    note=data.get("note", ""),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Credit plan revised."))
                return redirect(plan)
        return self.render(request, form, plan)


class AllocateView(_View):
    """Choose a target (``?ward=``, ``?organisation=`` or ``?group=``), then its share of each
    line of the version in force on the day the allocation starts."""

    act = "creditplans.manage"

    def target(self, request, plan, day):
        choices = {
            TargetKind.WARD: selectors.wards_of(plan, day),
            TargetKind.ORGANISATION: selectors.organisations_of(plan, day),
            TargetKind.GROUP: selectors.groups_of(request.user, plan),
        }
        found = [(k, address.record(request, k, qs)) for k, qs in choices.items()]
        found = [(k, t) for k, t in found if t is not None]
        if len(found) > 1:
            raise address.bad("ward", "…", _("choose one ward, organisation or group."))
        return (found[0] if found else (None, None)), choices

    def context(self, request, plan):
        day = address.read(AsOfForm(request.GET)).get("as_of") or business_date()
        (kind, target), choices = self.target(request, plan, day)
        version = selectors.version_on(plan, day) or plan.versions.order_by("number").first()
        return day, kind, target, choices, version

    def render(self, request, plan, form, day, kind, target, choices, version):
        return page(
            request,
            "creditplans/allocate.html",
            {
                "plan": plan,
                "form": form,
                "day": day,
                "kind": kind,
                "target": target,
                "choices": choices,
                "version": version,
                "summary": selectors.allocation_summary(plan, day),
                "rows": form.line_rows() if form else [],
            },
            title=_("Allocate the credit plan: %(plan)s") % {"plan": plan},
        )

    def form(self, version, data=None, initial=None):
        lines = version.lines.select_related("programme", "source") if version else []
        return AllocationForm(data, initial=initial, lines=lines)

    def get(self, request, pk):
        plan = _managed(request, pk)
        day, kind, target, choices, version = self.context(request, plan)
        form = None
        if target is not None and version is not None:
            initial = {"valid_from": day}
            standing = selectors.allocations_on(plan, day, kind=kind, target_id=target.pk)
            for (_k, _t, p, s), a in standing.items():
                initial |= {
                    f"lending_{p}_{s}": a.lending,
                    f"collection_{p}_{s}": a.collection,
                    f"growth_{p}_{s}": a.growth,
                }
            form = self.form(version, initial=initial)
        return self.render(request, plan, form, day, kind, target, choices, version)

    def post(self, request, pk):
        plan = _managed(request, pk)
        day, kind, target, choices, version = self.context(request, plan)
        if target is None or version is None:
            raise address.bad("ward", "", _("choose a ward, an organisation or a group."))
        form = self.form(version, request.POST)
        if form.is_valid():
            try:
                services.allocate(
                    actor=request.user,
                    plan=plan,
                    target=target,
                    valid_from=form.cleaned_data["valid_from"],
                    amounts=form.amounts(),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Allocation recorded."))
                return redirect(f"{reverse('creditplans:allocate', args=[plan.pk])}")
        return self.render(request, plan, form, day, kind, target, choices, version)
