"""The import pages: upload a register export, see the dry run's problems (row, column, what is
wrong), confirm; then the run's summary and its reconciliation list. Accountants and directors
(``register.import``), for the offices they see."""

import datetime
import os
import secrets
import tempfile

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policycredit.accounts.roles import require_action
from policycredit.common.pages import SignedInView, page
from policycredit.registers import import_selectors as reads
from policycredit.registers import services
from policycredit.registers.messages import figures, text_of

SESSION_KEY = "registers.import"
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".xls")


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Register file (.xlsx, .csv, .xls)"))
    office = forms.ModelChoiceField(
        label=gettext_lazy("Office"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("the file's offices, each in turn"),
    )
    as_of = forms.DateField(
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
        return upload


def _staging() -> str:
    folder = os.path.join(tempfile.gettempdir(), "policycredit-imports")
    os.makedirs(folder, exist_ok=True)
    return folder


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
        """The dry run: the file is kept aside under a token until it is confirmed."""
        form = UploadForm(
            request.POST, request.FILES, offices=reads.offices_for_import(request.user)
        )
        if not form.is_valid():
            return _index(request, form, status=400)
        upload = form.cleaned_data["file"]
        token = secrets.token_hex(16)
        suffix = os.path.splitext(upload.name)[1].lower()
        path = os.path.join(_staging(), f"{token}{suffix}")
        with open(path, "wb") as handle:
            for piece in upload.chunks():
                handle.write(piece)
        office = form.cleaned_data["office"]
        as_of = form.cleaned_data["as_of"]
        outcome = services.check_register(
            path, file_name=upload.name, office=office.code if office else None, as_of=as_of
        )
        allowed = _allowed(request, outcome)
        if outcome.ok and allowed:
            request.session[SESSION_KEY] = {
                "token": token,
                "path": path,
                "name": upload.name,
                "office": office.code if office else None,
                "as_of": as_of.isoformat() if as_of else None,
            }
        else:
            os.remove(path)
        return page(
            request,
            "registers/import_preview.html",
            {
                "outcome": outcome,
                "problems": _rows(outcome),
                "more": outcome.problem_count - len(outcome.problems),
                "allowed": allowed,
                "token": token if outcome.ok and allowed else "",
            },
            title=_("Check of %(file)s") % {"file": upload.name},
        )


class ImportConfirmView(_ImportView):
    def post(self, request):

        staged = request.session.get(SESSION_KEY)
        if not staged or staged["token"] != request.POST.get("token", ""):
            raise Http404
        del request.session[SESSION_KEY]
        as_of = datetime.date.fromisoformat(staged["as_of"]) if staged["as_of"] else None
        try:
            outcome = services.import_register(
                actor=request.user,
                path=staged["path"],
                file_name=staged["name"],
                office=staged["office"],
                as_of=as_of,
            )
        except services.ImportRefused as refused:
            # The books changed between the check and the import (another import, a new
            # programme): show the problems found now.
            return page(
                request,
                "registers/import_preview.html",
                {
                    "outcome": refused.outcome,
                    "problems": _rows(refused.outcome),
                    "more": 0,
                    "allowed": True,
                    "token": "",
                },
                title=_("Check of %(file)s") % {"file": staged["name"]},
            )
        finally:
            if os.path.exists(staged["path"]):
                os.remove(staged["path"])
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
