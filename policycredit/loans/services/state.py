"""The loan's log and its derived row: appending a transaction under the loan's lock, deriving
the row again through the engine (`domain.loanrow`), posting both to the books; the dates a
posting may carry; document numbers."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.audit.models import Action
from policycredit.audit.services import record, snapshot
from policycredit.common.selectors import accruing, business_date, closed_day_refusal, rule
from policycredit.common.services import require
from policycredit.domain.loan import Instalment as PlannedInstalment
from policycredit.domain.loan import LoanRuleError, state_at
from policycredit.domain.loanrow import FIELDS as ROW_FIELDS
from policycredit.domain.loanrow import row_of
from policycredit.loans.books import position_of, post_loan_changes
from policycredit.loans.errors import as_validation_error
from policycredit.loans.measures import plan_json as _plan_json
from policycredit.loans.models import (
    Instalment,
    Loan,
    LoanTransaction,
)
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import (
    histories_of,
    history_of,
    scheduled,
)


def _not_in_future(on: datetime.date) -> None:
    require(
        on <= business_date(),
        _("%(day)s is after today's business date: money is recorded when it moves.")
        % {"day": f"{on:%d/%m/%Y}"},
        code="future_date",
    )
    _not_in_closed_day(on)


def _not_in_closed_day(on: datetime.date) -> None:
    refusal = closed_day_refusal(on)
    require(refusal is None, refusal, code="closed_day")


def refresh_states(
    loans: list[Loan], as_of: datetime.date | None = None, *, actor=None, transactions=()
) -> None:
    """Derive the current-state row of many loans again (after a batch, or a new day) and post
    the batch's transactions, with what the new state moved between loan classes, to the
    books."""
    histories = histories_of(loans)
    before = {loan.pk: position_of(loan) for loan in loans}
    # One read of the debt-group thresholds for the batch (they change by decision, rarely).
    thresholds = rule("closing.debt_group_days", as_of or business_date())
    for loan in loans:
        _refresh(loan, as_of, save=False, history=histories[loan.pk], thresholds=thresholds)
        # One plain UPDATE a loan: cheaper than a bulk CASE expression over many columns.
        Loan.objects.filter(pk=loan.pk).update(
            **{name: getattr(loan, name) for name in [*_STATE_FIELDS, "status"]}
        )
    post_loan_changes(actor=actor, loans=loans, before=before, transactions=transactions)


# The audit log names each loan transaction by its business event.
EVENTS = {
    K.DISBURSEMENT: Action.LOAN_DISBURSED,
    K.REPAYMENT: Action.REPAYMENT_POSTED,
    K.EXTENSION: Action.LOAN_EXTENDED,
    K.TERM_ADJUSTMENT: Action.TERMS_ADJUSTED,
    K.FREEZE: Action.LOAN_FROZEN,
    K.UNFREEZE: Action.LOAN_UNFROZEN,
    K.WRITE_OFF: Action.LOAN_WRITTEN_OFF,
    K.REVERSAL: Action.TRANSACTION_REVERSED,
    K.TRANSFER: Action.LOAN_TRANSFERRED,
}


@transaction.atomic
def _post(actor, loan, kind, on, *, idempotency_key=None, **fields) -> LoanTransaction:
    """Append under the loan's row lock; a known idempotency key returns what it posted."""
    if idempotency_key:
        existing = LoanTransaction.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing  # a replayed submission posts once
    locked = Loan.objects.select_for_update().get(pk=loan.pk)
    tx = _append(actor, locked, kind, on, idempotency_key=idempotency_key, **fields)
    _copy_state(locked, loan)
    return tx


