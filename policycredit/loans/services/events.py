"""A loan's money and schedule events after disbursement: repayment (one, or a batch), extension
(of an instalment or of the whole loan), term adjustment, freeze, unfreeze, write-off, transfer
of the debt, reversal, and the jobs found at the check. The checks a measure must pass live in
`loans.measures`, shared with its preview."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.roles import Act
from policycredit.audit.models import Action, AuditEvent
from policycredit.audit.services import record, record_created_many, snapshot
from policycredit.common import bulk
from policycredit.common.selectors import business_date, one_business_day
from policycredit.common.services import require, save_record
from policycredit.domain import posting as p
from policycredit.domain.loan import Instalment as PlannedInstalment
from policycredit.loans import measures
from policycredit.loans.models import (
    Instalment,
    Loan,
    LoanTransaction,
)
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.services.state import (
    _append,
    _copy_state,
    _interest_due_if_accruing,
    _not_in_closed_day,
    _not_in_future,
    _plan_from_json,
    _plan_json,
    _post,
    _refresh_and_post,
    _reschedule,
    _write_schedule,
    refresh_states,
)


def _gate(act, actor, loan, approval, parameters, *, amount=None, key=None, earlier=()):
    """The four-eyes rule of ``act`` on this loan: None to go ahead, or the pending proposal."""
    return policy.gate(
        act,
        actor,
        amount=amount,
        approval=approval,
        earlier_actors=earlier,
        office_id=loan.office_id,
        key=f"{act}:{key}"[:64] if key else None,
        parameters={"loan": loan.pk, **parameters},
    )


def repay(
    *,
    actor,
    loan,
    on,
    principal: int = 0,
    interest: int = 0,
    idempotency_key=None,
    approval=None,
):
    """Principal and/or interest received. Principal goes to overdue first, then the nearest
    instalments; the engine refuses more than is owed or due. Beyond the teller's limit, a
    pending proposal until a second person approves."""
    _not_in_future(on)
    require(
        principal >= 0 and interest >= 0 and principal + interest > 0,
        _("Enter a positive amount of principal or interest."),
        code="amount_not_positive",
    )
    if idempotency_key:
        existing = LoanTransaction.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing  # a replayed submission posts once
    proposal = _gate(
        Act.LOAN_REPAY,
        actor,
        loan,
        approval,
        {
            "on": on.isoformat(),
            "principal": principal,
            "interest": interest,
            "idempotency_key": idempotency_key,
        },
        amount=principal + interest,
        key=idempotency_key,
    )
    if proposal is not None:
        return proposal
    return _post(
        actor,
        loan,
        K.REPAYMENT,
        on,
        principal=principal,
        interest=interest,
        idempotency_key=idempotency_key,
        details=policy.names(approval),
    )


def extend(
    *, actor, loan, due: datetime.date, new_due: datetime.date, on, reason: str, approval=None
):
    """Gia hạn: move one instalment's due date, asked for before it falls due, within the
    programme's ceiling on extensions (`measures.check_extension_ceiling`)."""
    plan = measures.extension_plan(loan, due=due, new_due=new_due, on=on, reason=reason)
    parameters = {
        "due": due.isoformat(),
        "new_due": new_due.isoformat(),
        "on": on.isoformat(),
        "reason": reason,
    }
    proposal = _gate(Act.LOAN_EXTEND, actor, loan, approval, parameters)
    if proposal is not None:
        return proposal
    return _reschedule(actor, loan, K.EXTENSION, on, plan, reason, approval)


