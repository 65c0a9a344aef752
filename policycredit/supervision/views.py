"""The supervision on screen: the year's plans and their lines, the record of a check (from a
planned line or free) with its findings, the findings to follow up, and the year's summary the
board reviews (``?format=pdf`` / ``?format=xlsx``).

Views are thin: reads through the scoped selectors (another area's record is a 404), writes
through the services, whose refusals are shown on the form.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.accounts.policy import Refused
from policycredit.accounts.roles import can_act, require_action
from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.supervision import exports, selectors, services
from policycredit.supervision.forms import (
    CheckForm,
    FindingForm,
    FollowUpForm,
    LineForm,
    PlanForm,
    ResolveForm,
    YearForm,
)

STATUSES = ("open", "resolved", "all")


def _year_and_day(request) -> tuple[int, datetime.date]:
    """The year asked (this year by default) and the day it is counted to: its last day, or
    today within this year, or the ``as_of`` asked."""
    asked = address.read(YearForm(request.GET))
    today = business_date()
    year = asked.get("year") or today.year
    as_of = asked.get("as_of") or min(datetime.date(year, 12, 31), today)
    return year, as_of


def _write(form, write):
    """The service's answer on the form: the record made, or None with the refusal shown."""
    if not form.is_valid():
        return None
    try:
        return write(form.service_arguments())
    except Refused as refusal:
        errors_to_form(form, refusal.as_validation_error())
    except ValidationError as error:
        errors_to_form(form, error)
    return None


class _FormView(SignedInView):
    """A form that writes through a service: GET shows it, POST writes or shows the refusal."""

    act = ""
    done = ""
    template = ""

    def subject(self, request, pk):
        return None

    def form(self, request, subject, data=None):
        raise NotImplementedError

    def write(self, request, subject, arguments):
        raise NotImplementedError

    def context(self, request, subject) -> dict:
        return {}

    def title(self, subject) -> str:
        raise NotImplementedError

    def render(self, request, subject, form):
        return page(
            request,
            self.template,
            {"form": form, "subject": subject, **self.context(request, subject)},
            title=self.title(subject),
        )

    def get(self, request, pk=None):
        require_action(request.user, self.act)
        subject = self.subject(request, pk)
        return self.render(request, subject, self.form(request, subject))

    def post(self, request, pk=None):
        require_action(request.user, self.act)
        subject = self.subject(request, pk)
        form = self.form(request, subject, request.POST)
        made = _write(form, lambda arguments: self.write(request, subject, arguments))
        if made is None:
            return self.render(request, subject, form)
        messages.success(request, self.done)
        return redirect(self.after(made))

    def after(self, made):
        return made


# ------------------------------------------------------------------------ plans


class PlansView(SignedInView):
    def get(self, request):
        require_action(request.user, "supervision.view")
        year, _as_of = _year_and_day(request)
        plans = [
            (plan, selectors.lines_with_progress(request.user, plan))
            for plan in selectors.plans_for(request.user).filter(year=year)
        ]
        return page(
            request,
            "supervision/plans.html",
            {
                "year": year,
                "plans": plans,
                "can_plan": can_act(request.user, "supervision.plan"),
                "can_record": can_act(request.user, "supervision.record"),
            },
            title=_("Supervision plan %(year)s") % {"year": year},
        )


class PlanNewView(_FormView):
    act = "supervision.plan"
    done = gettext_lazy("Supervision plan made: add its checks.")
    template = "supervision/form.html"

    def form(self, request, subject, data=None):
        return PlanForm(data, user=request.user, initial={"year": business_date().year})

    def write(self, request, subject, arguments):
        return services.make_plan(actor=request.user, **arguments)

    def title(self, subject):
        return _("New supervision plan")


class PlanView(SignedInView):
    def get(self, request, pk):
        require_action(request.user, "supervision.view")
        plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
        lines = selectors.lines_with_progress(request.user, plan)
        return page(
            request,
            "supervision/plan.html",
            {
                "plan": plan,
                "lines": lines,
                "done": sum(1 for line in lines if line.done),
                "can_plan": can_act(request.user, "supervision.plan")
                and selectors.plannable_offices(request.user).filter(pk=plan.office_id).exists(),
                "can_record": can_act(request.user, "supervision.record"),
            },
            title=_("Supervision plan %(year)s: %(office)s")
            % {"year": plan.year, "office": plan.office.name},
        )


