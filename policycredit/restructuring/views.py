"""The risk dossiers and the measures on screen: thin views over the services and selectors.
Each checks the role's action first (403), then finds the record in the user's area (404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from policycredit.accounts.policy import Refused
from policycredit.accounts.roles import can_act, require_action
from policycredit.borrowers.models import Person
from policycredit.common import query as address
from policycredit.common.forms import errors_to_form
from policycredit.common.pages import SignedInView, page
from policycredit.common.pdf import pdf_response
from policycredit.common.selectors import business_date
from policycredit.loans.selectors import loan_state, loans_for, scheduled
from policycredit.restructuring import forms, selectors, services
from policycredit.restructuring.figures import figures_of, labelled, schedules_of, terms_of
from policycredit.restructuring.models import (
    NEEDS_DOSSIER,
    BandMeasure,
    DecidingLevel,
    DossierDocument,
    DossierStatus,
    MeasureKind,
    MeasureStatus,
)


def _refusal(error) -> ValidationError:
    return error.as_validation_error() if isinstance(error, Refused) else error


class DossiersView(SignedInView):
    def get(self, request):
        require_action(request.user, "risk.view")
        dossiers = selectors.dossiers_for(request.user)
        loan_id = address.number(request, "loan")
        if loan_id is not None:
            dossiers = dossiers.filter(loan_id=loan_id)
        context = {
            "dossiers": dossiers[:200],
            "to_confirm": selectors.dossiers_to_confirm(request.user)[:50],
            "waiting": selectors.measures_waiting(request.user)[:50]
            if can_act(request.user, "risk.decide")
            else [],
            "measures": selectors.measures_for(request.user).order_by("-pk")[:50],
        }
        return page(
            request, "restructuring/dossiers.html", context, _("Risk dossiers and measures")
        )


class OpenDossierView(SignedInView):
    def _loan(self, request, loan_id):
        require_action(request.user, "risk.open")
        return get_object_or_404(loans_for(request.user), pk=loan_id)

    def get(self, request, loan_id, form=None):
        loan = self._loan(request, loan_id)
        form = form or forms.OpenDossierForm(initial={"event_on": business_date()})
        context = {"loan": loan, "form": form}
        return page(request, "restructuring/open.html", context, _("Open a risk dossier"))

    def post(self, request, loan_id):
        loan = self._loan(request, loan_id)
        form = forms.OpenDossierForm(request.POST)
        if form.is_valid():
            try:
                dossier = services.open_dossier(actor=request.user, loan=loan, **form.cleaned_data)
            except (Refused, ValidationError) as error:
                errors_to_form(form, _refusal(error))
            else:
                return redirect(dossier)
        return self.get(request, loan_id, form=form)


class DossierView(SignedInView):
    """The dossier: facts, loss and band, documents, steps, and what the user may do next."""

    ACTIONS = {
        "loss": ("risk.open", forms.LossForm),
        "confirm": ("risk.confirm", forms.ConfirmForm),
        "document": ("risk.document", forms.DocumentForm),
        "withdraw": ("risk.open", forms.ReasonForm),
    }

    def _dossier(self, request, pk):
        require_action(request.user, "risk.view")
        return get_object_or_404(selectors.dossiers_for(request.user), pk=pk)

    def get(self, request, pk, bound=None):
        dossier = self._dossier(request, pk)
        user = request.user
        status = dossier.status
        open_ = status in (DossierStatus.OPENED, DossierStatus.CONFIRMED, DossierStatus.REJECTED)
        band = selectors.band_for(dossier)
        may = {
            "loss": can_act(user, "risk.open") and status == DossierStatus.OPENED,
            "confirm": can_act(user, "risk.confirm")
            and status == DossierStatus.OPENED
            and dossier.loss_percent is not None,
            "document": can_act(user, "risk.document") and status != DossierStatus.WITHDRAWN,
            "withdraw": can_act(user, "risk.open") and open_,
            "propose": can_act(user, "risk.propose")
            and dossier.ward_confirmed_on is not None
            and status in (DossierStatus.CONFIRMED, DossierStatus.REJECTED),
        }
        bound = bound or {}
        # A form refused by its service is shown again with the refusal, whatever else says.
        may |= {action: True for action in bound}
        context = {
            "dossier": dossier,
            "band": band,
            "kinds": _kinds_for(band),
            "documents": selectors.documents_of(dossier),
            "measures": dossier.measures.select_related("proposal", "proposed_by").order_by("pk"),
            "may": may,
            "loss_form": bound.get("loss")
            or forms.LossForm(
                initial={
                    "by_group": dossier.loss_by_group,
                    "by_organisation": dossier.loss_by_organisation,
                }
            ),
            "confirm_form": bound.get("confirm") or forms.ConfirmForm(),
            "document_form": bound.get("document") or forms.DocumentForm(),
            "withdraw_form": bound.get("withdraw") or forms.ReasonForm(),
        }
        return page(request, "restructuring/dossier.html", context, str(dossier))

    def post(self, request, pk):
        dossier = self._dossier(request, pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            raise Http404
        right, form_class = self.ACTIONS[action]
        require_action(request.user, right)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            data, user = form.cleaned_data, request.user
            try:
                if action == "loss":
                    services.record_loss(actor=user, dossier=dossier, **data)
                elif action == "confirm":
                    services.confirm_by_ward(actor=user, dossier=dossier, **data)
                elif action == "document":
                    services.attach_document(
                        actor=user, dossier=dossier, kind=data["kind"], upload=data["file"]
                    )
                else:
                    services.withdraw(actor=user, dossier=dossier, reason=data["reason"])
            except (Refused, ValidationError) as error:
                errors_to_form(form, _refusal(error))
            else:
                messages.success(request, _("Saved."))
                return redirect(dossier)
        return self.get(request, pk, bound={action: form})


def _kinds_for(band) -> list:
    """The measures a dossier's band allows, for the propose buttons."""
    if band is None:
        return []
    kinds = [MeasureKind.EXTENSION, MeasureKind.EXTENSION_WHOLE, MeasureKind.TERM_ADJUSTMENT]
    if band.measure == BandMeasure.FREEZE:
        kinds.append(MeasureKind.FREEZE)
    if band.write_off_allowed:
        kinds.append(MeasureKind.WRITE_OFF)
    return [(k, MeasureKind(k).label) for k in kinds]


