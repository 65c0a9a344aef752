"""Applications (form 01/TD) and their steps: the group's review, the organisation's appraisal,
the ward's confirmation (03/TD), the bank's approval (04/TD) or rejection."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from policycredit.accounts import policy
from policycredit.accounts.models import Proposal
from policycredit.accounts.roles import Act, can_act
from policycredit.common.services import require, save_record
from policycredit.domain.money import format_vnd
from policycredit.loans import eligibility
from policycredit.loans.models import (
    Application,
    ApplicationStep,
)
from policycredit.loans.models import ApplicationStatus as S
from policycredit.loans.selectors import (
    household_programme_exposure,
)
from policycredit.loans.services.state import _next_number
from policycredit.programmes.selectors import terms_in_force


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
    policy.require_role(can_act(actor, "application.submit"), _("submit an application"))
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


# The steps one person may take only one of; a rejection may come from anyone whose role may.
_ONE_EACH = (S.SUBMITTED, S.REVIEWED, S.APPRAISED, S.CONFIRMED, S.APPROVED)


@transaction.atomic
def advance_application(
    *, actor, application, to: str, on: datetime.date, note: str = "", approval=None
) -> Application | Proposal:
    """Move an application one step: group review, organisation appraisal, ward confirmation
    (03/TD), the bank's approval (04/TD) or rejection (a reason is required). Each of the
    steps is taken by a different person (`accounts.policy`); the approval follows the
    four-eyes rule of its act."""
    what = S(to).label if to in S.values else to
    policy.require_role(actor is not None and can_act(actor, f"application.{to}"), what)
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
    earlier = step_actors(application)
    if to == S.APPROVED:
        terms = terms_in_force(application.programme, on)
        require(terms is not None, _("The programme has no terms in force on that day."))
        proposal = policy.gate(
            Act.APPLICATION_APPROVE,
            actor,
            amount=application.amount,
            approval=approval,
            earlier_actors=earlier,
            office_id=application.office_id,
            parameters={"application": application.pk, "on": on.isoformat(), "note": note},
        )
        if proposal is not None:
            return proposal
        application.terms = terms
    elif to in _ONE_EACH:
        policy.require_new_person(actor, earlier, what)
    application.status = to
    save_record(actor=actor, instance=application)
    _step(actor, application, to, on, note)
    return application


def step_actors(application) -> set:
    """Who took the steps of an application that one person may take only one of."""
    return set(
        application.steps.filter(status__in=_ONE_EACH, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )


def _step(actor, application, status, on, note):
    ApplicationStep.objects.create(
        application=application, status=status, on=on, actor=actor if actor else None, note=note
    )
