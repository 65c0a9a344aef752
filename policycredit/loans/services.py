"""Every write of the loan life: applications and their steps, disbursement, repayment,
extension, term adjustment, freeze, write-off, reversal.

Each money service locks the loan row, appends a transaction, lets the pure engine validate
the whole history (it refuses overpayments, dates before the first disbursement, negative
balances) and derives the loan's current state again, all in one database transaction. Two
tellers posting to one loan at once therefore queue on the lock and neither update is lost.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from policycredit.audit.models import Action, AuditEvent
from policycredit.audit.services import record, record_created_many, snapshot
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import accruing, business_date, closed_day_refusal, rule
from policycredit.common.services import require, save_record
from policycredit.domain import posting as p
from policycredit.domain import schedule as schedules
from policycredit.domain.loan import Instalment as PlannedInstalment
from policycredit.domain.loan import LoanRuleError, state_at
from policycredit.domain.loanrow import FIELDS as ROW_FIELDS
from policycredit.domain.loanrow import row_of
from policycredit.domain.money import format_vnd
from policycredit.domain.risk import treatment_for
from policycredit.domain.schedule import default_schedule
from policycredit.ledger.selectors import capital_room, entrusted_by, lent_by
from policycredit.loans import eligibility
from policycredit.loans.books import position_of, post_loan_changes
from policycredit.loans.errors import as_validation_error
from policycredit.loans.models import (
    Application,
    ApplicationStep,
    Instalment,
    Loan,
    LoanTransaction,
)
from policycredit.loans.models import ApplicationStatus as S
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.selectors import (
    histories_of,
    history_of,
    household_programme_exposure,
    scheduled,
)
from policycredit.programmes.selectors import terms_in_force

# ---------------------------------------------------------------------------- applications


@transaction.atomic
def submit_application(
    *,
    actor,
    household,
    borrower,
    programme,
    amount: int,
    term_months: int,
    purpose: str,
    applied_on: datetime.date,
    group=None,
    collateral: str = "",
    jobs_new_planned: int = 0,
    jobs_maintained_planned: int = 0,
    business: bool = False,
) -> Application:
    """Form 01/TD: the programme's rules are checked now, with every problem listed at once."""
    problems = application_problems(
        household=household,
        borrower=borrower,
        programme=programme,
        group=group,
        amount=amount,
        term_months=term_months,
        applied_on=applied_on,
        collateral=collateral,
        business=business,
        jobs=jobs_new_planned + jobs_maintained_planned,
    )
    if problems:
        raise ValidationError(problems)
    application = Application(
        number=_next_number(Application, f"DN-{applied_on:%Y}-"),
        office=household.office,
        household=household,
        borrower=borrower,
        programme=programme,
        group=group,
        amount=amount,
        term_months=term_months,
        purpose=purpose,
        applied_on=applied_on,
        collateral=collateral,
        jobs_new_planned=jobs_new_planned,
        jobs_maintained_planned=jobs_maintained_planned,
        business=business,
    )
    save_record(actor=actor, instance=application)
    _step(actor, application, S.SUBMITTED, applied_on, "")
    return application


def application_problems(
    *,
    household,
    borrower,
    programme,
    group,
    amount,
    term_months,
    applied_on,
    collateral,
    pending: int = 0,
    terms=None,
    business: bool = False,
    jobs: int = 0,
) -> list[str]:
    """Every rule a request breaks (eligibility, terms in force, ceilings, collateral, group).
    `pending` is what the same household asks for under the programme in the same batch."""
    problems = eligibility.problems(
        programme=programme, household=household, borrower=borrower, on=applied_on
    )
    terms = terms or terms_in_force(programme, applied_on)
    if terms is None:
        problems.append(
            _("The programme %(programme)s has no terms in force on %(day)s.")
            % {"programme": programme, "day": f"{applied_on:%d/%m/%Y}"}
        )
    if amount is None or amount <= 0:
        problems.append(_("The amount must be a positive whole number of đồng."))
    elif terms is not None:
        problems += _against_terms(
            terms, household, programme, amount, term_months, collateral, pending, business, jobs
        )
    if (
        group is not None
        and not group.memberships.filter(household=household, left__isnull=True).exists()
    ):
        problems.append(_("The household is not a member of group %(group)s.") % {"group": group})
    if programme.channel == "entrusted" and group is None:
        problems.append(_("Entrusted lending goes through a savings-and-loan group: choose one."))
    return problems


