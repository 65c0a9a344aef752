"""Paying out: one approved application from a source with room (`disburse`), or many requests
taken through every step at once (`originate_many`: a history load, a transaction day's batch)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal
from policycredit.accounts.roles import Act
from policycredit.audit.models import Action
from policycredit.audit.services import record_created_many
from policycredit.capital.models import CapitalSource
from policycredit.common.selectors import one_business_day
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
    _plan_json,
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
    approval=None,
) -> Loan | Proposal:
    """Pay out an approved application from a capital source that has room for it (in cash at
    the office, or from the cash a transaction-day team carries). Never by the person who
    approved it; beyond the disburser's limit, only once a second person approves."""

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
    funds = _funds(source, application.programme, application.office)
    room = source_room(source, application.office, on)
    for message, code in _capital_problems(
        source, application.programme, funds, room, on, application.amount
    ):
        require(False, message, code=code)
    proposal = policy.gate(
        Act.LOAN_DISBURSE,
        actor,
        amount=application.amount,
        approval=approval,
        earlier_actors=[approved.actor_id] if approved else [],
        office_id=application.office_id,
        key=f"{Act.LOAN_DISBURSE}:{idempotency_key}"[:64] if idempotency_key else None,
        parameters={
            "application": application.pk,
            "source": source.pk,
            "on": on.isoformat(),
            "instalments": _plan_json(instalments) if instalments else None,
            "idempotency_key": idempotency_key,
            "cash": cash,
        },
    )
    if proposal is not None:
        return proposal
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
        details={**({} if cash == p.CASH_OFFICE else {"cash": cash}), **policy.names(approval)},
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
@one_business_day()
def originate_many(*, actor, approver, disburser, requests: list[LoanRequest]) -> list[Loan]:
    """Take many requests from form 01/TD to disbursement at once (a history load; a transaction
    day's batch). Each is checked by the same rules as `submit_application`,
    `advance_application` and `disburse`, in date order, with the capital taken by earlier
    requests counted against the source's room; one refusal refuses the whole batch."""

    # A batch is loaded or signed off as a whole, so no amount waits for a second person; but
    # its approver is neither the one who put the requests in nor the one who pays them out.
    policy.check(Act.APPLICATION_APPROVE, approver, earlier_actors=[actor])
    policy.check(Act.LOAN_DISBURSE, disburser, earlier_actors=[approver])
    requests = sorted(requests, key=lambda r: r.disbursed_on)
    approved_terms = _Batch(requests).check()
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
    _steps_of(requests, applications, actor, approver, disburser)
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


def _steps_of(requests, applications, actor, approver, disburser) -> None:
    """The steps each application went through, as `advance_application` records them."""
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


class _Batch:
    """The checks of a batch of requests: the single-loan services' own rules
    (`application_problems`, `_capital_problems`), with what earlier requests of the batch
    took counted (pending applications, capital room), and the lookups done once."""

    def __init__(self, requests: list[LoanRequest]):
        self.requests = requests
        self.sources = {
            s.pk: s
            for s in CapitalSource.objects.select_for_update()
            .filter(pk__in=sorted({r.source.pk for r in requests}))
            .order_by("pk")
        }
        self.used: dict[tuple, int] = {}
        self.pending: dict[tuple, int] = {}
        self.terms: dict[tuple, object] = {}
        self.funding: dict[tuple, bool] = {}
        self.entrusted: dict[tuple, int] = {}

    def check(self) -> list:
        """The terms each request is given; a ValidationError naming every refused request."""
        errors, approved = [], []
        for n, r in enumerate(self.requests, 1):
            problems = self._application(r) + self._capital(r)
            if problems:
                errors.append(f"{n} ({r.household.code}): " + " ".join(problems))
                continue
            key = (r.source.pk, r.household.office.pk)
            self.used[key] += r.amount
            pending = (r.household.pk, r.programme.pk)
            self.pending[pending] = self.pending.get(pending, 0) + r.amount
            approved.append(self._terms_on(r.programme, r.approved_on))
        if errors:
            raise ValidationError(errors)
        return approved

    def _terms_on(self, programme, day):
        if (programme.pk, day) not in self.terms:
            self.terms[(programme.pk, day)] = terms_in_force(programme, day)
        return self.terms[(programme.pk, day)]

    def _application(self, r: LoanRequest) -> list[str]:
        problems = application_problems(
            household=r.household,
            borrower=r.borrower,
            programme=r.programme,
            group=r.group,
            amount=r.amount,
            term_months=r.term_months,
            applied_on=r.applied_on,
            collateral=r.collateral,
            pending=self.pending.get((r.household.pk, r.programme.pk), 0),
            business=r.business,
            jobs=r.jobs_new_planned + r.jobs_maintained_planned,
            terms=self._terms_on(r.programme, r.applied_on),
        )
        if not r.applied_on <= r.approved_on <= r.disbursed_on:
            problems.append(_("The dates are out of order."))
        if self._terms_on(r.programme, r.approved_on) is None:
            problems.append(_("The programme has no terms in force on that day."))
        return problems

    def _capital(self, r: LoanRequest) -> list[str]:
        office, source = r.household.office, self.sources[r.source.pk]
        key = (source.pk, office.pk)
        if key not in self.used:
            # Each request's room: the books' entrusted capital on its day, less what the
            # loans owe now and what earlier requests of the batch took.
            self.used[key] = lent_by(source.pk, office.pk)
        funding = (source.pk, r.programme.pk, office.pk)
        if funding not in self.funding:
            self.funding[funding] = _funds(source, r.programme, office)
        entrusted = (source.pk, office.pk, r.disbursed_on)
        if entrusted not in self.entrusted:  # a batch's loans are mostly paid out on one day
            self.entrusted[entrusted] = entrusted_by(*entrusted)
        room = self.entrusted[entrusted] - self.used[key]
        problems = _capital_problems(
            source, r.programme, self.funding[funding], room, r.disbursed_on, r.amount
        )
        return [message for message, _code in problems[:1]]


def _funds(source, programme, office) -> bool:
    """Whether an entrustment decision gives the source's money to the programme at the office."""
    return source.decisions.filter(programmes=programme, office=office).exists()


def _capital_problems(source, programme, funds: bool, room: int, on, amount: int) -> list:
    """What stops a source paying out ``amount`` on ``on``: (message, code), the first that
    applies (no room is only worth saying of a source that funds the programme)."""
    if not funds:
        return [
            (
                _("The capital source %(source)s does not fund the programme %(programme)s here.")
                % {"source": source, "programme": programme},
                "source_not_for_programme",
            )
        ]
    if room < amount:
        return [(_room_message(source, room, on, amount), "no_room")]
    return []


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
