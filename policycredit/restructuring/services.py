"""Every write of a risk dossier and of a measure on a loan: one transaction each, the actor's
role checked here (not only on the screen), one audit event under its business name.

A measure is carried out by the loans' own service (extend, adjust_terms, freeze, unfreeze,
write_off, extend_whole, transfer_debt), which makes the four-eyes `Proposal`; approving the
measure approves that proposal (`accounts.policy.approve`), so the loan's books move once,
through the loans, and the measure only records the decision around it.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal
from policycredit.accounts.roles import can_act
from policycredit.accounts.selectors import scope_of
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.borrowers.models import Person
from policycredit.common.selectors import business_date
from policycredit.common.services import require
from policycredit.domain.loan import Instalment
from policycredit.geo.selectors import current_unit
from policycredit.loans import measures
from policycredit.loans import selectors as loan_selectors
from policycredit.loans import services as loan_services
from policycredit.loans.models import Loan, LoanTransaction
from policycredit.restructuring import selectors
from policycredit.restructuring.figures import figures_of
from policycredit.restructuring.models import (
    NEEDS_DOSSIER,
    BandMeasure,
    DecidingLevel,
    DossierDocument,
    DossierStatus,
    Measure,
    MeasureKind,
    MeasureStatus,
    RiskDossier,
)
from policycredit.restructuring.scans import check_scan

_CENT = Decimal("0.01")


def _may(actor, action: str, what: str) -> None:
    policy.require_role(actor is not None and can_act(actor, action), what)


def _visible(actor, loan: Loan) -> Loan:
    found = loan_selectors.loans_for(actor).filter(pk=loan.pk).first()
    if found is None:
        raise policy.Refused(_("This loan is not in your area."), code="scope")
    return found


def _locked(dossier: RiskDossier) -> RiskDossier:
    locked = RiskDossier.objects.select_for_update().get(pk=dossier.pk)
    require(locked.withdrawn_on is None, _("This dossier was withdrawn."), code="withdrawn")
    return locked


@transaction.atomic
def open_dossier(*, actor, loan, cause: str, description: str, event_on: datetime.date):
    """A borrower hit by an objective risk: the office or the organisation opens the file."""
    _may(actor, "risk.open", _("open a risk dossier"))
    loan = _visible(actor, loan)
    today = business_date()
    require(event_on <= today, _("The event cannot be after today."), code="future")
    require(event_on >= loan.first_disbursed_on, _("The event is before the loan."), code="early")
    require(bool(description.strip()), _("Describe what happened."), code="description")
    require(loan.principal_outstanding > 0, _("Nothing is owed on this loan."), code="closed")
    dossier = RiskDossier.objects.create(
        loan=loan,
        office_id=loan.office_id,
        # The ward as it is today: an abolished ward's People's Committee confirms nothing.
        ward=current_unit(loan.household.ward, today),
        cause=cause,
        description=description.strip(),
        event_on=event_on,
        opened_by=actor,
        opened_on=today,
    )
    record(actor=actor, action=Action.RISK_DOSSIER_OPENED, instance=dossier, new=snapshot(dossier))
    return dossier


@transaction.atomic
def record_loss(*, actor, dossier, by_group: int, by_organisation: int):
    """The group's and the organisation's estimates of the loss. The organisation's, the one
    that appraised it, is measured against the principal owed on the day of the event; the
    ward confirms that figure, so it is fixed once confirmed."""
    _may(actor, "risk.open", _("assess the loss"))
    dossier = _locked(dossier)
    _visible(actor, dossier.loan)
    require(
        dossier.ward_confirmed_on is None,
        _("The ward has confirmed this loss: it can no longer change."),
        code="confirmed",
    )
    require(by_group >= 0 and by_organisation >= 0, _("A loss cannot be negative."))
    base = loan_selectors.loan_state(dossier.loan, dossier.event_on).principal_outstanding
    require(base > 0, _("Nothing was owed on the day of the event."), code="nothing_owed")
    old = {
        "loss_by_group": dossier.loss_by_group,
        "loss_by_organisation": dossier.loss_by_organisation,
        "loss_percent": None if dossier.loss_percent is None else str(dossier.loss_percent),
    }
    percent = min(Decimal(100), Decimal(by_organisation) * 100 / base).quantize(
        _CENT, ROUND_HALF_UP
    )
    dossier.loss_by_group, dossier.loss_by_organisation = by_group, by_organisation
    dossier.loss_base, dossier.loss_percent = base, percent
    dossier.loss_assessed_by = actor
    dossier.save()
    record(
        actor=actor,
        action=Action.RISK_LOSS_ASSESSED,
        instance=dossier,
        old=old,
        new={
            "loss_by_group": by_group,
            "loss_by_organisation": by_organisation,
            "loss_base": base,
            "loss_percent": str(percent),
        },
    )
    return dossier


@transaction.atomic
def confirm_by_ward(*, actor, dossier, reference: str, on: datetime.date | None = None):
    """The ward People's Committee confirms the event and the loss: its officer for the
    borrower's ward, never the person who opened the dossier."""
    _may(actor, "risk.confirm", _("confirm a risk dossier"))
    dossier = _locked(dossier)
    if dossier.ward_id not in scope_of(actor).ward_ids:
        raise policy.Refused(
            _("Only the ward officer of the borrower's ward may confirm."), code="scope"
        )
    policy.require_new_person(actor, [dossier.opened_by_id], _("confirm a risk dossier"))
    require(dossier.ward_confirmed_on is None, _("Already confirmed."), code="confirmed")
    require(dossier.loss_percent is not None, _("Assess the loss first."), code="no_loss")
    require(bool(reference.strip()), _("Enter the confirmation's number."), code="reference")
    on = on or business_date()
    require(dossier.event_on <= on <= business_date(), _("Check the confirmation's date."))
    dossier.ward_confirmed_by, dossier.ward_confirmed_on = actor, on
    dossier.ward_reference = reference.strip()
    dossier.save()
    record(
        actor=actor,
        action=Action.RISK_CONFIRMED_BY_WARD,
        instance=dossier,
        new={"ward_confirmed_on": on.isoformat(), "ward_reference": dossier.ward_reference},
    )
    return dossier