class ScanView(SignedInView):
    """A scan, streamed to whoever may see its dossier (never a public URL)."""

    def get(self, request, pk):
        require_action(request.user, "risk.view")
        document = get_object_or_404(
            DossierDocument.objects.filter(
                dossier__in=selectors.dossiers_for(request.user).values("id")
            ),
            pk=pk,
        )
        return FileResponse(
            document.file.open("rb"), content_type=document.content_type, filename=document.name
        )


class ProposeView(SignedInView):
    """A measure's form, its preview (the engine's before/after), then "Propose"."""

    def _context(self, request, loan_id):
        require_action(request.user, "risk.propose")
        loan = get_object_or_404(loans_for(request.user), pk=loan_id)
        kind = address.choice(request, "kind", MeasureKind.values) or MeasureKind.EXTENSION
        dossier = address.record(
            request, "dossier", selectors.dossiers_for(request.user).filter(loan=loan)
        )
        return loan, kind, dossier

    def _form(self, loan, kind, data=None):
        today = business_date()
        state = loan_state(loan, today)
        # A new schedule spreads what is still to fall due: overdue principal stays overdue.
        spread = state.principal_frozen if kind == MeasureKind.UNFREEZE else state.principal_in_term
        dues = [i.due for i in scheduled(loan) if i.due >= today]
        return forms.FORMS[kind](data, loan=loan, spread=spread, dues=dues, initial={"on": today})

    def get(self, request, loan_id, form=None, preview=None):
        loan, kind, dossier = self._context(request, loan_id)
        form = form or self._form(loan, kind)
        before, after = schedules_of(preview) if preview is not None else ([], [])
        context = {
            "loan": loan,
            "kind": kind,
            "kind_label": MeasureKind(kind).label,
            "dossier": dossier,
            "needs_dossier": kind in NEEDS_DOSSIER and dossier is None,
            "form": form,
            "preview": preview,
            "figures": labelled(figures_of(preview)) if preview is not None else [],
            "schedule_before": before,
            "schedule_after": after,
        }
        title = _("%(measure)s: %(loan)s") % {
            "measure": capfirst(MeasureKind(kind).label),
            "loan": loan.number,
        }
        return page(request, "restructuring/propose.html", context, title)

    def post(self, request, loan_id):
        loan, kind, dossier = self._context(request, loan_id)
        form = self._form(loan, kind, request.POST)
        preview = None
        if form.is_valid():
            on, parameters = form.cleaned_data["on"], form.parameters()
            try:
                if request.POST.get("action") == "propose":
                    measure = services.propose_measure(
                        actor=request.user,
                        loan=loan,
                        kind=kind,
                        parameters=parameters,
                        on=on,
                        dossier=dossier,
                    )
                    messages.success(request, _("Proposed: the director decides it next."))
                    return redirect(measure)
                preview = services.preview(loan, kind, parameters, on, dossier)
            except (Refused, ValidationError) as error:
                errors_to_form(form, _refusal(error))
        return self.get(request, loan_id, form=form, preview=preview)