class LineNewView(_FormView):
    act = "supervision.plan"
    done = gettext_lazy("Planned check added.")
    template = "supervision/form.html"

    def subject(self, request, pk):
        plans = selectors.plans_for(request.user).filter(
            office__in=selectors.plannable_offices(request.user)
        )
        return get_object_or_404(plans, pk=pk)

    def form(self, request, plan, data=None):
        return LineForm(data, user=request.user)

    def write(self, request, plan, arguments):
        return services.add_plan_line(actor=request.user, plan=plan, **arguments)

    def after(self, line):
        return line.plan

    def context(self, request, plan):
        return {"back": plan}

    def title(self, plan):
        return _("Add a planned check to %(plan)s") % {"plan": plan}


# ------------------------------------------------------------------------ checks


class CheckNewView(_FormView):
    """A check off the plan."""

    act = "supervision.record"
    done = gettext_lazy("Check recorded: add what it found.")
    template = "supervision/check_form.html"

    def form(self, request, subject, data=None):
        return CheckForm(
            data, user=request.user, planned=False, initial={"checked_on": business_date()}
        )

    def write(self, request, subject, arguments):
        return services.record_check(actor=request.user, **arguments)

    def title(self, subject):
        return _("Record a check off the plan")


class CheckPlannedView(_FormView):
    act = "supervision.record"
    done = gettext_lazy("Check recorded: add what it found.")
    template = "supervision/check_form.html"

    def subject(self, request, pk):
        return get_object_or_404(selectors.lines_for(request.user), pk=pk)

    def form(self, request, line, data=None):
        return CheckForm(
            data, user=request.user, planned=True, initial={"checked_on": business_date()}
        )

    def write(self, request, line, arguments):
        return services.record_check(actor=request.user, line=line, **arguments)

    def context(self, request, line):
        standing = line.checks.filter(superseded_by__isnull=True).first()
        return {"line": line, "standing": standing}

    def title(self, line):
        return _("Record the planned check: %(line)s") % {"line": line}


class CheckCorrectView(_FormView):
    act = "supervision.record"
    done = gettext_lazy("Check corrected.")
    template = "supervision/check_form.html"

    def subject(self, request, pk):
        return get_object_or_404(selectors.current_checks_for(request.user), pk=pk)

    def form(self, request, check, data=None):
        planned = check.line_id is not None
        initial = {"checked_on": check.checked_on, "summary": check.summary}
        if not planned:
            initial |= {
                "checker_kind": check.checker_kind,
                "checker_user": check.checker_user_id,
                "checker_name": check.checker_name,
                "checker_organisation": check.checker_organisation_id,
                "ward": check.target_ward_id,
                "group": check.target_group_id,
                "point": check.target_point_id,
            }
        return CheckForm(data, user=request.user, planned=planned, correcting=True, initial=initial)

    def write(self, request, check, arguments):
        return services.record_check(actor=request.user, supersedes=check, **arguments)

    def context(self, request, check):
        return {"corrects": check, "line": check.line}

    def title(self, check):
        return _("Correct the check of %(day)s") % {"day": f"{check.checked_on:%d/%m/%Y}"}


class CheckView(SignedInView):
    def get(self, request, pk):
        require_action(request.user, "supervision.view")
        check = get_object_or_404(selectors.checks_for(request.user), pk=pk)
        today = business_date()
        findings = list(selectors.findings_of(request.user, check))
        for finding in findings:
            finding.overdue = finding.overdue_on(today)
        can_record = can_act(request.user, "supervision.record")
        newer = check.superseded_by if hasattr(check, "superseded_by") else None
        return page(
            request,
            "supervision/check.html",
            {
                "check": check,
                "findings": findings,
                "newer": newer,
                "can_record": can_record and newer is None,
            },
            title=str(check),
        )


# ------------------------------------------------------------------------ findings