def extend_whole(*, actor, loan, months: int, on, reason: str, approval=None):
    """Gia hạn for the whole loan: every instalment falling due on or after ``on`` moves
    ``months`` later (same day of the month, clamped to its end), asked for before the first of
    them falls due, within the programme's ceiling on extensions. Its transaction is an
    extension whose details say by how many months (``whole_months``)."""
    plan = measures.extension_whole_plan(loan, months=months, on=on, reason=reason)
    parameters = {"months": months, "on": on.isoformat(), "reason": reason}
    proposal = _gate(Act.LOAN_EXTEND, actor, loan, approval, parameters)
    if proposal is not None:
        return proposal
    return _reschedule(
        actor, loan, K.EXTENSION, on, plan, reason, approval, extra={"whole_months": months}
    )


def adjust_terms(
    *, actor, loan, on, instalments: list[PlannedInstalment], reason: str, approval=None
):
    """Điều chỉnh kỳ hạn nợ: new instalments for what is owed in term, within the agreed term.
    The proposal keeps them as asked; the whole schedule they make is worked out again when it
    is carried out (`measures.term_adjustment_plan`)."""
    plan = measures.term_adjustment_plan(loan, instalments=instalments, on=on, reason=reason)
    parameters = {"on": on.isoformat(), "instalments": _plan_json(instalments), "reason": reason}
    proposal = _gate(Act.LOAN_EXTEND, actor, loan, approval, parameters)
    if proposal is not None:
        return proposal
    return _reschedule(actor, loan, K.TERM_ADJUSTMENT, on, plan, reason, approval)


def freeze(
    *,
    actor,
    loan,
    on,
    loss_percent,
    months: int,
    decision: str,
    amount=None,
    approval=None,
    bands=None,
):
    """Khoanh nợ after an objective risk; the loss band decides whether and for how long.
    ``bands`` are the loss bands in force (`measures.bands_from_json`), kept in the proposal so
    the approval measures the loss against the same bands as the proposal did."""
    measures.check_freeze(loss_percent=loss_percent, months=months, bands=bands)
    details = {
        "amount": amount,
        "months": months,
        "decision": decision,
        "loss_percent": str(loss_percent),
    }
    if bands is not None:
        details["bands"] = bands
    proposal = _gate(
        Act.LOAN_FREEZE,
        actor,
        loan,
        approval,
        {"on": on.isoformat(), **details},
        amount=amount,
    )
    if proposal is not None:
        return proposal
    details |= policy.names(approval)
    return _post(actor, loan, K.FREEZE, on, details=details, reason=decision)


def unfreeze(*, actor, loan, on, instalments: list[PlannedInstalment], reason: str, approval=None):
    """End a freeze; the principal it held comes back on the schedule given (each instalment
    after the end of the freeze). The schedule is part of the freeze, kept in this transaction.
    Ending a freeze is decided like the freeze (`Act.LOAN_FREEZE`): a second person approves."""
    measures.check_unfreeze(loan, reason=reason)
    schedule = _plan_json(instalments)
    parameters = {"on": on.isoformat(), "instalments": schedule, "reason": reason}
    proposal = _gate(Act.LOAN_FREEZE, actor, loan, approval, parameters)
    if proposal is not None:
        return proposal
    with transaction.atomic():
        tx = _post(
            actor,
            loan,
            K.UNFREEZE,
            on,
            reason=reason,
            details={"schedule": schedule, **policy.names(approval)},
        )
        Instalment.objects.bulk_create(
            [
                Instalment(
                    loan_id=loan.pk,
                    due=i.due,
                    principal=i.principal,
                    office_id=loan.office_id,
                    unfreeze=tx,
                )
                for i in instalments
            ]
        )
    return tx


def write_off(*, actor, loan, on, principal: int, interest: int, decision: str, approval=None):
    """Xóa nợ of principal and/or interest by decision."""
    measures.check_write_off(decision=decision)
    parameters = {
        "on": on.isoformat(),
        "principal": principal,
        "interest": interest,
        "decision": decision,
    }
    proposal = _gate(
        Act.LOAN_WRITE_OFF, actor, loan, approval, parameters, amount=principal + interest
    )
    if proposal is not None:
        return proposal
    return _post(
        actor,
        loan,
        K.WRITE_OFF,
        on,
        principal=principal,
        interest=interest,
        reason=decision,
        details=policy.names(approval),
    )


