"""The field checks on screen: what is due, the forms, the records with their printable form
(``?format=pdf``), and the year's summary of the groups' grades (``?format=xlsx``).

Views are thin: reads through the scoped selectors (another area's record is a 404), writes
through the services, whose refusals are shown on the form.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.accounts.roles import can_act, require_action
from policycredit.common import excel
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.inspections import exports, selectors, services
from policycredit.inspections.forms import CheckForm, InspectionForm, YearForm
from policycredit.inspections.models import Grade

LISTED = 200  # the done records a list shows, the latest first
WITHIN = datetime.timedelta(days=selectors.CHECK_WITHIN_DAYS)


def _year(request) -> int:
    return address.read(YearForm(request.GET)).get("year") or business_date().year


# ------------------------------------------------------------------------ 06/TD


class ChecksView(SignedInView):
    def get(self, request):
        require_action(request.user, "inspections.view")
        today = business_date()
        return page(
            request,
            "inspections/checks.html",
            {
                "today": today,
                "due": selectors.loan_use_checks_due(request.user, today),
                "done": selectors.current_checks_for(request.user)[:LISTED],
                "can_check": can_act(request.user, "inspections.check"),
            },
            title=_("Loan-use checks (06/TD)"),
        )


class _RecordFormView(SignedInView):
    """A first record or a correction of the standing one: the form, and the service's answer
    on it. Subclasses name the subject (a loan, a group) and the record it corrects."""

    act = ""
    done = ""  # the message once recorded

    def target(self, request, pk) -> tuple:
        raise NotImplementedError  # (subject, the record corrected or None)

    def initial(self, subject, corrects) -> dict:
        raise NotImplementedError

    def form(self, subject, correcting: bool, data=None, initial=None):
        raise NotImplementedError

    def render(self, request, subject, form, corrects):
        raise NotImplementedError

    def write(self, actor, subject, corrects, arguments: dict):
        raise NotImplementedError

    def get(self, request, pk):
        require_action(request.user, self.act)
        subject, corrects = self.target(request, pk)
        initial = self.initial(subject, corrects)
        form = self.form(subject, corrects is not None, initial=initial)
        return self.render(request, subject, form, corrects)

    def post(self, request, pk):
        require_action(request.user, self.act)
        subject, corrects = self.target(request, pk)
        form = self.form(subject, corrects is not None, request.POST)
        if form.is_valid():
            try:
                made = self.write(request.user, subject, corrects, form.service_arguments())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, self.done)
                return redirect(made)
        return self.render(request, subject, form, corrects)


class _CheckFormView(_RecordFormView):
    act = "inspections.check"
    done = gettext_lazy("Loan-use check recorded.")

    def form(self, loan, correcting, data=None, initial=None):
        return CheckForm(
            data,
            initial=initial,
            records_jobs=loan.programme.records_jobs,
            correcting=correcting,
        )

    def render(self, request, loan, form, corrects):
        standing = loan.use_checks.filter(superseded_by__isnull=True).first()
        return page(
            request,
            "inspections/check_form.html",
            {
                "loan": loan,
                "form": form,
                "corrects": corrects,
                "standing": None if corrects else standing,
                "due": loan.first_disbursed_on + WITHIN,
            },
            title=_("Loan-use check (06/TD): %(loan)s") % {"loan": loan.number},
        )

    def write(self, actor, loan, corrects, arguments):
        return services.record_loan_use_check(
            actor=actor, loan=loan, supersedes=corrects, **arguments
        )


class CheckNewView(_CheckFormView):
    def target(self, request, pk):
        return get_object_or_404(selectors.checkable_loans(request.user), pk=pk), None

    def initial(self, loan, corrects):
        return {"checked_on": business_date()}


class CheckCorrectView(_CheckFormView):
    def target(self, request, pk):
        check = get_object_or_404(selectors.current_checks_for(request.user), pk=pk)
        return check.loan, check

    def initial(self, loan, check):
        return {
            "checked_on": check.checked_on,
            "outcome": check.outcome,
            "amount_used": check.amount_used if check.outcome == "partly" else None,
            "jobs_new": check.jobs_new,
            "jobs_maintained": check.jobs_maintained,
            "note": check.note,
        }


class _RecordView(SignedInView):
    """One record: its page, or its printable form as PDF (``?format=pdf``)."""

    name = ""  # the record's name in the templates: "check" or "inspection"
    document = ""
    act = ""  # the action that corrects it
    correct_url_name = ""

    def records(self, user):
        raise NotImplementedError

    def filename(self, record) -> str:
        raise NotImplementedError

    def extra(self, record) -> dict:
        return {}

    def get(self, request, pk):
        require_action(request.user, "inspections.view")
        record = get_object_or_404(self.records(request.user), pk=pk)
        context = {self.name: record, "document": self.document, **self.extra(record)}
        if address.file_format(request, "pdf"):
            return pdf_response(request, "inspections/print.html", context, self.filename(record))
        return page(
            request,
            "inspections/record.html",
            {
                **context,
                "record": record,
                "newer": type(record).objects.filter(supersedes=record).first(),
                "can_correct": can_act(request.user, self.act),
                "correct_url": reverse(self.correct_url_name, args=[record.pk]),
            },
            title=str(record),
        )


class CheckView(_RecordView):
    name = "check"
    document = "inspections/_check_document.html"
    act = "inspections.check"
    correct_url_name = "inspections:check_correct"

    def records(self, user):
        return selectors.checks_for(user)

    def filename(self, record):
        return f"06TD-{record.loan.number}-{record.pk}"


# ------------------------------------------------------------------------ 16/TD


class GroupsView(SignedInView):
    def get(self, request):
        require_action(request.user, "inspections.view")
        year = _year(request)
        return page(
            request,
            "inspections/groups.html",
            {
                "year": year,
                "to_inspect": selectors.groups_to_inspect(request.user, year),
                "done": selectors.current_inspections_for(request.user).filter(year=year),
                "can_inspect": can_act(request.user, "inspections.inspect"),
            },
            title=_("Group inspections (16/TD) in %(year)s") % {"year": year},
        )


class _InspectionFormView(_RecordFormView):
    act = "inspections.inspect"
    done = gettext_lazy("Group inspection recorded.")

    def form(self, group, correcting, data=None, initial=None):
        criteria, _bands = selectors.sheet_in_force(business_date())
        return InspectionForm(data, initial=initial, criteria=criteria, correcting=correcting)

    def render(self, request, group, form, corrects):
        year = corrects.year if corrects else business_date().year
        standing = group.inspections.filter(superseded_by__isnull=True, year=year).first()
        return page(
            request,
            "inspections/inspection_form.html",
            {
                "group": group,
                "form": form,
                "corrects": corrects,
                "standing": None if corrects else standing,
                "bands": selectors.sheet_in_force(business_date())[1],
            },
            title=_("Group inspection (16/TD): %(group)s") % {"group": group},
        )

    def write(self, actor, group, corrects, arguments):
        return services.record_group_inspection(
            actor=actor, group=group, supersedes=corrects, **arguments
        )


class InspectView(_InspectionFormView):
    def target(self, request, pk):
        return get_object_or_404(selectors.inspectable_groups(request.user), pk=pk), None

    def initial(self, group, corrects):
        return {"inspected_on": business_date()}


class InspectionCorrectView(_InspectionFormView):
    def target(self, request, pk):
        inspection = get_object_or_404(selectors.current_inspections_for(request.user), pk=pk)
        return inspection.group, inspection

    def initial(self, group, inspection):
        return {
            "inspected_on": inspection.inspected_on,
            "findings": inspection.findings,
            "follow_up": inspection.follow_up,
            **{f"score_{s.criterion.code}": s.score for s in inspection.scores.all()},
        }


class InspectionView(_RecordView):
    name = "inspection"
    document = "inspections/_inspection_document.html"
    act = "inspections.inspect"
    correct_url_name = "inspections:inspection_correct"

    def records(self, user):
        return selectors.inspections_for(user)

    def filename(self, record):
        return f"16TD-{record.group.code}-{record.year}-{record.pk}"

    def extra(self, record):
        return {"scores": record.scores.select_related("criterion")}


class SummaryView(SignedInView):
    def get(self, request):
        require_action(request.user, "inspections.view")
        year = _year(request)
        rows = selectors.yearly_summary(request.user, year)
        if address.file_format(request, "xlsx"):
            return excel.response(
                exports.summary_workbook(rows, year), f"16TD-tong-hop-{year}.xlsx"
            )
        return page(
            request,
            "inspections/summary.html",
            {"year": year, "rows": rows, "grades": Grade.choices, "total": exports.totals(rows)},
            title=_("Group grades at inspection in %(year)s") % {"year": year},
        )