def _append(
    actor,
    loan,
    kind,
    on,
    *,
    principal=0,
    interest=0,
    details=None,
    reason="",
    idempotency_key=None,
    refresh=True,
) -> LoanTransaction:
    _not_in_closed_day(on)
    tx = LoanTransaction(
        loan=loan,
        office_id=loan.office_id,
        kind=kind,
        value_date=on,
        principal=principal,
        interest=interest,
        details=details or {},
        reason=reason,
        actor=actor,
        idempotency_key=idempotency_key,
    )
    try:
        with transaction.atomic():
            tx.save()
    except IntegrityError as error:
        raise ValidationError(_("This entry was already posted."), code="duplicate") from error
    record(actor=actor, action=EVENTS[kind], instance=tx, new=snapshot(tx))
    if refresh:
        _refresh_and_post(actor, loan, tx)
    return tx


def _reschedule(actor, loan, kind, on, plan, reason, approval=None, extra=None):
    require(bool(reason.strip()), _("A schedule change needs its reason."))
    with transaction.atomic():
        locked = Loan.objects.select_for_update().get(pk=loan.pk)
        previous = [PlannedInstalment(i.due, i.principal) for i in scheduled(locked)]
        due_before = _interest_due_if_accruing(locked, on)
        tx = _append(
            actor,
            locked,
            kind,
            on,
            reason=reason,
            refresh=False,
            details={
                "previous_schedule": _plan_json(previous),
                "schedule": _plan_json(plan),
                **(extra or {}),
                **policy.names(approval),
            },
        )
        _write_schedule(locked, plan)
        _refresh_and_post(actor, locked, tx, due_before=due_before)
        _copy_state(locked, loan)
    return tx


def _write_schedule(loan, plan):
    Instalment.objects.filter(loan=loan, unfreeze__isnull=True).delete()
    Instalment.objects.bulk_create(
        [
            Instalment(loan=loan, due=i.due, principal=i.principal, office_id=loan.office_id)
            for i in plan
        ]
    )


def _refresh_and_post(actor, loan: Loan, tx: LoanTransaction, due_before=None) -> None:
    """Derive the loan's state after one transaction and post both to the books. With
    ``due_before`` (the interest the engine said the loan owed before an act that may reach
    into closed days), the books' receivable follows the engine's change in full."""
    before = {loan.pk: position_of(loan)}
    state = _refresh(loan)
    changes = None if due_before is None else {loan.pk: state.interest_due - due_before}
    post_loan_changes(
        actor=actor, loans=[loan], before=before, transactions=[tx], due_changes=changes
    )


def _interest_due_if_accruing(loan: Loan, on: datetime.date) -> int | None:
    """What the engine says the loan owes in interest today, where the books accrue it."""
    if not accruing(on):
        return None
    try:
        return state_at(history_of(loan), business_date()).interest_due
    except LoanRuleError as error:
        raise as_validation_error(error) from error


def _refresh(loan: Loan, as_of=None, save: bool = True, history=None, thresholds=None):
    """Derive the current-state row from the log; the engine refuses an impossible history."""
    history = history or history_of(loan)
    last = max(
        [d.date for d in history.disbursements]
        + [p.date for p in history.payments]
        + [loan.first_disbursed_on]
    )
    day = as_of or max(business_date(), last)
    try:
        state = state_at(history, day)
    except LoanRuleError as error:
        raise as_validation_error(error) from error
    derived = row_of(state, history.payments, thresholds or rule("closing.debt_group_days", day))
    loan.state_date = day
    for name in _STATE_FIELDS[1:]:
        setattr(loan, name, derived[name])
    loan.status = derived["status"]
    if save:
        loan.save(update_fields=[*_STATE_FIELDS, "status"])
    return state


# The row's derived fields (status is written beside them; in term is not stored).
_STATE_FIELDS = [
    "state_date",
    *(name for name in ROW_FIELDS if name not in ("status", "principal_in_term")),
]


def _copy_state(source: Loan, target: Loan) -> None:
    for name in [*_STATE_FIELDS, "status"]:
        setattr(target, name, getattr(source, name))


def _plan_from_json(rows) -> list[PlannedInstalment]:
    return [PlannedInstalment(datetime.date.fromisoformat(r["due"]), r["principal"]) for r in rows]


def _next_number(model, prefix: str) -> str:
    last = (
        model.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    following = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{following:06d}"