@transaction.atomic
def attach_document(*, actor, dossier, kind: str, upload):
    """A scan received for the dossier (pdf, jpg or png, judged by its content)."""
    _may(actor, "risk.document", _("attach a document"))
    dossier = _locked(dossier)
    _visible(actor, dossier.loan)
    content_type = check_scan(upload)
    document = DossierDocument(
        dossier=dossier,
        office_id=dossier.office_id,
        kind=kind,
        name=(upload.name or "scan")[-200:],
        content_type=content_type,
        size=upload.size,
        received_by=actor,
        received_on=business_date(),
    )
    # Everything is checked before the file is written: a refusal leaves nothing on disk.
    document.file.save(f"{dossier.pk}-{kind}", upload, save=False)
    document.save()
    record(
        actor=actor,
        action=Action.RISK_DOCUMENT_RECEIVED,
        instance=document,
        new={"dossier_id": dossier.pk, "kind": kind, "size": document.size},
    )
    return document


@transaction.atomic
def withdraw(*, actor, dossier, reason: str):
    """The dossier is dropped (the borrower recovered, the ward did not confirm): kept, marked."""
    _may(actor, "risk.open", _("withdraw a risk dossier"))
    dossier = _locked(dossier)
    _visible(actor, dossier.loan)
    require(bool(reason.strip()), _("A withdrawal needs its reason."), code="reason_required")
    require(
        dossier.status not in (DossierStatus.PROPOSED, DossierStatus.APPROVED, DossierStatus.DONE),
        _("A measure on this dossier is proposed or decided: it cannot be withdrawn."),
        code="measure",
    )
    dossier.withdrawn_by, dossier.withdrawn_on = actor, business_date()
    dossier.withdraw_reason = reason.strip()
    dossier.save()
    record(
        actor=actor,
        action=Action.RISK_DOSSIER_WITHDRAWN,
        instance=dossier,
        new={"reason": dossier.withdraw_reason},
    )
    return dossier


# ------------------------------------------------------------------------------ measures


def plan_from(rows) -> list[Instalment]:
    return [Instalment(datetime.date.fromisoformat(due), int(amount)) for due, amount in rows]