def transfer_debt(*, actor, loan, to_borrower, on, reason: str, approval=None):
    """Chuyển nợ: the debt passes to another member of the loan's household (the borrower died
    or moved away). No money moves: the transaction carries no amount and the engine leaves it
    out; the loan's borrower changes, and a reversal of the transfer puts the earlier one back."""
    measures.check_transfer(loan, to_borrower=to_borrower, reason=reason)
    _not_in_future(on)
    parameters = {"to_borrower": to_borrower.pk, "on": on.isoformat(), "reason": reason}
    proposal = _gate(Act.LOAN_TRANSFER, actor, loan, approval, parameters)
    if proposal is not None:
        return proposal
    with transaction.atomic():
        locked = Loan.objects.select_for_update().get(pk=loan.pk)
        # Checked again under the lock: a transfer approved meanwhile changed the borrower.
        measures.check_transfer(locked, to_borrower=to_borrower, reason=reason)
        details = {
            "from_borrower": locked.borrower_id,
            "to_borrower": to_borrower.pk,
            **policy.names(approval),
        }
        tx = _append(actor, locked, K.TRANSFER, on, reason=reason, details=details)
        locked.borrower = to_borrower
        locked.save(update_fields=["borrower"])
        loan.borrower = to_borrower
        _copy_state(locked, loan)
    return tx


@transaction.atomic
def reverse(*, actor, transaction_to_reverse: LoanTransaction, reason: str, on=None, approval=None):
    """Undo a transaction by appending its reversal; the state is derived again without it.
    Always two people by default: a pending proposal until a second person approves."""
    require(bool(reason.strip()), _("A reversal needs its reason."), code="reason_required")
    original = transaction_to_reverse
    require(original.kind != K.REVERSAL, _("A reversal cannot itself be reversed."))
    # An opening position taken from earlier books is posted with its import's opening balance,
    # not an entry of its own: it is corrected by a newer export, not undone here.
    require(
        not (original.details or {}).get("opening"),
        _("An opening position imported from the bank's register cannot be reversed."),
        code="opening_not_reversible",
    )
    require(
        not LoanTransaction.objects.filter(reverses=original).exists(),
        _("This transaction has already been reversed."),
        code="already_reversed",
    )
    loan = Loan.objects.select_for_update().get(pk=original.loan_id)
    if original.kind == K.FREEZE:
        later = LoanTransaction.objects.filter(
            loan=loan, kind=K.UNFREEZE, pk__gt=original.pk, reversed_by__isnull=True
        )
        require(
            not later.exists(),
            _("This freeze has been ended: reverse its unfreeze first."),
            code="freeze_ended",
        )
    if original.kind == K.TRANSFER:
        later = LoanTransaction.objects.filter(
            loan=loan, kind=K.TRANSFER, pk__gt=original.pk, reversed_by__isnull=True
        )
        require(
            not later.exists(),
            _("The debt was transferred again since: reverse the later transfer first."),
            code="transfer_superseded",
        )
    on = on or business_date()
    _not_in_closed_day(on)
    proposal = _gate(
        Act.LOAN_REVERSE,
        actor,
        loan,
        approval,
        {"transaction": original.pk, "reason": reason, "on": on.isoformat()},
        amount=original.principal + original.interest,
        earlier=[original.actor_id],
    )
    if proposal is not None:
        return proposal
    # The reversal takes the original out of the loan's history from its own date: the
    # interest of every day since changes, and the books take the engine's difference today.
    due_before = _interest_due_if_accruing(loan, on)
    tx = LoanTransaction(
        loan=loan,
        office_id=loan.office_id,
        kind=K.REVERSAL,
        value_date=on,
        principal=original.principal,
        interest=original.interest,
        reverses=original,
        reason=reason,
        actor=actor,
        details={"kind": original.kind, **policy.names(approval)},
    )
    tx.save()
    if original.kind in (K.EXTENSION, K.TERM_ADJUSTMENT):
        _write_schedule(loan, _plan_from_json(original.details["previous_schedule"]))
    if original.kind == K.UNFREEZE:
        Instalment.objects.filter(unfreeze=original).delete()
    if original.kind == K.TRANSFER:
        loan.borrower_id = original.details["from_borrower"]
        loan.save(update_fields=["borrower"])
    record(actor=actor, action=Action.TRANSACTION_REVERSED, instance=tx, new=snapshot(tx))
    _refresh_and_post(actor, loan, tx, due_before=due_before)
    return tx


