"""Paying out: one approved application from a source with room (`disburse`), or many requests
taken through every step at once (`originate_many`: a history load, a transaction day's batch)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.audit.models import Action
from policycredit.audit.services import record_created_many
from policycredit.capital.models import CapitalSource
from policycredit.common.services import require, save_record
from policycredit.domain import posting as p
from policycredit.domain.loan import Instalment as PlannedInstalment
from policycredit.domain.money import format_vnd
from policycredit.domain.schedule import default_schedule
from policycredit.ledger.selectors import capital_room, entrusted_by, lent_by
from policycredit.loans.models import (
    Application,
    ApplicationStep,
    Instalment,
    Loan,
    LoanTransaction,
)
from policycredit.loans.models import ApplicationStatus as S
from policycredit.loans.models import TransactionKind as K
from policycredit.loans.services.applications import _step, application_problems
from policycredit.loans.services.state import (
    _append,
    _next_number,
    _not_in_future,
    _write_schedule,
    refresh_states,
)
from policycredit.programmes.selectors import terms_in_force


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
