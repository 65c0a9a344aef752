"""The import pages: upload a register export, see the dry run's problems (row, column, what is
wrong), confirm; then the run's summary and its reconciliation list. Accountants and directors
(``register.import``), for the offices they see."""

import re

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.accounts.roles import require_action
from policycredit.common.forms import DayField
from policycredit.common.pages import SignedInView, page
from policycredit.registers import import_selectors as reads
from policycredit.registers import jobs
from policycredit.registers.messages import figures, text_of
from policycredit.registers.models import JobKind, JobStatus
from policycredit.registers.outcome import Outcome
from policycredit.registers.reader import MAX_FILE_BYTES

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".xls")


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Register file (.xlsx, .csv, .xls)"))
    office = forms.ModelChoiceField(
        label=gettext_lazy("Office"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("the file's offices, each in turn"),
    )
    as_of = DayField(
        label=gettext_lazy("Export date"),
        required=False,
        help_text=gettext_lazy("Empty: the date in the file's title."),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Choose an .xlsx, .csv or .xls file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(too_big_message())
        return upload


def too_big_message() -> str:
    return _("The file is larger than a register can be (%(mb)s MB).") % {
        "mb": MAX_FILE_BYTES // (1024 * 1024)
    }


# The form's other fields and the multipart envelope around the file.
ENVELOPE_BYTES = 64 * 1024


def _too_big(request) -> bool:
    """Told from the request's declared length, before Django reads the body to disk."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_FILE_BYTES + ENVELOPE_BYTES
    except ValueError:
        return True


class _ImportView(SignedInView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_action(request.user, "register.import")
        return super().dispatch(request, *args, **kwargs)


def _index(request, form=None, status=200):
    reply = page(
        request,
        "registers/import_index.html",
        {
            "form": form or UploadForm(offices=reads.offices_for_import(request.user)),
            "runs": reads.runs_for(request.user)[:20],
        },
        title=_("Import the bank's loan register"),
    )
    reply.status_code = status
    return reply


def _rows(outcome):
    return [
        {
            "row": x.row,
            "column": x.column,
            "message": text_of(x.code),
            "code": x.code,
            "value": x.value,
            "blocking": x.blocking,
        }
        for x in sorted(outcome.problems, key=lambda x: (x.row, not x.blocking))
    ]


def _allowed(request, outcome) -> bool:
    """Each of the file's offices is one the user sees (or, for a user who sees all, a new
    one)."""
    codes = set(reads.offices_for_import(request.user).values_list("code", flat=True))
    wanted = [part.office_code for part in outcome.offices] or [outcome.office_code]
    creates = reads.may_create_offices(request.user)
    return all(code in codes or (creates and bool(code)) for code in wanted)


class ImportIndexView(_ImportView):
    def get(self, request):
        return _index(request)

    def post(self, request):
        """The dry run, as a job: the page returns at once and follows the job."""
        if _too_big(request):
            messages.error(request, too_big_message())
            return _index(request, status=413)
        form = UploadForm(
            request.POST, request.FILES, offices=reads.offices_for_import(request.user)
        )
        if not form.is_valid():
            return _index(request, form, status=400)
        upload = form.cleaned_data["file"]
        office = form.cleaned_data["office"]
        job = jobs.start_check(
            actor=request.user,
            path=jobs.stage(upload),
            file_name=upload.name,
            office=office.code if office else None,
            as_of=form.cleaned_data["as_of"],
        )
        return redirect("registers:import_job", pk=job.pk)


class ImportJobView(_ImportView):
    """A job's page: how far it got while it runs (the page reloads itself), then the check's
    problems with the button to import, or where the import went."""

    def get(self, request, pk):
        job = get_object_or_404(reads.jobs_for(request.user), pk=pk)
        if job.status == JobStatus.DONE and job.kind == JobKind.IMPORT:
            outcome = Outcome.from_json(job.outcome)
            if outcome.ok:
                return _after_import(request, outcome)
        context = {
            "job": job,
            "rows": jobs.rows_read(job),
            "stale": jobs.is_stale(job),
            "waiting_long": jobs.is_waiting_long(job),
        }
        title = _("Check of %(file)s") % {"file": job.file_name}
        if job.status != JobStatus.DONE:
            return page(request, "registers/import_job.html", context, title=title)
        outcome = Outcome.from_json(job.outcome)
        allowed = _allowed(request, outcome)
        ready = job.kind == JobKind.CHECK and outcome.ok and allowed and not job.imports.exists()
        context.update(
            {
                "outcome": outcome,
                "problems": _rows(outcome),
                "more": outcome.problem_count - len(outcome.problems),
                "allowed": allowed,
                "token": job.pk if ready else "",
            }
        )
        return page(request, "registers/import_preview.html", context, title=title)

    def post(self, request, pk):
        """Run again a job whose worker died."""
        job = get_object_or_404(reads.jobs_for(request.user), pk=pk)
        jobs.restart(actor=request.user, job=job)
        return redirect("registers:import_job", pk=job.pk)


class ImportConfirmView(_ImportView):
    def post(self, request):
        """The import of a checked file, as a job."""
        token = request.POST.get("token", "")
        if not re.fullmatch(r"[0-9]{1,18}", token, re.ASCII):
            raise Http404
        checked = get_object_or_404(
            reads.jobs_for(request.user).filter(kind=JobKind.CHECK, status=JobStatus.DONE),
            pk=int(token),
        )
        outcome = Outcome.from_json(checked.outcome)
        if not (outcome.ok and _allowed(request, outcome)) or checked.imports.exists():
            raise Http404
        job = jobs.start_import(actor=request.user, checked=checked)
        return redirect("registers:import_job", pk=job.pk)


def _after_import(request, outcome):
    if outcome.offices:  # a branch's file: one run per office, all listed on the index
        messages.success(
            request,
            _("Imported office by office: %(offices)s; %(created)s loans opened.")
            % {
                "offices": ", ".join(
                    f"{part.office_code} ({part.created})" for part in outcome.offices
                ),
                "created": outcome.created,
            },
        )
        return redirect("registers:import_index")
    return redirect("registers:import_run", pk=outcome.run_id)


class ImportRunView(_ImportView):
    def get(self, request, pk):
        run = get_object_or_404(reads.runs_for(request.user), pk=pk)
        labels = figures()
        return page(
            request,
            "registers/import_run.html",
            {
                "run": run,
                "differences": [
                    {**vars(d), "label": labels.get(d.field, d.field)}
                    for d in reads.differences_of(run)[:2000]
                ],
            },
            title=_("Import of %(file)s") % {"file": run.file_name},
        )