class FindingNewView(_FormView):
    act = "supervision.record"
    done = gettext_lazy("Finding recorded.")
    template = "supervision/form.html"

    def subject(self, request, pk):
        return get_object_or_404(selectors.current_checks_for(request.user), pk=pk)

    def form(self, request, check, data=None):
        return FindingForm(data, user=request.user, check=check)

    def write(self, request, check, arguments):
        return services.record_finding(actor=request.user, check=check, **arguments)

    def after(self, finding):
        return finding.check_record

    def context(self, request, check):
        return {"back": check}

    def title(self, check):
        return _("Record a finding of the check of %(day)s") % {
            "day": f"{check.checked_on:%d/%m/%Y}"
        }


class FindingsView(SignedInView):
    def get(self, request):
        require_action(request.user, "supervision.view")
        status = address.choice(request, "status", STATUSES) or "open"
        today = business_date()
        return page(
            request,
            "supervision/findings.html",
            {
                "status": status,
                "statuses": [
                    ("open", _("open")),
                    ("resolved", _("resolved")),
                    ("all", _("all")),
                ],
                "findings": selectors.findings_list(request.user, today, status=status),
                "today": today,
            },
            title=_("Supervision findings"),
        )


class FindingView(SignedInView):
    def get(self, request, pk):
        require_action(request.user, "supervision.view")
        finding = get_object_or_404(selectors.findings_for(request.user), pk=pk)
        return self.render(request, finding)

    def render(self, request, finding, follow_up=None, resolve=None):
        today = business_date()
        open_to_act = finding.resolved_on is None and can_act(request.user, "supervision.record")
        initial = {"noted_on": today}
        return page(
            request,
            "supervision/finding.html",
            {
                "finding": finding,
                "overdue": finding.overdue_on(today),
                "notes": selectors.notes_of(finding),
                "follow_up_form": (follow_up or FollowUpForm(initial=initial))
                if open_to_act
                else None,
                "resolve_form": (resolve or ResolveForm(initial={"resolved_on": today}))
                if open_to_act
                else None,
            },
            title=str(finding),
        )


class _FindingActView(FindingView):
    """A POST from the finding's page: a follow-up note or the resolution."""

    form_class = None
    done = ""

    def get(self, request, pk):
        return self.http_method_not_allowed(request)

    def post(self, request, pk):
        require_action(request.user, "supervision.record")
        finding = get_object_or_404(selectors.findings_for(request.user), pk=pk)
        form = self.form_class(request.POST)
        made = _write(form, lambda arguments: self.write(request.user, finding, arguments))
        if made is None:
            finding.refresh_from_db()
            return self.render(request, finding, **{self.slot: form})
        messages.success(request, self.done)
        return redirect(finding)


class FollowUpView(_FindingActView):
    form_class = FollowUpForm
    slot = "follow_up"
    done = gettext_lazy("Follow-up noted.")

    def write(self, actor, finding, arguments):
        return services.add_follow_up(actor=actor, finding=finding, **arguments)


class ResolveView(_FindingActView):
    form_class = ResolveForm
    slot = "resolve"
    done = gettext_lazy("Finding resolved.")

    def write(self, actor, finding, arguments):
        return services.resolve_finding(actor=actor, finding=finding, **arguments)


# ------------------------------------------------------------------------ the year


class SummaryView(SignedInView):
    def get(self, request):
        require_action(request.user, "supervision.view")
        year, as_of = _year_and_day(request)
        summary = selectors.year_summary(request.user, year, as_of)
        context = {"summary": summary, "year": year, "as_of": as_of}
        wanted = address.file_format(request, "pdf", "xlsx")
        if wanted == "xlsx":
            return excel.response(exports.summary_workbook(summary), f"giam-sat-{year}.xlsx")
        if wanted == "pdf":
            office = selectors.plannable_offices(request.user).first()
            return pdf_response(
                request,
                "supervision/summary_print.html",
                {**context, "office": office},
                f"giam-sat-{year}",
            )
        return page(
            request,
            "supervision/summary.html",
            context,
            title=_("Supervision in %(year)s") % {"year": year},
        )