def _against_terms(
    terms,
    household,
    programme,
    amount,
    term_months,
    collateral,
    pending=0,
    business=False,
    jobs=0,
) -> list[str]:
    found = []
    if business:
        if terms.max_amount_business is None:
            found.append(_("This programme does not lend to business establishments."))
        elif amount > terms.max_amount_business:
            found.append(
                _(
                    "The amount is above the programme's maximum of %(max)s đồng "
                    "for a business establishment."
                )
                % {"max": format_vnd(terms.max_amount_business, unit="")}
            )
        if terms.max_per_job and amount > terms.max_per_job * jobs:
            found.append(
                _(
                    "A business establishment may borrow at most %(max)s đồng per job it creates "
                    "or maintains."
                )
                % {"max": format_vnd(terms.max_per_job, unit="")}
            )
    elif terms.max_amount is not None:
        if amount > terms.max_amount:
            found.append(
                _("The amount is above the programme's maximum of %(max)s đồng.")
                % {"max": format_vnd(terms.max_amount, unit="")}
            )
        exposure = household_programme_exposure(household, programme) + pending
        if amount <= terms.max_amount < exposure + amount:
            found.append(
                _(
                    "The household already owes or has asked for %(owed)s đồng under this "
                    "programme; with this loan it would pass the maximum of %(max)s đồng."
                )
                % {
                    "owed": format_vnd(exposure, unit=""),
                    "max": format_vnd(terms.max_amount, unit=""),
                }
            )
    if terms.max_term_months and term_months > terms.max_term_months:
        found.append(
            _("The term is longer than the programme's maximum of %(months)d months.")
            % {"months": terms.max_term_months}
        )
    if term_months <= 0:
        found.append(_("The term must be at least one month."))
    if (
        terms.collateral_threshold is not None
        and amount > terms.collateral_threshold
        and not collateral.strip()
    ):
        found.append(
            _("Loans above %(threshold)s đồng under this programme need collateral.")
            % {"threshold": format_vnd(terms.collateral_threshold, unit="")}
        )
    return found


_NEXT = {
    S.REVIEWED: {S.SUBMITTED},
    S.APPRAISED: {S.REVIEWED},
    S.CONFIRMED: {S.APPRAISED},
    S.APPROVED: {S.CONFIRMED},
    S.REJECTED: {S.SUBMITTED, S.REVIEWED, S.APPRAISED, S.CONFIRMED},
}