class MeasureView(SignedInView):
    """A measure: what was proposed with the engine's figures, and the director's decision."""

    def _measure(self, request, pk):
        require_action(request.user, "risk.view")
        return get_object_or_404(selectors.measures_for(request.user), pk=pk)

    def get(self, request, pk, decide_form=None, reject_form=None):
        measure = self._measure(request, pk)
        context = {
            "measure": measure,
            "figures": labelled(measure.figures),
            "terms": terms_of(measure.kind, measure.parameters, _new_borrower(measure)),
            "above_office": measure.level != DecidingLevel.OFFICE,
            "may_decide": can_act(request.user, "risk.decide")
            and measure.status == MeasureStatus.PENDING,
            "printable": measure.status in (MeasureStatus.DONE, MeasureStatus.APPROVED),
            "decide_form": decide_form or forms.DecideForm(),
            "reject_form": reject_form or forms.ReasonForm(),
        }
        return page(request, "restructuring/measure.html", context, str(measure))

    def post(self, request, pk):
        measure = self._measure(request, pk)
        require_action(request.user, "risk.decide")
        if request.POST.get("action") == "reject":
            form = forms.ReasonForm(request.POST)
            if form.is_valid():
                try:
                    services.reject_measure(
                        actor=request.user, measure=measure, reason=form.cleaned_data["reason"]
                    )
                except (Refused, ValidationError) as error:
                    errors_to_form(form, _refusal(error))
                else:
                    messages.success(request, _("Rejected."))
                    return redirect(measure)
            return self.get(request, pk, reject_form=form)
        form = forms.DecideForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.approve_measure(
                    actor=request.user,
                    measure=measure,
                    deciding_number=data["deciding_number"],
                    deciding_date=data["deciding_date"],
                    deciding_issuer=data["deciding_issuer"],
                )
            except (Refused, ValidationError) as error:
                errors_to_form(form, _refusal(error))
            else:
                messages.success(request, _("Approved: the measure is carried out."))
                return redirect(measure)
        return self.get(request, pk, decide_form=form)


def _new_borrower(measure) -> str:
    person = measure.parameters.get("to_borrower")
    return str(Person.objects.filter(pk=person).first() or "") if person else ""


class DecisionView(SignedInView):
    """The decision document of an approved measure: the page to print, or ?format=pdf."""

    def get(self, request, pk):
        require_action(request.user, "risk.view")
        measure = get_object_or_404(selectors.measures_for(request.user), pk=pk)
        if measure.status not in (MeasureStatus.DONE, MeasureStatus.APPROVED):
            raise Http404
        dossier = measure.dossier
        context = {
            "measure": measure,
            "loan": measure.loan,
            "dossier": dossier,
            "figures": labelled(measure.figures),
            "director": measure.proposal.decided_by if measure.proposal else None,
            "terms": terms_of(measure.kind, measure.parameters, _new_borrower(measure)),
            "place": measure.office.area.name,
            "decided_on": measure.decided_on or business_date(),
            "document": "restructuring/_decision_document.html",
            "statement": measure,
        }
        if address.file_format(request, "pdf"):
            filename = f"quyet-dinh-{measure.pk}"
            return pdf_response(request, "restructuring/print.html", context, filename)
        return page(request, "restructuring/decision.html", context, _("Decision"))