def service_kwargs(kind: str, p: dict, dossier: RiskDossier | None) -> dict:
    """The loans service's keyword values for a measure's stored parameters."""
    day = datetime.date.fromisoformat
    reason = p.get("reason", "")
    if kind == MeasureKind.EXTENSION:
        return {"due": day(p["due"]), "new_due": day(p["new_due"]), "reason": reason}
    if kind == MeasureKind.EXTENSION_WHOLE:
        return {"months": p["months"], "reason": reason}
    if kind in (MeasureKind.TERM_ADJUSTMENT, MeasureKind.UNFREEZE):
        return {"instalments": plan_from(p["instalments"]), "reason": reason}
    if kind == MeasureKind.FREEZE:
        return {
            "loss_percent": dossier.loss_percent,
            "months": p["months"],
            "decision": reason,
            "amount": p.get("amount"),
            "bands": bands_json(dossier.event_on),
        }
    if kind == MeasureKind.WRITE_OFF:
        return {"principal": p["principal"], "interest": p["interest"], "decision": reason}
    if kind == MeasureKind.TRANSFER:
        return {"to_borrower": Person.objects.get(pk=p["to_borrower"]), "reason": reason}
    raise ValidationError(_("Unknown measure."), code="kind")


def bands_json(day: datetime.date) -> list:
    """The loss bands in force on ``day`` as the loans' freeze takes them (and keeps them in its
    proposal, so the approval measures the loss against these same bands)."""
    return [[str(b.lower), str(b.upper), b.measure, b.max_months] for b in selectors.bands_on(day)]


_SERVICE = {
    MeasureKind.EXTENSION: "extend",
    MeasureKind.EXTENSION_WHOLE: "extend_whole",
    MeasureKind.TERM_ADJUSTMENT: "adjust_terms",
    MeasureKind.FREEZE: "freeze",
    MeasureKind.UNFREEZE: "unfreeze",
    MeasureKind.WRITE_OFF: "write_off",
    MeasureKind.TRANSFER: "transfer_debt",
}


def _check_dossier(kind: str, loan: Loan, dossier: RiskDossier | None, p: dict) -> None:
    if kind in NEEDS_DOSSIER:
        require(dossier is not None, _("This measure needs a risk dossier."), code="no_dossier")
    if dossier is None:
        return
    require(dossier.loan_id == loan.pk, _("The dossier is of another loan."), code="dossier")
    require(dossier.withdrawn_on is None, _("This dossier was withdrawn."), code="withdrawn")
    require(
        dossier.ward_confirmed_on is not None,
        _("The ward has not confirmed this dossier yet."),
        code="not_confirmed",
    )
    require(
        not Measure.objects.filter(dossier=dossier, proposal__status="pending").exists(),
        _("A measure on this dossier is already waiting for approval."),
        code="pending",
    )
    # The ward confirmed one event and one loss: one measure carried out. Another freeze (a
    # longer one) or a write-off after it needs a dossier of its own, confirmed again.
    require(
        not Measure.objects.filter(dossier=dossier, transaction__isnull=False).exists(),
        _("This dossier's measure has been carried out: a new measure needs a new dossier."),
        code="dossier_used",
    )
    band = selectors.band_for(dossier)
    if kind == MeasureKind.FREEZE:
        require(
            band.measure == BandMeasure.FREEZE,
            _("A loss of %(loss)s %% calls for an extension, not a freeze.")
            % {"loss": dossier.loss_percent},
            code="band",
        )
        require(
            band.max_months is None or 0 < int(p["months"]) <= band.max_months,
            _("At this loss a debt may be frozen for at most %(months)s months.")
            % {"months": band.max_months},
            code="band",
        )
    if kind == MeasureKind.WRITE_OFF:
        require(
            band.write_off_allowed,
            _("A loss of %(loss)s %% does not allow a write-off.") % {"loss": dossier.loss_percent},
            code="band",
        )


def preview(loan: Loan, kind: str, p: dict, on: datetime.date, dossier=None):
    """The engine's before/after for the measure (the loans' read-only preview); it refuses
    an impossible measure with the service's own ValidationError."""
    return measures.preview(loan, kind, service_kwargs(kind, p, dossier), on)