@transaction.atomic
def record_verified_jobs(*, actor, loan, new: int, maintained: int):
    """After the post-disbursement check (06/TD): the jobs actually created and maintained."""
    require(new >= 0 and maintained >= 0, _("Job counts cannot be negative."))
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    loan.jobs_new_verified, loan.jobs_maintained_verified = new, maintained
    return save_record(actor=actor, instance=loan)


@transaction.atomic
@one_business_day()
def collect_many(*, actor, entries: list[tuple], cash: str = p.CASH_OFFICE) -> int:
    """Post many repayments at once (a transaction day, a history load): (loan, date, principal,
    interest) each, optionally with an idempotency key as a fifth item. Loans are locked in id
    order; each loan's whole history is validated once by the engine and its state derived once,
    so a batch costs one replay per loan, not per entry. Any refusal refuses the whole batch.
    ``cash`` is where the money is: at the office, or in transit from a transaction point."""
    by_loan: dict[int, list] = {}
    for on in sorted({entry[1] for entry in entries}):
        _not_in_future(on)
    for loan, on, principal, interest, *key in entries:
        require(
            principal >= 0 and interest >= 0 and principal + interest > 0,
            _("Enter a positive amount of principal or interest."),
            code="amount_not_positive",
        )
        by_loan.setdefault(loan.pk, []).append((on, principal, interest, key[0] if key else None))
    loans = list(Loan.objects.select_for_update().filter(pk__in=by_loan).order_by("pk"))
    details = {} if cash == p.CASH_OFFICE else {"cash": cash}
    rows = [
        LoanTransaction(
            loan=loan,
            office_id=loan.office_id,
            kind=K.REPAYMENT,
            value_date=on,
            principal=principal,
            interest=interest,
            actor=actor,
            idempotency_key=key,
            details=details,
        )
        for loan in loans
        for on, principal, interest, key in by_loan[loan.pk]
    ]
    try:
        with transaction.atomic():
            created = bulk.create(LoanTransaction, rows)
    except IntegrityError as error:
        raise ValidationError(_("This entry was already posted."), code="duplicate") from error
    record_created_many(actor=actor, instances=created, action=Action.REPAYMENT_POSTED)
    refresh_states(loans, actor=actor, transactions=created)
    return len(created)


@transaction.atomic
def record_verified_jobs_many(*, actor, verified: list[tuple[Loan, int, int]]) -> None:
    """The jobs found at the post-disbursement checks of many loans at once."""
    for loan, new, maintained in verified:
        require(new >= 0 and maintained >= 0, _("Job counts cannot be negative."))
        loan.jobs_new_verified, loan.jobs_maintained_verified = new, maintained
    Loan.objects.bulk_update(
        [loan for loan, *_ in verified],
        ["jobs_new_verified", "jobs_maintained_verified"],
        batch_size=1000,
    )

    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action=Action.UPDATED,
                model="loans.loan",
                object_id=str(loan.pk),
                object_repr=str(loan)[:255],
                office_id=loan.office_id,
                new={"jobs_new_verified": new, "jobs_maintained_verified": maintained},
            )
            for loan, new, maintained in verified
        ],
        batch_size=2000,
    )