@transaction.atomic
def advance_application(*, actor, application, to: str, on: datetime.date, note: str = ""):
    """Move an application one step: group review, organisation appraisal, ward confirmation
    (03/TD), the bank's approval (04/TD) or rejection (a reason is required)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    require(
        application.status in _NEXT.get(to, set()),
        _("An application that is %(status)s cannot be moved to “%(to)s”.")
        % {"status": application.get_status_display(), "to": S(to).label},
        code="bad_step",
    )
    require(on >= application.applied_on, _("A step cannot be dated before the application."))
    if to == S.REJECTED:
        require(bool(note.strip()), _("A rejection needs its reason."), code="reason_required")
        application.rejection_reason = note
    if to == S.APPROVED:
        terms = terms_in_force(application.programme, on)
        require(terms is not None, _("The programme has no terms in force on that day."))
        application.terms = terms
    application.status = to
    save_record(actor=actor, instance=application)
    _step(actor, application, to, on, note)
    return application


def _step(actor, application, status, on, note):
    ApplicationStep.objects.create(
        application=application, status=status, on=on, actor=actor if actor else None, note=note
    )


# ---------------------------------------------------------------------------- disbursement


def source_room(source, office, on: datetime.date) -> int:
    """What a capital source can still lend at an office, from the books."""
    return capital_room(source.pk, office.pk, on)


@transaction.atomic
def disburse(
    *,
    actor,
    application: Application,
    source,
    on: datetime.date,
    instalments: list[PlannedInstalment] | None = None,
    idempotency_key: str | None = None,
    cash: str = p.CASH_OFFICE,
) -> Loan:
    """Pay out an approved application from a capital source that has room for it (in cash at
    the office, or from the cash a transaction-day team carries)."""

    _not_in_future(on)
    application = Application.objects.select_for_update().get(pk=application.pk)
    approved = application.steps.filter(status=S.APPROVED).last()
    require(
        approved is None or on >= approved.on,
        _("Money cannot be paid out before the loan was approved."),
        code="bad_date_order",
    )
    require(
        application.status == S.APPROVED,
        _("Only an approved application can be disbursed."),
        code="not_approved",
    )
    # The source row is locked so two disbursements cannot both take its last room.
    source = CapitalSource.objects.select_for_update().get(pk=source.pk)
    require(
        source.decisions.filter(
            programmes=application.programme, office=application.office
        ).exists(),
        _("The capital source %(source)s does not fund the programme %(programme)s here.")
        % {"source": source, "programme": application.programme},
        code="source_not_for_programme",
    )
    room = source_room(source, application.office, on)
    require(
        room >= application.amount,
        _room_message(source, room, on, application.amount),
        code="no_room",
    )
    terms = application.terms
    plan = instalments or default_schedule(application.amount, on, application.term_months)
    loan = _new_loan(
        application, source, terms, on, _next_number(Loan, f"{application.office.code}-{on:%Y}-")
    )
    save_record(actor=actor, instance=loan)
    _write_schedule(loan, plan)
    _append(
        actor,
        loan,
        K.DISBURSEMENT,
        on,
        principal=application.amount,
        idempotency_key=idempotency_key,
        details={} if cash == p.CASH_OFFICE else {"cash": cash},
    )
    application.status = S.DISBURSED
    save_record(actor=actor, instance=application)
    _step(actor, application, S.DISBURSED, on, loan.number)
    return loan


def _new_loan(application, source, terms, on, number) -> Loan:
    """The loan an approved application becomes, with the terms it was given copied in."""
    return Loan(
        number=number,
        office=application.office,
        application=application,
        household=application.household,
        borrower=application.borrower,
        programme=application.programme,
        group=application.group,
        source=source,
        terms=terms,
        monthly_rate=terms.monthly_rate,
        overdue_factor=terms.overdue_factor,
        day_basis=terms.day_basis,
        amount=application.amount,
        term_months=application.term_months,
        first_disbursed_on=on,
        jobs_new_planned=application.jobs_new_planned,
        jobs_maintained_planned=application.jobs_maintained_planned,
        state_date=on,
    )


@dataclass(frozen=True)
class LoanRequest:
    """One loan taken through all its steps in a batch (see `originate_many`)."""

    household: object
    borrower: object
    programme: object
    group: object
    amount: int
    term_months: int
    purpose: str
    applied_on: datetime.date
    approved_on: datetime.date
    disbursed_on: datetime.date
    source: object
    instalments: tuple
    collateral: str = ""
    jobs_new_planned: int = 0
    jobs_maintained_planned: int = 0
    business: bool = False


@transaction.atomic
def originate_many(*, actor, approver, disburser, requests: list[LoanRequest]) -> list[Loan]:
    """Take many requests from form 01/TD to disbursement at once (a history load; a transaction
    day's batch). Each is checked by the same rules as `submit_application`,
    `advance_application` and `disburse`, in date order, with the capital taken by earlier
    requests counted against the source's room; one refusal refuses the whole batch."""

    requests = sorted(requests, key=lambda r: r.disbursed_on)
    source_ids = sorted({r.source.pk for r in requests})
    sources = {
        s.pk: s
        for s in CapitalSource.objects.select_for_update().filter(pk__in=source_ids).order_by("pk")
    }
    used: dict[tuple, int] = {}
    pending: dict[tuple, int] = {}
    errors = []
    approved_terms = []
    terms_cache: dict[tuple, object] = {}
    funds_cache: dict[tuple, bool] = {}

    def terms_on(programme, day):
        if (programme.pk, day) not in terms_cache:
            terms_cache[(programme.pk, day)] = terms_in_force(programme, day)
        return terms_cache[(programme.pk, day)]

    for n, r in enumerate(requests, 1):
        key = (r.household.pk, r.programme.pk)
        problems = application_problems(
            household=r.household,
            borrower=r.borrower,
            programme=r.programme,
            group=r.group,
            amount=r.amount,
            term_months=r.term_months,
            applied_on=r.applied_on,
            collateral=r.collateral,
            pending=pending.get(key, 0),
            business=r.business,
            jobs=r.jobs_new_planned + r.jobs_maintained_planned,
            terms=terms_on(r.programme, r.applied_on),
        )
        if not r.applied_on <= r.approved_on <= r.disbursed_on:
            problems.append(_("The dates are out of order."))
        terms = terms_on(r.programme, r.approved_on)
        if terms is None:
            problems.append(_("The programme has no terms in force on that day."))
        office = r.household.office
        source = sources[r.source.pk]
        room_key = (source.pk, office.pk)
        if room_key not in used:
            # Each request's room: the books' entrusted capital on its day, less what the
            # loans owe now and what earlier requests of the batch took.
            used[room_key] = lent_by(source.pk, office.pk)
        funds_key = (source.pk, r.programme.pk, office.pk)
        if funds_key not in funds_cache:
            funds_cache[funds_key] = source.decisions.filter(
                programmes=r.programme, office=office
            ).exists()
        funds = funds_cache[funds_key]
        room = entrusted_by(source.pk, office.pk, r.disbursed_on) - used[room_key]
        if not funds:
            problems.append(
                _("The capital source %(source)s does not fund the programme %(programme)s here.")
                % {"source": source, "programme": r.programme}
            )
        elif room < r.amount:
            problems.append(_room_message(source, room, r.disbursed_on, r.amount))
        if problems:
            errors.append(f"{n} ({r.household.code}): " + " ".join(problems))
            continue
        used[room_key] += r.amount
        pending[key] = pending.get(key, 0) + r.amount
        approved_terms.append(terms)
    if errors:
        raise ValidationError(errors)

    numbers = _Numbers()
    applications = [
        Application(
            number=numbers.next(Application, f"DN-{r.applied_on:%Y}-"),
            office=r.household.office,
            household=r.household,
            borrower=r.borrower,
            programme=r.programme,
            group=r.group,
            amount=r.amount,
            term_months=r.term_months,
            purpose=r.purpose,
            applied_on=r.applied_on,
            collateral=r.collateral,
            jobs_new_planned=r.jobs_new_planned,
            jobs_maintained_planned=r.jobs_maintained_planned,
            business=r.business,
            status=S.DISBURSED,
            terms=terms,
        )
        for r, terms in zip(requests, approved_terms, strict=True)
    ]
    Application.objects.bulk_create(applications, batch_size=1000)
    steps = []
    for r, application in zip(requests, applications, strict=True):
        for status, on, who in (
            (S.SUBMITTED, r.applied_on, actor),
            (S.REVIEWED, r.applied_on, actor),
            (S.APPRAISED, r.applied_on, actor),
            (S.CONFIRMED, r.approved_on, actor),
            (S.APPROVED, r.approved_on, approver),
            (S.DISBURSED, r.disbursed_on, disburser),
        ):
            steps.append(ApplicationStep(application=application, status=status, on=on, actor=who))
    ApplicationStep.objects.bulk_create(steps, batch_size=2000)
    loans = [
        _new_loan(
            application,
            r.source,
            terms,
            r.disbursed_on,
            numbers.next(Loan, f"{application.office.code}-{r.disbursed_on:%Y}-"),
        )
        for r, application, terms in zip(requests, applications, approved_terms, strict=True)
    ]
    Loan.objects.bulk_create(loans, batch_size=1000)
    Instalment.objects.bulk_create(
        [
            Instalment(loan=loan, due=i.due, principal=i.principal, office_id=loan.office_id)
            for r, loan in zip(requests, loans, strict=True)
            for i in r.instalments
        ],
        batch_size=2000,
    )
    transactions = LoanTransaction.objects.bulk_create(
        [
            LoanTransaction(
                loan=loan,
                office_id=loan.office_id,
                kind=K.DISBURSEMENT,
                value_date=loan.first_disbursed_on,
                principal=loan.amount,
                actor=disburser,
            )
            for loan in loans
        ],
        batch_size=2000,
    )
    for items in (applications, loans):
        record_created_many(actor=actor, instances=items)
    record_created_many(actor=actor, instances=transactions, action=Action.LOAN_DISBURSED)
    refresh_states(loans, actor=disburser, transactions=transactions)
    return loans


class _Numbers:
    """Consecutive document numbers per prefix, read once from the database per batch."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def next(self, model, prefix: str) -> str:
        if prefix not in self.last:
            self.last[prefix] = int(_next_number(model, prefix)[len(prefix) :]) - 1
        self.last[prefix] += 1
        return f"{prefix}{self.last[prefix]:06d}"


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


def _room_message(source, room, on, amount):
    return _(
        "The capital source %(source)s has %(room)s đồng of room on %(day)s; "
        "this loan needs %(amount)s đồng."
    ) % {
        "source": source,
        "room": format_vnd(max(room, 0), unit=""),
        "day": f"{on:%d/%m/%Y}",
        "amount": format_vnd(amount, unit=""),
    }


# ---------------------------------------------------------------------------- money events


def repay(*, actor, loan, on, principal: int = 0, interest: int = 0, idempotency_key=None):
    """Principal and/or interest received. Principal goes to overdue first, then the nearest
    instalments; the engine refuses more than is owed or due."""
    _not_in_future(on)
    require(
        principal >= 0 and interest >= 0 and principal + interest > 0,
        _("Enter a positive amount of principal or interest."),
        code="amount_not_positive",
    )
    return _post(
        actor,
        loan,
        K.REPAYMENT,
        on,
        principal=principal,
        interest=interest,
        idempotency_key=idempotency_key,
    )


def extend(*, actor, loan, due: datetime.date, new_due: datetime.date, on, reason: str):
    """Gia hạn: move one instalment's due date, asked for before it falls due."""
    require(on <= due, _("An extension must be granted before the instalment falls due."))
    require(new_due > due, _("The new due date must be later than the old one."))
    current = [PlannedInstalment(i.due, i.principal) for i in scheduled(loan)]
    require(any(i.due == due for i in current), _("No instalment falls due on that date."))
    plan = schedules.extend(current, due, new_due)
    return _reschedule(actor, loan, K.EXTENSION, on, plan, reason)


def adjust_terms(*, actor, loan, on, instalments: list[PlannedInstalment], reason: str):
    """Điều chỉnh kỳ hạn nợ: a new schedule for what is still owed."""
    return _reschedule(actor, loan, K.TERM_ADJUSTMENT, on, instalments, reason)


def freeze(*, actor, loan, on, loss_percent, months: int, decision: str, amount=None):
    """Khoanh nợ after an objective risk; the loss band decides whether and for how long."""
    treatment = treatment_for(Decimal(str(loss_percent)))
    actions = {"extension": _("an extension"), "freeze": _("a freeze")}
    require(
        treatment.action == "freeze",
        _("A loss of %(loss)s%% calls for %(action)s, not a freeze.")
        % {"loss": loss_percent, "action": actions.get(treatment.action, treatment.action)},
        code="band",
    )
    require(
        0 < months <= treatment.max_months,
        _("At this loss a debt may be frozen for at most %(months)d months.")
        % {"months": treatment.max_months},
        code="band",
    )
    details = {
        "amount": amount,
        "months": months,
        "decision": decision,
        "loss_percent": str(loss_percent),
    }
    return _post(actor, loan, K.FREEZE, on, details=details, reason=decision)


def unfreeze(*, actor, loan, on, instalments: list[PlannedInstalment], reason: str):
    """End a freeze; the principal it held comes back on the schedule given (each instalment
    after the end of the freeze). The schedule is part of the freeze, kept in this transaction."""
    require(bool(reason.strip()), _("An unfreeze needs its decision."))
    require(
        loan.principal_frozen > 0,
        _("Nothing is frozen on this loan: there is no freeze to end."),
        code="not_frozen",
    )
    with transaction.atomic():
        tx = _post(
            actor,
            loan,
            K.UNFREEZE,
            on,
            reason=reason,
            details={"schedule": _plan_json(instalments)},
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


def write_off(*, actor, loan, on, principal: int, interest: int, decision: str):
    require(bool(decision.strip()), _("A write-off needs the deciding document."))
    return _post(
        actor, loan, K.WRITE_OFF, on, principal=principal, interest=interest, reason=decision
    )


@transaction.atomic
def reverse(*, actor, transaction_to_reverse: LoanTransaction, reason: str, on=None):
    """Undo a transaction by appending its reversal; the state is derived again without it."""
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
    on = on or business_date()
    _not_in_closed_day(on)
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
        details={"kind": original.kind},
    )
    tx.save()
    if original.kind in (K.EXTENSION, K.TERM_ADJUSTMENT):
        _write_schedule(loan, _plan_from_json(original.details["previous_schedule"]))
    if original.kind == K.UNFREEZE:
        Instalment.objects.filter(unfreeze=original).delete()
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
            created = LoanTransaction.objects.bulk_create(rows, batch_size=2000)
    except IntegrityError as error:
        raise ValidationError(_("This entry was already posted."), code="duplicate") from error
    record_created_many(actor=actor, instances=created, action=Action.REPAYMENT_POSTED)
    refresh_states(loans, actor=actor, transactions=created)
    return len(created)


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


# ---------------------------------------------------------------------------- internals

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


def _reschedule(actor, loan, kind, on, plan, reason):
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
            details={"previous_schedule": _plan_json(previous), "schedule": _plan_json(plan)},
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


def _plan_json(plan) -> list:
    return [{"due": i.due.isoformat(), "principal": i.principal} for i in plan]


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