@transaction.atomic
def propose_measure(*, actor, loan, kind: str, parameters: dict, on: datetime.date, dossier=None):
    """The credit officer proposes; the loans service makes the pending four-eyes proposal
    (or, where the rules let the act go alone, carries it out at once)."""
    _may(actor, "risk.propose", _("propose a measure"))
    loan = _visible(actor, loan)
    _check_dossier(kind, loan, dossier, parameters)
    require(bool(parameters.get("reason", "").strip()), _("Give the measure's reason."))
    require(
        on <= business_date(),
        _("A measure takes effect on the day it is decided, not later: date it today."),
        code="future",
    )
    rule = selectors.rule_for(kind, loan)
    # The figures the approver and the printed decision show are the engine's, taken now.
    shown = figures_of(preview(loan, kind, parameters, on, dossier))
    service = getattr(loan_services, _SERVICE[kind])
    result = service(actor=actor, loan=loan, on=on, **service_kwargs(kind, parameters, dossier))
    measure = Measure(
        loan=loan,
        office_id=loan.office_id,
        dossier=dossier,
        kind=kind,
        parameters=parameters,
        on=on,
        figures=shown,
        proposed_by=actor,
        level=rule.level,
    )
    if isinstance(result, Proposal):
        measure.proposal = result
    elif rule.level != DecidingLevel.OFFICE:
        # The four-eyes rules let this role act alone, but a higher level decides this
        # measure: its document must come first. Refused, and the act just taken undone.
        raise policy.Refused(
            _(
                "A higher level decides this measure: it cannot be taken alone, whatever limit "
                "the four-eyes rules give your role."
            ),
            code="level",
        )
    elif isinstance(result, LoanTransaction):
        measure.transaction, measure.decided_on = result, business_date()
    measure.save()
    if measure.proposal is not None:
        # Decided here, with its number and deciding document, never on the approvals page.
        policy.decide_on_page(actor=actor, proposal=result, path=measure.get_absolute_url())
    record(actor=actor, action=Action.MEASURE_PROPOSED, instance=measure, new=snapshot(measure))
    return measure


def _pending(measure: Measure) -> Measure:
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    require(
        locked.proposal is not None and locked.status == MeasureStatus.PENDING,
        _("This measure is not waiting for approval."),
        code="decided",
    )
    return locked


@transaction.atomic
def approve_measure(
    *,
    actor,
    measure,
    deciding_number: str = "",
    deciding_date: datetime.date | None = None,
    deciding_issuer: str = "",
):
    """The director's yes. When the office decides, that yes is the decision and the office
    numbers it; above the office, the director records the higher level's document."""
    _may(actor, "risk.decide", _("approve a measure"))
    measure = _pending(measure)
    policy.require_new_person(actor, [measure.proposed_by_id], _("approve a measure"))
    today = business_date()
    if measure.level != DecidingLevel.OFFICE:
        require(
            bool(deciding_number.strip() and deciding_issuer.strip()) and deciding_date,
            _("Enter the deciding document: its number, date and who issued it."),
            code="deciding_document",
        )
        require(deciding_date <= today, _("The deciding document cannot be dated after today."))
        measure.deciding_number = deciding_number.strip()
        measure.deciding_date, measure.deciding_issuer = deciding_date, deciding_issuer.strip()
    proposed_on = measure.on
    if measure.on < today:
        # Decided after the day it was proposed for (closed since): it takes effect today,
        # the day of the decision, and the proposal the act replays says so.
        proposal = measure.proposal
        proposal.parameters = {**proposal.parameters, "on": today.isoformat()}
        proposal.save(update_fields=["parameters"])
        measure.on = today
    # What the decision prints is the engine's figures of the loan as it is now, not as it was
    # when proposed: a repayment since would otherwise leave the paper wrong.
    measure.figures = figures_of(
        preview(measure.loan, measure.kind, measure.parameters, measure.on, measure.dossier)
    )
    result = policy.approve(actor=actor, proposal=measure.proposal, on_its_page=True)
    measure.proposal.refresh_from_db()
    if isinstance(result, LoanTransaction):
        measure.transaction = result
    measure.decided_on = today
    if measure.level == DecidingLevel.OFFICE:
        last = (
            Measure.objects.select_for_update()
            .filter(office_id=measure.office_id, decision_year=today.year)
            .aggregate(n=Max("decision_seq"))["n"]
        )
        measure.decision_year, measure.decision_seq = today.year, (last or 0) + 1
    measure.save()
    record(
        actor=actor,
        action=Action.MEASURE_APPROVED,
        instance=measure,
        new={
            "proposer_id": measure.proposed_by_id,
            "decision": measure.decision_number,
            "transaction_id": measure.transaction_id,
            "on": measure.on.isoformat(),
            "proposed_on": proposed_on.isoformat(),
        },
    )
    return measure


@transaction.atomic
def reject_measure(*, actor, measure, reason: str):
    _may(actor, "risk.decide", _("reject a measure"))
    measure = _pending(measure)
    policy.reject(actor=actor, proposal=measure.proposal, reason=reason, on_its_page=True)
    measure.proposal.refresh_from_db()
    measure.decided_on = business_date()
    measure.save(update_fields=["decided_on"])
    record(
        actor=actor,
        action=Action.MEASURE_REJECTED,
        instance=measure,
        new={"reason": reason.strip(), "proposer_id": measure.proposed_by_id},
    )
    return measure
