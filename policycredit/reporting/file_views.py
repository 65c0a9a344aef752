"""A report's file asked of the worker (`review_files`): the report page's Excel and PDF
buttons post here when the review covers more than one office; the person then follows the
job's page. Kept apart from views.py, whose pages read from a replica: this one writes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from policycredit.accounts.roles import require_action
from policycredit.common.pages import SignedInView
from policycredit.common.selectors import business_date
from policycredit.jobs import services as job_services
from policycredit.reporting import review_files, selectors
from policycredit.reporting.forms import ReportForm


class ReportFileView(SignedInView):
    def post(self, request, name):
        require_action(request.user, "reports.view")
        if name not in selectors.REPORTS:
            raise Http404
        form = ReportForm(request.POST, units=selectors.report_units_for(request.user))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("reporting:report", name)
        data = form.cleaned_data
        try:
            job = job_services.start(
                actor=request.user,
                kind=review_files.NAME,
                parameters=review_files.parameters(
                    name,
                    data["as_of"] or business_date(),
                    data["from_year"] or 2014,
                    data["unit"],
                    request.POST.get("format", ""),
                ),
            )
        except ValidationError as refused:
            for message in refused.messages:
                messages.error(request, message)
            return redirect("reporting:report", name)
        return redirect(reverse("jobs:job", args=[job.pk]))
