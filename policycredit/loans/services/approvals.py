"""What a second person's approval carries out, handed to the accounts' four-eyes policy from
the app's `ready()` (the accounts sit below the loans and cannot import them). Each handler
calls the same service the proposer called, as the proposer, with the approval: the service
checks everything again, now, and records both people."""

import datetime

from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.roles import Act
from policycredit.borrowers.models import Person
from policycredit.capital.models import CapitalSource
from policycredit.loans.models import Application, Loan, LoanTransaction
from policycredit.loans.services.applications import advance_application
from policycredit.loans.services.disbursement import disburse
from policycredit.loans.services.events import (
    adjust_terms,
    extend,
    extend_whole,
    freeze,
    repay,
    reverse,
    transfer_debt,
    unfreeze,
    write_off,
)
from policycredit.loans.services.state import _plan_from_json


def _day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _approve_application(p, *, proposer, approval):
    application = Application.objects.get(pk=p["application"])
    return advance_application(
        actor=proposer,
        application=application,
        to="approved",
        on=_day(p["on"]),
        note=p["note"],
        approval=approval,
    )


def _disburse(p, *, proposer, approval):
    return disburse(
        actor=proposer,
        application=Application.objects.get(pk=p["application"]),
        source=CapitalSource.objects.get(pk=p["source"]),
        on=_day(p["on"]),
        instalments=_plan_from_json(p["instalments"]) if p["instalments"] else None,
        idempotency_key=p["idempotency_key"],
        cash=p["cash"],
        approval=approval,
    )


def _repay(p, *, proposer, approval):
    return repay(
        actor=proposer,
        loan=Loan.objects.get(pk=p["loan"]),
        on=_day(p["on"]),
        principal=p["principal"],
        interest=p["interest"],
        idempotency_key=p["idempotency_key"],
        approval=approval,
    )


def _reverse(p, *, proposer, approval):
    return reverse(
        actor=proposer,
        transaction_to_reverse=LoanTransaction.objects.get(pk=p["transaction"]),
        reason=p["reason"],
        on=_day(p["on"]),
        approval=approval,
    )


def _reschedule(p, *, proposer, approval):
    loan = Loan.objects.get(pk=p["loan"])
    if "instalments" in p:
        return adjust_terms(
            actor=proposer,
            loan=loan,
            on=_day(p["on"]),
            instalments=_plan_from_json(p["instalments"]),
            reason=p["reason"],
            approval=approval,
        )
    if "months" in p:
        return extend_whole(
            actor=proposer,
            loan=loan,
            months=p["months"],
            on=_day(p["on"]),
            reason=p["reason"],
            approval=approval,
        )
    return extend(
        actor=proposer,
        loan=loan,
        due=_day(p["due"]),
        new_due=_day(p["new_due"]),
        on=_day(p["on"]),
        reason=p["reason"],
        approval=approval,
    )


def _freeze(p, *, proposer, approval):
    # A freeze and the end of one are the same act; the end carries the schedule after it.
    if "instalments" in p:
        return unfreeze(
            actor=proposer,
            loan=Loan.objects.get(pk=p["loan"]),
            on=_day(p["on"]),
            instalments=_plan_from_json(p["instalments"]),
            reason=p["reason"],
            approval=approval,
        )
    return freeze(
        actor=proposer,
        loan=Loan.objects.get(pk=p["loan"]),
        on=_day(p["on"]),
        loss_percent=p["loss_percent"],
        months=p["months"],
        decision=p["decision"],
        amount=p["amount"],
        approval=approval,
        bands=p.get("bands"),
    )


def _write_off(p, *, proposer, approval):
    return write_off(
        actor=proposer,
        loan=Loan.objects.get(pk=p["loan"]),
        on=_day(p["on"]),
        principal=p["principal"],
        interest=p["interest"],
        decision=p["decision"],
        approval=approval,
    )


def _transfer(p, *, proposer, approval):
    return transfer_debt(
        actor=proposer,
        loan=Loan.objects.get(pk=p["loan"]),
        to_borrower=Person.objects.get(pk=p["to_borrower"]),
        on=_day(p["on"]),
        reason=p["reason"],
        approval=approval,
    )


def _describe(proposal) -> str:
    p = proposal.parameters
    if "application" in p:
        subject = Application.objects.select_related("household").get(pk=p["application"])
        what = f"{subject.number} – {subject.household}"
    else:
        subject = Loan.objects.select_related("household").get(pk=p["loan"])
        what = f"{subject.number} – {subject.household}"
    reason = p.get("reason") or p.get("decision") or ""
    on = f"{datetime.date.fromisoformat(p['on']):%d/%m/%Y}" if p.get("on") else ""
    return " – ".join(x for x in (_act_of(proposal), what, on, reason) if x)


def _act_of(proposal) -> str:
    """The act as the approver should read it: one act may cover more than one measure."""
    p = proposal.parameters
    if proposal.act == Act.LOAN_FREEZE and "instalments" in p:
        return _("end a freeze")
    if proposal.act == Act.LOAN_EXTEND and "months" in p:
        return _("extend the whole loan by %(months)d months") % {"months": p["months"]}
    if proposal.act == Act.LOAN_TRANSFER:
        heir = Person.objects.get(pk=p["to_borrower"])
        return _("transfer the debt to %(person)s") % {"person": heir.full_name}
    return proposal.get_act_display()


def register_acts() -> None:
    for act, run in (
        (Act.APPLICATION_APPROVE, _approve_application),
        (Act.LOAN_DISBURSE, _disburse),
        (Act.LOAN_REPAY, _repay),
        (Act.LOAN_REVERSE, _reverse),
        (Act.LOAN_EXTEND, _reschedule),
        (Act.LOAN_FREEZE, _freeze),
        (Act.LOAN_WRITE_OFF, _write_off),
        (Act.LOAN_TRANSFER, _transfer),
    ):
        policy.register(act, run, _describe)
